"""newsfx study on the 16 S&P 500 additions of ../shared/data/eventstudy/sp500_additions, against
the reference implementation (tests/scripts/lib/esref.py): every number to 1e-8 relative, for the
market, market-adjusted and mean models, simple and log returns, several windows."""
import json
import os
import subprocess
import sys
import warnings

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import esref  # noqa: E402
from esref import NEWSFX  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)


def main():
    tmp = esref.converted("study-sp500-")
    d = os.path.join(tmp, "sp500")
    params = open(os.path.join(d, "params.txt")).read().split()
    est = tuple(int(x) for x in params[1].split(","))
    win = tuple(int(x) for x in params[3].split(","))
    px = pd.read_csv(os.path.join(d, "prices.csv"), parse_dates=["date"])
    prices = {tk: g.set_index("date")["close"].astype(float) for tk, g in px.groupby("ticker")}
    mk = pd.read_csv(os.path.join(d, "market.csv"), parse_dates=["date"]).set_index("date")["close"]
    evs = pd.read_csv(os.path.join(d, "events.csv"), dtype=str)
    events = [dict(event_id=r.event_id, ticker=r.ticker, date=r.date) for r in evs.itertuples()]
    ok = True
    runs = [
        ("market", [], "market", False, (win,)),
        ("market, 3 windows", [], "market", False, (win, (0, 0), (-1, 1))),
        ("market-adjusted", ["--model", "market-adjusted"], "market-adjusted", False, (win,)),
        ("mean", ["--model", "mean"], "mean", False, (win,)),
        ("market, log returns", ["--log-returns"], "market", True, (win,)),
    ]
    for name, extra, model, log, windows in runs:
        out = os.path.join(tmp, "out-" + name.replace(" ", "").replace(",", "-"))
        cmd = NEWSFX + ["study", "--events", os.path.join(d, "events.csv"), "--prices", os.path.join(d, "prices.csv"),
                        "--market", os.path.join(d, "market.csv"), "-q", "-o", out, "--estimation", params[1]]
        for a, b in windows:
            cmd += ["--window", f"{a},{b}"]
        cmd += extra
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print(name, "exit", p.returncode, p.stderr)
            ok = False
            continue
        got = json.load(open(os.path.join(out, "study.json")))
        if got["summary"]["ok"] != 16:
            print(name, "want 16 ok firm-events, got", got["summary"])
            ok = False
        ref = esref.study(events, prices, mk, est=est, windows=windows, model=model, log=log, min_est=100)
        c = esref.Compare()
        c.study(ref, got)
        ok &= c.report("sp500 " + name)
        # the CSV tables carry the same numbers as study.json
        caar = pd.read_csv(os.path.join(out, "caar.csv"))
        for k, row in enumerate(got["caar"]):
            for stat in esref.STATS:
                v = row["stats"][stat]["value"]
                cell = caar.loc[k, stat]
                if (v is None) != pd.isna(cell) or (v is not None and abs(v - cell) > 1e-15 * max(1, abs(v))):
                    print(name, "caar.csv", stat, cell, "study.json", v)
                    ok = False
        fe = pd.read_csv(os.path.join(out, "firm_events.csv"))
        if len(fe) != 16 or list(fe["status"].unique()) != ["ok"]:
            print(name, "firm_events.csv rows/statuses", len(fe), fe["status"].unique())
            ok = False
    # the same bytes with one thread and with several
    outs = []
    for j in ("1", "3"):
        out = os.path.join(tmp, f"out-j{j}")
        subprocess.run(NEWSFX + ["study", "-q", "-j", j, "--events", os.path.join(d, "events.csv"), "--prices",
                                 os.path.join(d, "prices.csv"), "--market", os.path.join(d, "market.csv"), "-o", out,
                                 "--window", "-2,2", "--window", "0,1", "--group-by", "type"], check=True)
        outs.append({n: open(os.path.join(out, n), "rb").read() for n in sorted(os.listdir(out))})
    if outs[0] != outs[1]:
        print("the outputs differ between --threads 1 and --threads 3")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
