"""newsfx study on synthetic prices built for the edge cases: events on a weekend, on a holiday, at or
after the close (both sides of the DST changes, UTC dates that are the previous day in New York, a
timestamp with an offset, a bare UTC time), before the first price, after the last one, near the end
of the series, missing prices inside the estimation window and inside the event window, a constant
price series, one firm twice inside one window (drop-later and keep), a ticker with no prices,
negative (bid/ask) prices, no ticker, one usable event only; malformed price rows; the extractor's
JSON Lines with roles. Each case asserts its status, day 0 and shift, and every number of the usable
firm-events is compared with the reference (tests/scripts/lib/esref.py) to 1e-8 relative."""
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import esref  # noqa: E402
from esref import NEWSFX  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)
FAIL = []


def check(cond, msg):
    if not cond:
        FAIL.append(msg)


def strict_json(path):
    def bad(c):
        raise ValueError(f"{path}: {c} in JSON")
    return json.load(open(path), parse_constant=bad)


def run(args, want_rc=0):
    p = subprocess.run(NEWSFX + ["study"] + args, capture_output=True, text=True)
    check(p.returncode == want_rc, f"{args}: exit {p.returncode}, want {want_rc}: {p.stderr}")
    return p


HOLIDAYS = ["2018-07-04", "2018-12-25", "2019-01-01", "2019-07-04", "2019-11-28", "2019-12-25"]


def make_data(d):
    rs = np.random.RandomState(7)
    cal = pd.bdate_range("2018-01-02", "2019-12-31")
    cal = cal[~cal.isin(pd.DatetimeIndex(HOLIDAYS))]
    T = len(cal)
    rm = rs.normal(0.0003, 0.01, T)
    market = pd.Series(100 * np.exp(np.cumsum(rm)), index=cal)
    firms = {}
    for i, tk in enumerate("ABCDEFGHIJKLMNOQ"):
        beta = 0.5 + 0.1 * i
        r = 0.0002 + beta * rm + rs.normal(0, 0.015 + 0.001 * i, T)
        firms[tk] = pd.Series(20 + i + np.exp(np.cumsum(r)) * 10, index=cal)
    firms["P"] = pd.Series(20.0, index=cal)                          # constant: stale prices
    firms["M"] = firms["M"][cal >= "2019-05-01"]                     # starts late: estimation short
    n = firms["N"].copy()
    n[[cal[300 + 7 * k] for k in range(10)]] = np.nan                # gaps in the estimation window
    firms["N"] = n
    o = firms["O"].copy()
    o[pd.Timestamp("2019-09-17")] = np.nan                           # a gap in the event window
    firms["O"] = o
    firms["S"] = firms["A"].copy()
    firms["S"].iloc[::5] *= -1                                       # CRSP bid/ask midpoints
    rows = []
    for tk, s in firms.items():
        for day, v in s.items():
            rows.append((day.strftime("%Y-%m-%d"), tk, "" if np.isnan(v) else repr(float(v))))
    for day in cal[:50]:
        rows.append((day.strftime("%Y-%m-%d"), "R", ""))                # a ticker without any price
    rows.sort(key=lambda r: (r[1], r[0]))
    with open(os.path.join(d, "prices.csv"), "w") as f:
        f.write("date,ticker,close,volume\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},1000\n")
    with open(os.path.join(d, "market.csv"), "w") as f:
        f.write("Date,Open,Close,Adj Close\n")
        for day, v in market.items():
            f.write(f"{day.strftime('%Y-%m-%d')},{v!r},{v!r},{v!r}\n")
    px = pd.read_csv(os.path.join(d, "prices.csv"), parse_dates=["date"])
    prices = {tk: g.set_index("date")["close"].astype(float) for tk, g in px.groupby("ticker")}
    return prices, market


