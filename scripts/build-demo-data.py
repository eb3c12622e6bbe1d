#!/usr/bin/python3
"""Build the demo data newsfx ships in data/ from ../shared/data (run from the repository root).

  data/articles/reuters-1987-slice.jsonl  Reuters-21578 stories (1987) whose inline tags name one of the
                                          companies with 1987 prices (same entity then and now), as in the
                                          corpus: id, date, time, title, body, topics
  data/prices/prices-1987.csv             date,ticker,close: daily closes 1986-01-02..1987-12-31 of those
                                          companies (split/dividend-adjusted, CC0 "Huge Stock Market Dataset")
  data/prices/ewmkt-1987.csv              date,close: the equal-weighted index of the 176 stocks (derived
                                          from the CC0 data): the market series, free of third-party terms
  data/prices/nyse-1986-1987.txt          NYSE trading days (MIT-licensed calendar)
  data/prices/tickers-1987.tsv            ticker <TAB> 1987 Reuters name, for the same_entity rows

usage: scripts/build-demo-data.py [SHARED_DIR]
"""
import csv, json, os, re, sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
src = os.path.join(shared, "data")
os.makedirs("data/articles", exist_ok=True)
os.makedirs("data/prices", exist_ok=True)

same = {}
with open(os.path.join(src, "prices1987", "ticker_map_1987.tsv")) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        if r["reviewed"] == "same_entity":
            same[r["ticker"]] = r["reuters1987_name"]

n = 0
with open("data/articles/reuters-1987-slice.jsonl", "w") as out:
    for line in open(os.path.join(src, "reuters21578", "reuters21578.jsonl")):
        d = json.loads(line)
        tags = set(re.findall(r"<([A-Z]{1,5})>", d["title"] + " " + d["body"]))
        if tags & set(same) and len(d["body"]) < 4000:
            out.write(json.dumps({k: d[k] for k in ("id", "date", "time", "title", "body", "topics")}) + "\n")
            n += 1

lo, hi = "1986-01-01", "1987-12-31"
rows = 0
with open(os.path.join(src, "prices1987", "stocks_1985_1988.csv")) as f, open("data/prices/prices-1987.csv", "w") as out:
    out.write("date,ticker,close\n")
    for r in csv.DictReader(f):
        if r["ticker"] in same and lo <= r["date"] <= hi:
            out.write("%s,%s,%s\n" % (r["date"], r["ticker"], r["close"]))
            rows += 1
with open(os.path.join(src, "prices1987", "EWMKT_1986_1987.csv")) as f, open("data/prices/ewmkt-1987.csv", "w") as out:
    out.write("date,close\n")
    for r in csv.DictReader(f):
        out.write("%s,%s\n" % (r["Date"], r["Close"]))
with open(os.path.join(src, "prices1987", "nyse_trading_days_1985_1988.txt")) as f, open("data/prices/nyse-1986-1987.txt", "w") as out:
    for line in f:
        if lo <= line.strip() <= hi:
            out.write(line)
with open("data/prices/tickers-1987.tsv", "w") as out:
    out.write("ticker\treuters1987_name\n")
    for t in sorted(same):
        out.write("%s\t%s\n" % (t, same[t]))
print("%d stories, %d price rows, %d tickers" % (n, rows, len(same)))
