"""report.html of a study larger than the page shows: 1,100 firm-events studied and 700 not.

The page lists the first 500 of each kind and says how many more there are (from the summary, as
the page is built from a document that lists only those rows): every count on it must be the
study's, and the rows shown must be the first ones of firm_events.csv.
"""
import csv
import datetime
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nxtest import check, done, newsfx, tmpdir  # noqa: E402

d = tmpdir()
rnd = random.Random(11)
tick = ["T%02d" % i for i in range(10)]
days = []
day = datetime.date(2001, 1, 2)
while len(days) < 600:
    if day.weekday() < 5:
        days.append(day)
    day += datetime.timedelta(days=1)
with open(os.path.join(d, "prices.csv"), "w") as f:
    px = {t: 50.0 for t in tick + ["MKT"]}
    f.write("date," + ",".join(tick + ["MKT"]) + "\n")
    for dd in days:
        m = rnd.gauss(0, 0.01)
        for t in px:
            px[t] *= 1 + m + (rnd.gauss(0, 0.02) if t != "MKT" else 0)
        f.write(dd.isoformat() + "," + ",".join("%.4f" % px[t] for t in tick + ["MKT"]) + "\n")
with open(os.path.join(d, "events.csv"), "w") as f:
    f.write("event_id,ticker,date\n")
    for i in range(1800):
        if i % 18 < 7:
            t = "NOPE%d" % i            # 700 with a ticker without prices
        else:
            t = tick[i % 10]
        f.write("e%04d,%s,%s\n" % (i, t, days[300 + i % 290].isoformat()))
out = os.path.join(d, "out")
newsfx("study", "--events", os.path.join(d, "events.csv"), "--prices", os.path.join(d, "prices.csv"), "--market", "MKT",
       "--overlap", "keep", "--bootstrap", "0", "-q", "-o", out, ok=(0,))
summary = json.load(open(os.path.join(out, "study.json")))["summary"]
check(summary["ok"] == 1100 and summary["firm_events"] == 1800, "summary %s" % summary)
page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
check("700 firm-events not studied" in page, "the count of firm-events not studied")
more = re.findall(r"and (\d+) more \(all in firm_events.csv\)", page)
check(more == ["200", "600"], "'and N more' notes: %s" % more)
rows = list(csv.DictReader(open(os.path.join(out, "firm_events.csv"))))
first_ok = [r["event_id"] for r in rows if r["status"] == "ok"][:500]
first_bad = [r["event_id"] for r in rows if r["status"] != "ok"][:500]
cars = page.split('class="cars"')[1].split("</table>")[0]
notok = page.split('class="notok"')[1].split("</table>")[0]
check(re.findall(r"<tr><td[^>]*>(e\d{4})</td>", cars) == first_ok, "the studied rows shown are the first 500")
check(re.findall(r"<tr><td[^>]*>(e\d{4})</td>", notok) == first_bad, "the rows not studied shown are the first 500")
done()