# id, ticker, date, time, type, want status, want day 0, want shift, want after_close
CASES = [
    ("weekend", "A", "2019-06-15", "", "acquisition", "ok", "2019-06-17", 2, False),
    ("holiday", "B", "2019-07-04", "", "acquisition", "ok", "2019-07-05", 1, False),
    ("after-close", "C", "2019-06-12", "2019-06-12T20:30:00Z", "earnings", "ok", "2019-06-13", 1, True),
    ("before-close", "D", "2019-06-12", "2019-06-12T19:59:00Z", "earnings", "ok", "2019-06-12", 0, False),
    ("winter-at-close", "E", "2019-01-15", "2019-01-15T21:00:00Z", "earnings", "ok", "2019-01-16", 1, True),
    ("winter-before", "F", "2019-01-15", "2019-01-15T20:59:59Z", "earnings", "ok", "2019-01-15", 0, False),
    ("dst-monday", "G", "2019-03-11", "2019-03-11T20:30:00Z", "earnings", "ok", "2019-03-12", 1, True),
    ("dst-friday", "H", "2019-03-08", "2019-03-08T20:30:00Z", "earnings", "ok", "2019-03-08", 0, False),
    ("utc-next-day", "I", "2019-06-13", "02:00:00", "earnings", "ok", "2019-06-13", 1, True),
    ("offset", "J", "2019-06-12", "2019-06-12T16:30:00-04:00", "earnings", "ok", "2019-06-13", 1, True),
    ("friday-after", "K", "2019-06-14", "2019-06-14T21:00:00Z", "earnings", "ok", "2019-06-17", 3, True),
    ("dst-ended", "L", "2019-11-04", "2019-11-04T20:30:00Z", "earnings", "ok", "2019-11-04", 0, False),
    ("before-first", "A", "2017-06-01", "", "acquisition", "no_prices_at_event", None, None, False),
    ("after-last", "A", "2020-01-15", "", "acquisition", "no_prices_at_event", None, None, False),
    ("near-end", "B", "2019-12-31", "", "acquisition", "event_window_missing", "2019-12-31", 0, False),
    ("near-end-ok", "C", "2019-12-27", "", "acquisition", "ok", "2019-12-27", 0, False),
    ("late-start", "M", "2019-07-15", "", "acquisition", "estimation_short", "2019-07-15", 0, False),
    ("before-first-price", "M", "2019-03-01", "", "acquisition", "no_prices_at_event", "2019-03-01", 0, False),
    ("gaps-estimation", "N", "2019-09-16", "", "acquisition", "ok", "2019-09-16", 0, False),
    ("gap-event", "O", "2019-09-16", "", "acquisition", "event_window_missing", "2019-09-16", 0, False),
    ("constant", "P", "2019-09-16", "", "acquisition", "estimation_constant", "2019-09-16", 0, False),
    ("twice-1", "Q", "2019-10-01", "", "acquisition", "ok", "2019-10-01", 0, False),
    ("twice-2", "Q", "2019-10-02", "", "acquisition", "overlap_dropped", "2019-10-02", 0, False),
    # two trading days after twice-1: outside its window (-1,+1), so studied (the spec: "inside the
    # first's windows"); the windows share 2019-10-02, so --overlap drop-shared drops it
    ("twice-3", "Q", "2019-10-03", "", "acquisition", "ok", "2019-10-03", 0, False),
    ("unknown", "ZZZ", "2019-10-01", "", "acquisition", "unknown_ticker", None, None, False),
    ("no-prices", "R", "2019-10-01", "", "acquisition", "unknown_ticker", None, None, False),
    ("no-ticker", "", "2019-10-01", "", "acquisition", "no_ticker", None, None, False),
    ("negative", "S", "2019-06-15", "", "acquisition", "ok", "2019-06-17", 2, False),
]


def write_events(path, cases):
    with open(path, "w") as f:
        f.write("event_id,ticker,date,time,type,amount\n")
        for c in cases:
            f.write(f"{c[0]},{c[1]},{c[2]},{c[3]},{c[4]},1000000\n")


def events_of(cases):
    return [dict(event_id=c[0], ticker=c[1], date=c[2], time=c[3] or None) for c in cases]


