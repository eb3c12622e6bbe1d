#!/usr/bin/python3
"""Convert the shared event-study sample data into the CSV forms `newsfx study` reads.

usage: scripts/convert-eventstudy-data.py SHARED_EVENTSTUDY_DIR OUT_DIR

  sp500_additions/  (EventStudyTools sample: ';'-separated, dd.mm.yyyy, no header)
      -> OUT/sp500/prices.csv   date,ticker,close      (firm names as tickers, trailing blanks cut;
                                                        negative CRSP bid/ask prices kept as they are)
         OUT/sp500/market.csv   date,close             (the SP500 index)
         OUT/sp500/events.csv   event_id,ticker,date,type
         OUT/sp500/params.txt   the request file's windows as newsfx options
  nse_splits/       (eventstudies R package: wide percent returns, split dates by name)
      -> OUT/nse/events.csv     event_id,ticker,date,type   (event_id = name:date)
         the returns files are read as they are (--returns percent, --market-column NiftyIndex)
  gafam_10k/        (Python eventstudy package: wide simple returns with SPY, 10-K dates dd/mm/yyyy)
      -> OUT/gafam/events.csv   event_id,ticker,date,type   (event_id = ticker:date)
         the returns file is read as it is (--returns simple --market SPY)

Only the layout changes; no value is altered.
"""
import csv
import os
import sys


def iso(d):
    day, month, year = d.strip().split(".")
    return f"{year}-{month}-{day}"


def sp500(src, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "02_FirmData.csv")) as f, open(os.path.join(out, "prices.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["date", "ticker", "close"])
        for row in csv.reader(f, delimiter=";"):
            if row:
                w.writerow([iso(row[1]), row[0].strip(), row[2].strip()])
    with open(os.path.join(src, "03_MarketData.csv")) as f, open(os.path.join(out, "market.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["date", "close"])
        for row in csv.reader(f, delimiter=";"):
            if row:
                w.writerow([iso(row[1]), row[2].strip()])
    params = set()
    with open(os.path.join(src, "01_RequestFile.csv")) as f, open(os.path.join(out, "events.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["event_id", "ticker", "date", "type"])
        for row in csv.reader(f, delimiter=";"):
            if not row:
                continue
            eid, firm, _index, date, group, ws, we, est_end, est_len = [c.strip() for c in row]
            w.writerow([eid, firm, iso(date), group.lower()])
            est_end, est_len = int(est_end), int(est_len)
            params.add(f"--estimation {est_end - est_len + 1},{est_end} --window {int(ws)},{int(we)}")
    if len(params) != 1:
        sys.exit(f"convert-eventstudy-data: the request file mixes windows: {sorted(params)}")
    with open(os.path.join(out, "params.txt"), "w") as g:
        g.write(params.pop() + "\n")


def nse(src, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "SplitDates.csv")) as f, open(os.path.join(out, "events.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["event_id", "ticker", "date", "type"])
        for row in csv.DictReader(f):
            w.writerow([f"{row['name']}:{row['when']}", row["name"], row["when"], "split"])


def gafam(src, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "10K.csv")) as f, open(os.path.join(out, "events.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["event_id", "ticker", "date", "type"])
        for row in csv.DictReader(f):
            day, month, year = row["event_date"].split("/")
            date = f"{year}-{month}-{day}"
            w.writerow([f"{row['security_ticker']}:{date}", row["security_ticker"], date, "10-K"])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    src, out = sys.argv[1], sys.argv[2]
    sp500(os.path.join(src, "sp500_additions"), os.path.join(out, "sp500"))
    nse(os.path.join(src, "nse_splits"), os.path.join(out, "nse"))
    gafam(os.path.join(src, "gafam_10k"), os.path.join(out, "gafam"))


if __name__ == "__main__":
    main()
