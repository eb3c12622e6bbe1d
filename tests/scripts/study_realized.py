"""Reported vs realized moves, and tables per event type and role together.

Events in the extractor's format with reported share moves ("fell 2.3 pct", "rose 1-1/4") on real
1987 prices (../shared/data/prices1987). Each realized return is recomputed here with pandas from the
closes and the NYSE calendar: the session the story reports is day 0, or day -1 when the story came
after the close or on a day without trading. Asserted: which rows are compared, their realized
returns (1e-10), the mismatches (direction, and a gap above --mismatch-tol), the correlation and the
mean absolute difference (numpy), an earnings change left out, the CSV equal to the JSON; and
--group-by type-role splitting acquirers from targets.
"""
import csv
import json
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nxtest import SHARED, check, done, newsfx, tmpdir  # noqa: E402

P = os.path.join(SHARED, "data", "prices1987")
STOCKS, EW = os.path.join(P, "stocks_1985_1988.csv"), os.path.join(P, "EWMKT_1986_1987.csv")
CAL = os.path.join(P, "nyse_trading_days_1985_1988.txt")
d = tmpdir()


def ev(eid, ticker, date, change, unit="percent", typ="stock_move", ts=None, text=None):
    return {"v": 1, "event_id": eid, "doc_id": eid.split(":")[0], "doc_date": date, "timestamp": ts, "type": typ,
            "roles": {"company": [{"name": ticker + " Corp", "ticker": ticker}]},
            "amount": None, "change": None if change is None else {"value": change, "unit": unit, "text": text or "moved"}}