def main():
    tmp = esref.scratch("study-edges-")
    prices, market = make_data(tmp)
    pfile, mfile, efile = (os.path.join(tmp, n) for n in ("prices.csv", "market.csv", "events.csv"))
    write_events(efile, CASES)
    out = os.path.join(tmp, "out")
    run(["-q", "--events", efile, "--prices", pfile, "--market", mfile, "--group-by", "type", "-o", out])
    got = strict_json(os.path.join(out, "study.json"))
    fes = {f["event_id"]: f for f in got["firm_events"]}
    check(len(got["firm_events"]) == len(CASES), "every firm-event keeps its row")
    for c in CASES:
        f = fes[c[0]]
        check(f["status"] == c[5], f"{c[0]}: status {f['status']}, want {c[5]} ({f['reason']})")
        if c[6]:
            check(f["day0"] == c[6], f"{c[0]}: day 0 {f['day0']}, want {c[6]}")
            check(f["shift_days"] == c[7], f"{c[0]}: shift {f['shift_days']}, want {c[7]}")
        check(f["after_close"] == c[8], f"{c[0]}: after_close {f['after_close']}, want {c[8]}")
        check((f["status"] == "ok") == (f["reason"] is None), f"{c[0]}: a reason exactly when not ok")
    check(fes["utc-next-day"]["ny_date"] == "2019-06-12", "a 02:00 UTC event is the previous day in New York")
    check(fes["utc-next-day"]["ny_time"] == "22:00:00", f"ny_time {fes['utc-next-day']['ny_time']}")
    check(fes["twice-2"]["overlaps"] == "twice-1", "the dropped firm-event names the one it overlaps")
    check("2019-06-17" in fes["weekend"]["day0"], "weekend")
    check(fes["gaps-estimation"]["model"]["l1"] < 240, "missing prices reduce the estimation returns")
    check(fes["gaps-estimation"]["model"]["l1"] == 240 - 20, f"each missing price removes two returns: "
          f"l1 {fes['gaps-estimation']['model']['l1']}")
    check("day +1" in fes["gap-event"]["reason"], f"gap-event reason: {fes['gap-event']['reason']}")
    check("after the last trading day" in fes["near-end"]["reason"], fes["near-end"]["reason"])
    check("constant" in fes["constant"]["reason"], fes["constant"]["reason"])
    check("before the first price of 'M'" in fes["before-first-price"]["reason"], fes["before-first-price"]["reason"])
    for j in range(3):
        check(abs(fes["negative"]["ar"][j] - fes["weekend"]["ar"][j]) < 1e-15,
              "negative prices are bid/ask midpoints: the same ARs as their absolute values")
    ref = esref.study(events_of(CASES), prices, market)
    cmp = esref.Compare()
    cmp.study(ref, got)
    cmp.report("edge cases, market model")
    FAIL.extend(cmp.fail)
    # groups: the earnings events alone, against the reference on that subset
    earn = [c for c in CASES if c[4] == "earnings"]
    gref = esref.study(events_of(earn), prices, market)
    g = got["groups"]["earnings"]
    check(g["ok"] == sum(1 for c in earn if c[5] == "ok"), f"group earnings ok {g['ok']}")
    cmp = esref.Compare()
    cmp.table(gref["table"], g, "groups.earnings.")
    cmp.report("edge cases, group 'earnings'")
    FAIL.extend(cmp.fail)
    for name in ("firm_events.csv", "aar.csv", "caar.csv", "group_aar.csv", "group_caar.csv"):
        text = open(os.path.join(out, name)).read().lower()
        check("nan" not in text and "inf" not in text, f"{name} holds NaN or inf")

    # --overlap keep: both firm-events of Q are studied, the later one names the earlier
    out = os.path.join(tmp, "out-keep")
    run(["-q", "--events", efile, "--prices", pfile, "--market", mfile, "--overlap", "keep", "-o", out])
    got = strict_json(os.path.join(out, "study.json"))
    fes = {f["event_id"]: f for f in got["firm_events"]}
    check(fes["twice-2"]["status"] == "ok" and fes["twice-2"]["overlaps"] == "twice-1", "overlap keep")
    check(fes["twice-3"]["status"] == "ok" and fes["twice-3"]["overlaps"] == "twice-2", "overlap keep, the third")
    ref = esref.study(events_of(CASES), prices, market, overlap="keep")
    cmp = esref.Compare()
    cmp.study(ref, got)
    cmp.report("edge cases, --overlap keep")
    FAIL.extend(cmp.fail)

    # --overlap drop-shared: twice-3's window (-1,+1) shares 2019-10-02 with twice-1's: dropped too
    out = os.path.join(tmp, "out-shared")
    run(["-q", "--events", efile, "--prices", pfile, "--market", mfile, "--overlap", "drop-shared", "-o", out])
    got = strict_json(os.path.join(out, "study.json"))
    fes = {f["event_id"]: f for f in got["firm_events"]}
    check(fes["twice-3"]["status"] == "overlap_dropped" and fes["twice-3"]["overlaps"] == "twice-1",
          f"overlap drop-shared: twice-3 {fes['twice-3']['status']} {fes['twice-3']['overlaps']}")
    check("shares days" in (fes["twice-3"]["reason"] or ""), fes["twice-3"]["reason"])
    check(got["settings"]["overlap"] == "drop-shared", "settings.overlap")
    ref = esref.study(events_of(CASES), prices, market, overlap="drop-shared")
    cmp = esref.Compare()
    cmp.study(ref, got)
    cmp.report("edge cases, --overlap drop-shared")
    FAIL.extend(cmp.fail)

    # --calendar: a calendar that also holds 2019-07-04, when no price exists: the returns of the 4th
    # and the 5th are missing (a return never spans a missing price), so the holiday event has no
    # return in its window, and later estimation windows lose those two days
    calf = os.path.join(tmp, "calendar.txt")
    cal = sorted(set(market.index) | {pd.Timestamp("2019-07-04")})
    open(calf, "w").write("date\n" + "".join(f"{d:%Y-%m-%d}\n" for d in cal))
    out = os.path.join(tmp, "out-calendar")
    run(["-q", "--events", efile, "--prices", pfile, "--market", mfile, "--calendar", calf, "-o", out])
    got = strict_json(os.path.join(out, "study.json"))
    fes = {f["event_id"]: f for f in got["firm_events"]}
    check(fes["holiday"]["status"] == "event_window_missing" and fes["holiday"]["day0"] == "2019-07-04",
          f"calendar: holiday {fes['holiday']['status']} {fes['holiday']['day0']}")
    check(fes["gaps-estimation"]["model"]["l1"] == 240 - 20 - 2, f"calendar: l1 {fes['gaps-estimation']['model']['l1']}")
    ref = esref.study(events_of(CASES), prices, market, cal=pd.DatetimeIndex(cal))
    cmp = esref.Compare()
    cmp.study(ref, got)
    cmp.report("edge cases, --calendar")
    FAIL.extend(cmp.fail)

    # one usable event only: the statistics that need N > 1 are null with a reason, not NaN
    one = [CASES[0], CASES[12]]
    write_events(efile, one)
    out = os.path.join(tmp, "out-one")
    run(["-q", "--events", efile, "--prices", pfile, "--market", mfile, "-o", out])
    got = strict_json(os.path.join(out, "study.json"))
    check(got["summary"]["ok"] == 1, "one ok firm-event")
    for row in got["aar"] + got["caar"]:
        for k in ("csect_t", "bmp_t", "kp_patell_z", "kp_bmp_t", "grank_t", "skew_t", "bootstrap"):
            s = row["stats"][k]
            check(s["value"] is None and s["p"] is None and "2 firm-events" in s.get("reason", ""),
                  f"N = 1: {k} should be null with a reason, got {s}")
        for k in ("patell_z", "sign_z", "gsign_z", "rank_z", "bw_cda_t", "wilcoxon"):
            check(row["stats"][k]["value"] is not None, f"N = 1: {k} is defined")
    ref = esref.study(events_of(one), prices, market)
    cmp = esref.Compare()
    cmp.study(ref, got)
    cmp.report("one event")
    FAIL.extend(cmp.fail)
    check("nan" not in open(os.path.join(out, "aar.csv")).read().lower(), "aar.csv without NaN")

    # malformed price rows are reported with file:line and skipped; the run goes on; exit 1
    bad = os.path.join(tmp, "bad.csv")
    lines = open(pfile).read().splitlines()
    lines[5] = lines[5].split(",")[0] + ",A,abc,1000"          # text in the number column
    lines[6] = "2018-13-45,A,20.5,1000"                         # not a date
    lines[8] = lines[7]                                         # line 9 repeats line 8's date
    lines[9] = lines[9] + ",extra"                              # a field too many
    lines[11], lines[12] = lines[12], lines[11]                 # out of order: sorted, with a note
    open(bad, "w").write("\n".join(lines) + "\n")
    write_events(efile, CASES[:3])
    p = run(["--events", efile, "--prices", bad, "--market", mfile, "-o", os.path.join(tmp, "out-bad")], want_rc=1)
    err = p.stderr
    for want in (f"newsfx: {bad}:6: expected a number in column 'close', got 'abc'",
                 f"newsfx: {bad}:7: expected a date in column 'date', got '2018-13-45'",
                 f"newsfx: {bad}:9: duplicate date '{lines[7][:10]}' for 'A' (first on line 8)",
                 f"newsfx: {bad}:10: expected 4 fields, got 5",
                 f"newsfx: {bad}: the rows of 1 series were not in date order: sorted by date"):
        check(want in err, f"stderr should hold '{want}':\n{err}")
    check(os.path.exists(os.path.join(tmp, "out-bad", "study.json")), "the run goes on after bad rows")

    # the extractor's JSON Lines: one firm-event per role filler, --role, a filler without ticker
    jl = os.path.join(tmp, "events.jsonl")
    with open(jl, "w") as f:
        f.write(json.dumps({"v": 1, "event_id": "d1:0", "doc_id": "d1", "doc_date": "2019-06-12",
                            "timestamp": "2019-06-12T20:30:00Z", "type": "acquisition",
                            "roles": {"acquirer": [{"name": "Alpha", "ticker": "A"}],
                                      "target": [{"name": "Bravo", "ticker": "B"}, {"name": "Private Co",
                                                                                     "ticker": None}]},
                            "amount": {"value": 270000000, "currency": "USD"},
                            "change": None}) + "\n")
        f.write("{not json\n")
        f.write(json.dumps({"v": 1, "event_id": "d2:0", "doc_id": "d2", "doc_date": "2019-03-11",
                            "type": "stock_move", "roles": {"company": [{"name": "Golf", "ticker": "G"}]},
                            "amount": None, "change": {"value": -2.3, "unit": "percent"}}) + "\n")
    out = os.path.join(tmp, "out-jsonl")
    p = run(["--events", jl, "--prices", pfile, "--market", mfile, "--group-by", "role", "-o", out], want_rc=1)
    check(f"{jl}:2: " in p.stderr, f"the bad JSON line is reported: {p.stderr}")
    got = strict_json(os.path.join(out, "study.json"))
    rows = [(f["event_id"], f["role"], f["ticker"], f["status"]) for f in got["firm_events"]]
    check(rows == [("d1:0", "acquirer", "A", "ok"), ("d1:0", "target", "B", "ok"),
                   ("d1:0", "target", None, "no_ticker"), ("d2:0", "company", "G", "ok")], f"JSONL rows {rows}")
    check(got["firm_events"][0]["day0"] == "2019-06-13", "the JSONL timestamp moves day 0")
    check(got["firm_events"][0]["amount"] == {"value": 270000000, "currency": "USD"}, "amount kept")
    check(got["firm_events"][3]["change"] == {"value": -2.3, "unit": "percent"}, "reported change kept")
    g = got["groups"]
    check(list(g) == ["acquirer", "target", "company"], f"--group-by role: groups {list(g)}")
    check(g["target"]["firm_events"] == 2 and g["target"]["ok"] == 1 and g["target"]["panel"]["n"] == 1,
          f"--group-by role: target {g['target']['firm_events']} {g['target']['ok']}")
    out = os.path.join(tmp, "out-role")
    run(["-q", "--events", jl, "--prices", pfile, "--market", mfile, "--role", "target", "-o", out], want_rc=1)
    got = strict_json(os.path.join(out, "study.json"))
    rows = [(f["role"], f["ticker"]) for f in got["firm_events"]]
    check(rows == [("target", "B"), ("target", None)], f"--role target: {rows}")

    for f in FAIL:
        print("FAIL", f)
    sys.exit(1 if FAIL else 0)


if __name__ == "__main__":
    main()
