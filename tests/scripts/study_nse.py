"""newsfx study on the 22 NSE stock splits of ../shared/data/eventstudy/nse_splits (wide files of
percent returns with gaps, the Nifty index in a file of several series): the statuses of every
firm-event (6 usable, the others reported by status), and every number of the usable ones against
the reference (tests/scripts/lib/esref.py) to 1e-8 relative -- with unequal estimation lengths, so
that the missing-data forms (Corrado-Zivney ranks, KP's pooled correlation, GRANK's T_i) are
exercised -- for the market model and a three-factor model."""
import json
import os
import subprocess
import sys
import warnings

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import esref  # noqa: E402
from esref import NEWSFX, SHARED  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)


def run(args):
    p = subprocess.run(NEWSFX + ["study", "-q"] + args, capture_output=True, text=True)
    return p.returncode, p.stderr


def main():
    ok = True
    tmp = esref.converted("study-nse-")
    src = os.path.join(SHARED, "data", "eventstudy")
    nse = os.path.join(src, "nse_splits")
    rets_file, other_file = os.path.join(nse, "StockPriceReturns_pct.csv"), os.path.join(nse, "OtherReturns_pct.csv")
    events_file = os.path.join(tmp, "nse", "events.csv")
    rets = pd.read_csv(rets_file, parse_dates=["date"]).set_index("date")
    other = pd.read_csv(other_file, parse_dates=["date"]).set_index("date")
    prices = {c: rets[c] for c in rets.columns}
    market = other["NiftyIndex"]
    evs = pd.read_csv(events_file, dtype=str)
    events = [dict(event_id=r.event_id, ticker=r.ticker, date=r.date) for r in evs.itertuples()]
    base = ["--events", events_file, "--prices", rets_file, "--returns", "percent", "--market", other_file,
            "--market-column", "NiftyIndex"]

    # default settings: 5 usable; with 60 estimation returns enough, Sun Pharmaceutical's 93 count: 6
    for min_est, want_ok, want_short in ((100, 5, 2), (60, 6, 1)):
        out = os.path.join(tmp, f"out-{min_est}")
        rc, err = run(base + ["--min-estimation", str(min_est), "-o", out])
        if rc != 0:
            print("exit", rc, err)
            sys.exit(1)
        got = json.load(open(os.path.join(out, "study.json")))
        by = got["summary"]["by_status"]
        want = {"ok": want_ok, "no_prices_at_event": 15, "estimation_short": want_short}
        for k, v in by.items():
            if v != want.get(k, 0):
                print(f"min-estimation {min_est}: {k} {v}, want {want.get(k, 0)}")
                ok = False
        for f in got["firm_events"]:
            if f["status"] != "ok" and not f["reason"]:
                print("no reason for", f["event_id"], f["status"])
                ok = False
        hdfc = [f for f in got["firm_events"] if f["event_id"] == "HDFC:2010-08-18"][0]
        if hdfc["status"] != "estimation_short" or not hdfc["reason"].startswith("24 returns"):
            print("HDFC:", hdfc["status"], hdfc["reason"])
            ok = False
        ref = esref.study(events, prices, market, kind="percent", min_est=min_est)
        c = esref.Compare()
        c.study(ref, got)
        ok &= c.report(f"nse market model, min-estimation {min_est}")
        l1 = sorted(f["model"]["l1"] for f in got["firm_events"] if f["status"] == "ok")
        if len(set(l1)) < 2:
            print("the estimation lengths should differ:", l1)
            ok = False

    # a three-factor model on real series in percent (Nifty; USD/INR; the S&P 500 with its gaps on
    # US holidays read as 0) and a risk-free rate
    fac = other[["NiftyIndex", "SP500", "USDINR"]].copy()
    fac["SP500"] = fac["SP500"].fillna(0.0)
    fac["RF"] = 0.02
    fac_file = os.path.join(tmp, "factors.csv")
    fac.reset_index().to_csv(fac_file, index=False, date_format="%Y-%m-%d")
    out = os.path.join(tmp, "out-factors")
    rc, err = run(["--events", events_file, "--prices", rets_file, "--returns", "percent", "--model", "factors",
                   "--factors", fac_file, "--factors-percent", "--min-estimation", "60", "-o", out])
    if rc != 0:
        print("factors: exit", rc, err)
        sys.exit(1)
    got = json.load(open(os.path.join(out, "study.json")))
    cal = pd.DatetimeIndex(sorted(fac.index[fac.notna().any(axis=1)]))
    ref = esref.study(events, prices, cal=cal, kind="percent", model="factors",
                      factors=fac[["NiftyIndex", "SP500", "USDINR"]] / 100, rf=fac["RF"] / 100, min_est=60)
    if got["summary"]["ok"] < 3:
        print("factors: too few usable firm-events", got["summary"])
        ok = False
    c = esref.Compare()
    c.study(ref, got)
    ok &= c.report("nse three-factor model")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