rows = [
    ev("a:0", "IBM", "1987-04-22", -2.0, ts="1987-04-22T15:00:00Z"),          # 11:00 New York: day 0
    ev("b:0", "F", "1987-05-12", 1.0, ts="1987-05-12T21:00:00Z"),             # 17:00 EDT: after the close, day -1
    ev("c:0", "GE", "1987-03-14", 0.5),                                       # a Saturday: day -1 (Friday)
    ev("d:0", "AXP", "1987-06-02", 9.0),                                      # far from the realized move
    ev("e:0", "XRX", "1987-06-09", 1.25, unit="USD", text="rose 1-1/4"),      # a price change: direction only
    ev("f:0", "PFE", "1987-07-15", -0.5),
    ev("g:0", "MMM", "1987-08-04", 3.0),
    ev("h:0", "IBM", "1987-09-01", 5.0, typ="earnings"),                      # an earnings change: not a stock move
    ev("i:0", "MRK", "1987-03-10", None),                                     # no change
]
events = os.path.join(d, "events.jsonl")
with open(events, "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
out = os.path.join(d, "out")
newsfx("study", "--events", events, "--prices", STOCKS, "--market", EW, "--calendar", CAL, "--mismatch-tol", "1.5",
       "--bootstrap", "0", "-q", "-o", out)
rv = json.load(open(os.path.join(out, "study.json")))["reported_vs_realized"]

# independent realized returns
px = pd.read_csv(STOCKS, usecols=["date", "ticker", "close"], parse_dates=["date"])
cal = pd.DatetimeIndex(pd.to_datetime([x.strip() for x in open(CAL) if x.strip()]))


def realized(ticker, date, after_close):
    date = pd.Timestamp(date)
    k = cal.searchsorted(date)                   # first trading day on or after the date
    nontrading = cal[k] != date
    if after_close and not nontrading:
        k += 1                                   # day 0 is the next session
    day = -1 if after_close or nontrading else 0
    s = px[px.ticker == ticker].set_index("date")["close"].reindex(cal)
    r = s / s.shift(1) - 1
    return day, 100 * r.iloc[k + day], [100 * r.iloc[k - 1], 100 * r.iloc[k], 100 * r.iloc[k + 1]]


want = {"a:0": ("IBM", "1987-04-22", False), "b:0": ("F", "1987-05-12", True), "c:0": ("GE", "1987-03-14", False),
        "d:0": ("AXP", "1987-06-02", False), "e:0": ("XRX", "1987-06-09", False), "f:0": ("PFE", "1987-07-15", False),
        "g:0": ("MMM", "1987-08-04", False)}
got = {r["event_id"]: r for r in rv["rows"]}
check(sorted(got) == sorted(want), "rows compared: %s" % sorted(got))
reported = {r["event_id"]: r["change"]["value"] for r in rows if r["change"]}
for eid, (t, date, ac) in want.items():
    g = got.get(eid)
    if not g:
        continue
    day, real, three = realized(t, date, ac)
    check(g["day"] == day, "%s: day %s, want %s" % (eid, g["day"], day))
    check(abs(g["realized_pct"] - real) <= 1e-10 * max(1, abs(real)), "%s: realized %s, want %s" % (eid, g["realized_pct"], real))
    for k, key in enumerate(("r_m1", "r_0", "r_p1")):
        check(abs(g[key] - three[k]) <= 1e-10 * max(1, abs(three[k])), "%s: %s %s want %s" % (eid, key, g[key], three[k]))
    rep = reported[eid]
    if g["reported"]["unit"] == "percent":
        check(abs(g["diff"] - (rep - real)) <= 1e-10 * max(1, abs(rep - real)), "%s: diff" % eid)
        mism = (rep * real < 0) or abs(rep - real) > 1.5
    else:
        check(g["diff"] is None, "%s: a price change has no diff" % eid)
        mism = rep * real < 0
    check(g["mismatch"] == mism, "%s: mismatch %s (reported %s, realized %.3f): %s" % (eid, g["mismatch"], rep, real, g["reason"]))
check(got["d:0"]["mismatch"] and "points apart" in got["d:0"]["reason"], "AXP +9%% is flagged: %s" % got["d:0"])
pct = [(reported[e], got[e]["realized_pct"]) for e in got if got[e]["reported"]["unit"] == "percent"]
x, y = np.array(pct).T
check(rv["n_percent"] == len(pct) and abs(rv["correlation"] - np.corrcoef(x, y)[0, 1]) < 1e-12,
      "correlation %s vs %s" % (rv["correlation"], np.corrcoef(x, y)[0, 1]))
check(abs(rv["mean_abs_diff"] - np.mean(np.abs(x - y))) < 1e-12, "mean abs diff")
signs = [(np.sign(reported[e]), np.sign(got[e]["realized_pct"])) for e in got]
agree = [a == b for a, b in signs if a and b]
check(abs(rv["direction_agreement"] - np.mean(agree)) < 1e-15 and rv["n_direction"] == len(agree), "direction agreement")
check(rv["mismatches"] == sum(g["mismatch"] for g in got.values()), "mismatch count")
with open(os.path.join(out, "reported_vs_realized.csv")) as f:
    table = list(csv.DictReader(f))
check([r["event_id"] for r in table] == [r["event_id"] for r in rv["rows"]], "CSV rows")
check(all(float(t["realized_pct"]) == j["realized_pct"] and t["mismatch"] == str(j["mismatch"]).lower()
          for t, j in zip(table, rv["rows"])), "CSV values equal the JSON")

# --group-by type-role: acquirers and targets apart
deal = [{"v": 1, "event_id": "k%d:0" % i, "doc_id": "k%d" % i, "doc_date": dt, "type": "acquisition",
         "roles": {"acquirer": [{"name": a, "ticker": a}], "target": [{"name": t, "ticker": t}]}, "amount": None,
         "change": None} for i, (a, t, dt) in enumerate([("GE", "RTN", "1987-03-12"), ("IBM", "XRX", "1987-06-17"),
                                                         ("MMM", "PFE", "1987-09-02")])]
with open(events, "w") as f:
    for r in deal:
        f.write(json.dumps(r) + "\n")
newsfx("study", "--events", events, "--prices", STOCKS, "--market", EW, "--calendar", CAL, "--group-by", "type-role",
       "--bootstrap", "0", "-q", "-o", out)
st = json.load(open(os.path.join(out, "study.json")))
check(sorted(st["groups"]) == ["acquisition/acquirer", "acquisition/target"], "groups %s" % sorted(st["groups"]))
fe = st["firm_events"]
for g, role in (("acquisition/acquirer", "acquirer"), ("acquisition/target", "target")):
    cars = [f["windows"][0]["car"] for f in fe if f["role"] == role and f["status"] == "ok"]
    got_caar = st["groups"][g]["caar"][0]["caar"]
    check(len(cars) == 3 and abs(got_caar - np.mean(cars)) < 1e-12, "%s: CAAR %s vs mean CAR %s" % (g, got_caar, np.mean(cars)))
with open(os.path.join(out, "group_caar.csv")) as f:
    check(sorted({r["group"] for r in csv.DictReader(f)}) == ["acquisition/acquirer", "acquisition/target"], "group_caar.csv groups")
done()
