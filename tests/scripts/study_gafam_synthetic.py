"""newsfx study where N is larger: the 41 annual reports (10-K) of ../shared/data/eventstudy/gafam_10k
(simple returns, the market a column of the same file; 41 usable firm-events, so the exact Wilcoxon
comes from the permutation distribution by counting, not enumeration) and 80 firm-events on
synthetic prices (N > 50: Wilcoxon's normal approximation), each number against the reference
(tests/scripts/lib/esref.py) to 1e-8 relative."""
import json
import os
import subprocess
import sys
import warnings

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import esref  # noqa: E402
from esref import NEWSFX, ROOT, SHARED  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)


def study(args):
    p = subprocess.run(NEWSFX + ["study", "-q"] + args, capture_output=True, text=True)
    if p.returncode != 0:
        print("exit", p.returncode, p.stderr)
        sys.exit(1)


def main():
    ok = True
    tmp = esref.converted("study-gafam-")
    src = os.path.join(SHARED, "data", "eventstudy")
    rets_file = os.path.join(src, "gafam_10k", "returns_GAFAM.csv")
    events_file = os.path.join(tmp, "gafam", "events.csv")
    out = os.path.join(tmp, "out-gafam")
    study(["--events", events_file, "--prices", rets_file, "--returns", "simple", "--market", "SPY",
           "--window", "-1,1", "--window", "0,5", "--bootstrap", "500", "-o", out])
    got = json.load(open(os.path.join(out, "study.json")))
    rets = pd.read_csv(rets_file, parse_dates=["date"]).set_index("date")
    evs = pd.read_csv(events_file, dtype=str)
    events = [dict(event_id=r.event_id, ticker=r.ticker, date=r.date) for r in evs.itertuples()]
    prices = {c: rets[c] for c in rets.columns}
    ref = esref.study(events, prices, rets["SPY"], kind="simple", windows=((-1, 1), (0, 5)), B=500)
    c = esref.Compare()
    c.study(ref, got)
    ok &= c.report(f"gafam 10-K, N = {got['summary']['ok']}")
    if not 20 < got["summary"]["ok"] <= 50:
        print("gafam: want between 21 and 50 usable firm-events for the exact Wilcoxon by counting")
        ok = False
    for row in got["aar"] + got["caar"]:
        ok &= row["stats"]["wilcoxon"].get("method") == "exact"

    # N = 80 on synthetic prices
    d = os.path.join(tmp, "syn")
    os.makedirs(d)
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bench-study.py"), "generate", d, "20", "4", "700"],
                   check=True, capture_output=True)
    out = os.path.join(tmp, "out-syn")
    study(["--events", os.path.join(d, "events.csv"), "--prices", os.path.join(d, "prices.csv"), "--market",
           os.path.join(d, "market.csv"), "--window", "-1,1", "--window", "-5,5", "--bootstrap", "200", "--seed", "7",
           "-o", out])
    got = json.load(open(os.path.join(out, "study.json")))
    px = pd.read_csv(os.path.join(d, "prices.csv"), parse_dates=["date"]).set_index("date")
    mk = pd.read_csv(os.path.join(d, "market.csv"), parse_dates=["date"]).set_index("date")["close"]
    evs = pd.read_csv(os.path.join(d, "events.csv"), dtype=str)
    events = [dict(event_id=r.event_id, ticker=r.ticker, date=r.date) for r in evs.itertuples()]
    ref = esref.study(events, {c: px[c] for c in px.columns}, mk, windows=((-1, 1), (-5, 5)), B=200, seed=7)
    c = esref.Compare()
    c.study(ref, got)
    ok &= c.report(f"synthetic, N = {got['summary']['ok']}")
    by = got["summary"]["by_status"]
    if by["ok"] <= 50 or by["ok"] + by["overlap_dropped"] != 80:
        print("synthetic: want more than 50 usable firm-events, the others dropped as overlaps", by)
        ok = False
    for row in got["aar"] + got["caar"]:
        ok &= row["stats"]["wilcoxon"].get("method") == "normal"
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
