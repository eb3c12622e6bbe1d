"""Joining 1987 news to prices: the point-in-time ticker map and the news time.

With --ticker-map, a firm-event takes the map's ticker for its company's name ("Apple Computer, Inc."
-> AAPL, with no ticker of its own), keeps a ticker the map vouches for, and is unknown_ticker with the
reason when the map says the series is another company (C: Chrysler in 1987, Citigroup's series) or
does not list the ticker at all. Without the map, C would be studied against Citigroup's prices.

The news time: a story the extractor reads with --time-zone America/New_York at 16:30 New York time is
after the close, so its day 0 is the next trading day; at 10:00 it is the same day.
Data: ../shared/data/prices1987 (stocks, equal-weighted index, NYSE calendar, the reviewed map).
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nxtest import NEWSFX, SHARED, check, done, newsfx, tmpdir  # noqa: E402

P = os.path.join(SHARED, "data", "prices1987")
STOCKS, EW = os.path.join(P, "stocks_1985_1988.csv"), os.path.join(P, "EWMKT_1986_1987.csv")
CAL, MAP = os.path.join(P, "nyse_trading_days_1985_1988.txt"), os.path.join(P, "ticker_map_1987.tsv")
d = tmpdir()
events = os.path.join(d, "events.jsonl")
rows = [
    {"event_id": "chrysler", "doc_date": "1987-03-10", "ticker": "C", "name": "Chrysler Corp"},
    {"event_id": "apple-by-name", "doc_date": "1987-03-10", "ticker": None, "name": "Apple Computer, Inc."},
    {"event_id": "ibm", "doc_date": "1987-04-21", "ticker": "IBM", "name": "International Business Machines Corp"},
    {"event_id": "unlisted", "doc_date": "1987-03-10", "ticker": "XYZQ", "name": "Xyzq Widgets Inc"},
    {"event_id": "ford-short", "doc_date": "1987-05-12", "ticker": "F", "name": "Ford"},
]
with open(events, "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")


def study(out, *extra):
    newsfx("study", "--events", events, "--prices", STOCKS, "--market", EW, "--calendar", CAL, "-q",
           "-o", out, *extra)
    return {fe["event_id"].split(":")[0]: fe for fe in json.load(open(os.path.join(out, "study.json")))["firm_events"]}


fe = study(os.path.join(d, "mapped"), "--ticker-map", MAP)
check(fe["chrysler"]["status"] == "unknown_ticker" and "DIFFERENT_ENTITY" in (fe["chrysler"]["reason"] or ""),
      "C (Chrysler in 1987) with the map: %s" % fe["chrysler"])
check(fe["apple-by-name"]["status"] == "ok" and fe["apple-by-name"]["ticker"] == "AAPL",
      "Apple Computer, Inc. by name: %s" % fe["apple-by-name"])
check(fe["ibm"]["status"] == "ok" and fe["ibm"]["ticker"] == "IBM", "IBM kept: %s" % fe["ibm"])
check(fe["unlisted"]["status"] == "unknown_ticker" and "not in the ticker map" in (fe["unlisted"]["reason"] or ""),
      "a ticker the map does not list: %s" % fe["unlisted"])
check(fe["ford-short"]["status"] == "ok" and fe["ford-short"]["ticker"] == "F", "F kept: %s" % fe["ford-short"])

plain = study(os.path.join(d, "plain"))
check(plain["chrysler"]["status"] == "ok", "without the map C is studied (Citigroup's series): %s" % plain["chrysler"])
check(plain["apple-by-name"]["status"] == "no_ticker", "without the map no ticker: %s" % plain["apple-by-name"])
for k in ("ibm", "ford-short"):
    check(plain[k]["windows"] == fe[k]["windows"], "%s: the map changes nothing else" % k)

# several maps read as one: the shared map, then newsfx's reviewed rows for companies whose 1987
# symbol is not their series' (Exxon's XON is ExxonMobil's XOM); names keep the first map's row
ROOTDIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SUCC = os.path.join(ROOTDIR, "data", "prices", "tickers-1987-successors.tsv")
with open(events, "a") as f:
    f.write(json.dumps({"event_id": "exxon", "doc_date": "1987-03-26", "ticker": "XON", "name": "Exxon Corp"}) + "\n")
    f.write(json.dumps({"event_id": "chevron-short", "doc_date": "1987-06-10", "ticker": None, "name": "Chevron"}) + "\n")
one = study(os.path.join(d, "one-map"), "--ticker-map", MAP)
check(one["exxon"]["status"] == "unknown_ticker" and one["exxon"]["reason"] == "'XON' is not in the ticker map 'ticker_map_1987.tsv'",
      "XON with the shared map alone: %s" % one["exxon"])
two = study(os.path.join(d, "two-maps"), "--ticker-map", MAP, "--ticker-map", SUCC)
check(two["exxon"]["status"] == "ok" and two["exxon"]["ticker"] == "XOM", "Exxon Corp with both maps: %s" % two["exxon"])
check(two["chevron-short"]["status"] == "ok" and two["chevron-short"]["ticker"] == "CVX",
      "Chevron by its alias: %s" % two["chevron-short"])
check(two["chrysler"]["status"] == "unknown_ticker" and "maps 'ticker_map_1987.tsv', 'tickers-1987-successors.tsv'"
      in (two["chrysler"]["reason"] or ""), "the reason names both maps: %s" % two["chrysler"]["reason"])
for k in ("apple-by-name", "ibm", "ford-short"):
    check(two[k]["ticker"] == one[k]["ticker"] and two[k]["status"] == one[k]["status"], "%s unchanged by the second map" % k)
with open(events, "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")

# a map without a reviewed column: every row vouches; a bad map is an error naming the file
simple = os.path.join(d, "map.tsv")
with open(simple, "w") as f:
    f.write("ticker\tname\nAAPL\tApple Computer Inc\nC\tChrysler Corp\n")
fe = study(os.path.join(d, "simple"), "--ticker-map", simple)
check(fe["chrysler"]["status"] == "ok" and fe["apple-by-name"]["ticker"] == "AAPL", "simple map: %s" % fe["chrysler"])
check(fe["ibm"]["status"] == "unknown_ticker", "IBM is not in the simple map: %s" % fe["ibm"])
bad = os.path.join(d, "bad.tsv")
with open(bad, "w") as f:
    f.write("symbol\tname\nAAPL\tApple\n")
p = subprocess.run(NEWSFX + ["study", "--events", events, "--prices", STOCKS, "--market", EW, "--ticker-map", bad,
                             "-o", os.path.join(d, "bad")], capture_output=True, text=True)
check(p.returncode == 2 and "bad.tsv:1: the ticker map has no 'ticker' column" in p.stderr,
      "map without a ticker column: exit %d, %r" % (p.returncode, p.stderr))

# the news time, from the extractor to day 0
story = "Ford Motor Co said it agreed to acquire Hertz Corp for 1.3 billion dlrs."
docs = os.path.join(d, "docs.jsonl")
with open(docs, "w") as f:
    f.write(json.dumps({"id": "close", "date": "1987-05-12", "time": "16:30:00", "body": story}) + "\n")
    f.write(json.dumps({"id": "morning", "date": "1987-05-12", "time": "10:00:00", "body": story}) + "\n")
ev = newsfx("extract", "-q", "--time-zone", "America/New_York", docs)
with open(events, "w") as f:
    f.write(ev)
stamps = [json.loads(x)["timestamp"] for x in ev.splitlines()]
check(stamps == ["1987-05-12T20:30:00Z", "1987-05-12T14:00:00Z"], "timestamps (EDT): %s" % stamps)
newsfx("study", "--events", events, "--prices", STOCKS, "--market", EW, "--calendar", CAL, "--ticker-map", MAP,
       "--role", "acquirer", "-q", "-o", os.path.join(d, "t"))
fes = {x["event_id"].split(":")[0]: x for x in json.load(open(os.path.join(d, "t", "study.json")))["firm_events"]}
check(fes["close"]["after_close"] is True and fes["close"]["day0"] == "1987-05-13",
      "after the close: day 0 the next trading day: %s" % {k: fes["close"].get(k) for k in ("after_close", "day0")})
check(fes["morning"]["after_close"] is False and fes["morning"]["day0"] == "1987-05-12",
      "in trading hours: day 0 that day: %s" % {k: fes["morning"].get(k) for k in ("after_close", "day0")})
# a unit named with its parent is studied as the parent (Reuters tags units so: "BOEING <BA> UNIT"),
# except as the target of a sale, where the parent is the seller
units = os.path.join(d, "units.jsonl")
with open(units, "w") as f:
    f.write(json.dumps({"id": "unit", "date": "1987-03-17", "time": "12:00:00", "body":
                        "Boeing Co's Boeing Aerospace Co is being awarded 31.3 mln dlrs under a contract for "
                        "spare parts, the Navy said."}) + "\n")
    f.write(json.dumps({"id": "division", "date": "1987-05-11", "time": "12:00:00", "body":
                        "RCA Inc, a division of General Electric Co, has been awarded a 133.0 mln dlr contract, "
                        "the Navy said."}) + "\n")
    f.write(json.dumps({"id": "sold", "date": "1987-05-11", "time": "12:00:00", "body":
                        "Quarton Holdings Inc said it agreed to buy Zorbex Aerospace Co, a unit of General Electric Co, "
                        "for 20 mln dlrs."}) + "\n")
ev = [json.loads(x) for x in newsfx("extract", "-q", "--time-zone", "America/New_York", units).splitlines()]
tick = {(e["doc_id"], r, p["name"]): p["ticker"] for e in ev for r, ps in e["roles"].items() for p in ps}
check(tick.get(("unit", "partner", "Boeing Aerospace Co")) == "BA", "Boeing Aerospace Co takes BA: %s" % tick)
check(tick.get(("division", "partner", "RCA Inc")) == "GE", "RCA Inc, a division of GE, takes GE: %s" % tick)
check(tick.get(("sold", "target", "Zorbex Aerospace Co")) is None, "a unit sold is no GE target: %s" % tick)
with open(events, "w") as f:
    f.write("\n".join(json.dumps(e) for e in ev) + "\n")
study(os.path.join(d, "units"), "--ticker-map", MAP)
fes = [x for x in json.load(open(os.path.join(d, "units", "study.json")))["firm_events"] if x["name"] == "Boeing Aerospace Co"]
check(len(fes) == 1 and fes[0]["status"] == "ok" and fes[0]["ticker"] == "BA", "the unit's contract studied as BA: %s" % fes)
done()
