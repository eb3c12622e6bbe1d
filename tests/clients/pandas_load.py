"""pandas reads newsfx's JSON Lines the way the README tells analysts to (section "Using the output"):

    ev = pd.read_json("events.jsonl", lines=True, dtype=False, precise_float=True,
                      convert_dates=["doc_date"])

and gets: ids as strings even when they look numeric (Reuters' "17", "0017", "1e3"); every amount
exactly the double of its decimal text (1.37 billion is 1370000000, 35 cts is 0.35); doc_date as
datetime64; nested amount/change/trigger flattened by json_normalize and roles as a long table of
fillers. Each recipe line is one a user relies on; each is checked against the JSON text itself.
(Without dtype=False pandas turns all-numeric id columns into int64, and without precise_float=True
its fast float parser misreads about one value in a hundred by one unit in the last place: both
were seen with pandas 1.5.3 on the Reuters output.)
"""
import io
import json
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import REUTERS, check, done, jsonl, newsfx, tmpdir, write_hostile  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

print("pandas", pd.__version__, "numpy", np.__version__)
folder = tmpdir()
inputs = [write_hostile(folder), REUTERS]
ev_path, men_path = os.path.join(folder, "events.jsonl"), os.path.join(folder, "mentions.jsonl")
reuters_path = os.path.join(folder, "reuters-events.jsonl")
newsfx("extract", "-q", "-o", reuters_path, REUTERS)
with open(ev_path, "w", encoding="utf-8") as f:
    f.write(newsfx("extract", "-q", inputs[0]) + open(reuters_path, encoding="utf-8").read())
newsfx("extract", "-q", "--mentions", "-o", men_path, inputs[0])
ref = jsonl(open(ev_path, encoding="utf-8").read())             # the reference: Python's json
dec = jsonl(open(ev_path, encoding="utf-8").read(), parse_float=Decimal)  # the decimal text itself


def read(path):
    return pd.read_json(path, lines=True, dtype=False, precise_float=True, convert_dates=["doc_date"])


ev = read(ev_path)
check(len(ev) == len(ref), "%d rows for %d events" % (len(ev), len(ref)))

# ids stay ids
for col in ("event_id", "doc_id"):
    check(ev[col].dtype == object, "%s dtype %s" % (col, ev[col].dtype))
    check(ev[col].tolist() == [e[col] for e in ref], "%s values differ from the JSON strings" % col)
for want in ("99017", "0017", "1e3"):
    check(want in set(ev["doc_id"]), "doc_id %r lost (numeric-looking ids must stay strings)" % want)
check(all(isinstance(x, str) for x in ev["doc_id"]), "a doc_id is not a str")
# Reuters alone: every doc_id looks numeric, the case where pandas' default coerces the column
rv = read(reuters_path)
check(rv["doc_id"].dtype == object and all(isinstance(x, str) for x in rv["doc_id"]),
      "Reuters doc_id read as %s, not strings" % rv["doc_id"].dtype)
check(rv["doc_id"].tolist() == [e["doc_id"] for e in jsonl(open(reuters_path, encoding="utf-8").read())],
      "Reuters doc_id values differ from the JSON strings")

# dates parse
check(str(ev["doc_date"].dtype) == "datetime64[ns]", "doc_date dtype %s" % ev["doc_date"].dtype)
check([None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in ev["doc_date"]] == [e["doc_date"] for e in ref],
      "doc_date values differ")
check(ev["doc_date"].min() >= pd.Timestamp("1987-01-01") and ev["doc_date"].max() < pd.Timestamp("1988-01-01"),
      "doc_date outside 1987")

# plain columns keep their JSON types
for col, kind in (("v", "i"), ("sentence", "i"), ("confidence", "f"), ("stake_pct", "f")):
    check(ev[col].dtype.kind == kind, "%s dtype %s, want kind %s" % (col, ev[col].dtype, kind))
check(ev["type"].dtype == object and set(ev["type"]) <= {
    "acquisition", "merger", "investment", "funding_round", "partnership", "earnings", "stock_move", "ipo",
    "divestiture", "dividend"}, "type column")

# nested fields flatten; amounts exact
flat = pd.json_normalize(ev.to_dict("records"))
for col in ("amount.value", "amount.currency", "amount.approx", "change.value", "change.unit", "trigger.text",
            "trigger.start"):
    check(col in flat.columns, "json_normalize: no column %s" % col)
check(flat["amount.value"].dtype == np.float64, "amount.value dtype %s" % flat["amount.value"].dtype)
bad = [(d["event_id"], d["amount"]["value"], v) for d, v in zip(dec, flat["amount.value"])
       if d["amount"] is not None and v != float(d["amount"]["value"])]
check(not bad, "amount.value not the double of the decimal text: %s" % bad[:5])
check(all(pd.isna(v) for d, v in zip(dec, flat["amount.value"]) if d["amount"] is None), "null amount not NaN")
values = set(flat["amount.value"].dropna())
for want in (1370000000, 5000000000000, 110000000000, 270000000, 0.35, 0.375):
    check(want in values, "amount %r not read exactly" % want)
check(all(float(v).is_integer() and "%d" % v == str(d["amount"]["value"])
          for d, v in zip(dec, flat["amount.value"]) if d["amount"] and "." not in str(d["amount"]["value"])),
      "a whole amount does not print back as its integer")
bad = [(d["event_id"], v) for d, v in zip(dec, flat["change.value"])
       if d["change"] is not None and v != float(d["change"]["value"])]
check(not bad, "change.value inexact: %s" % bad[:5])

# mentions: every value exact (precise_float), doc_id kept
men = read(men_path)
mref = jsonl(open(men_path, encoding="utf-8").read(), parse_float=Decimal)
bad = [(m["text"], m["value"], v) for m, v in zip(mref, men["value"])
       if m["value"] is not None and v != float(m["value"])]
check(not bad, "mention values inexact: %s" % bad[:5])
check(men["doc_id"].tolist() == [m["doc_id"] for m in mref], "mention doc_id values differ")

# roles: one row per filler (a long table), and back to one cell per role as the CSV shows it
fillers = pd.json_normalize(
    [{"event_id": e["event_id"], "type": e["type"], "role": role, "filler": f}
     for e in ev.to_dict("records") for role, fs in e["roles"].items() for f in fs])
check(len(fillers) == sum(len(fs) for e in ref for fs in e["roles"].values()), "filler rows")
for col in ("event_id", "role", "filler.name", "filler.ticker", "filler.text", "filler.start", "filler.byte_end"):
    check(col in fillers.columns, "fillers: no column %s" % col)
check(fillers["filler.start"].dtype.kind == "i", "filler.start dtype %s" % fillers["filler.start"].dtype)
joined = fillers.groupby(["event_id", "role"], sort=False)["filler.name"].agg("; ".join)
csv = pd.read_csv(io.StringIO(newsfx("extract", "-q", "--output-format", "csv", *inputs)),
                  dtype=str, keep_default_na=False).set_index("event_id")
bad = [(k, v) for (k, role), v in joined.items() if csv.at[k, role] != v]
check(not bad, "roles joined from the long table differ from the CSV cells: %s" % bad[:3])
# a wide table of the main roles, one row per event
wide = fillers.pivot_table(index="event_id", columns="role", values="filler.name", aggfunc="; ".join)
acq = ev.set_index("event_id").join(wide)[lambda d: d.type == "acquisition"]
check(acq["acquirer"].notna().sum() > 100, "few acquisitions with an acquirer in the wide table")
check(json.dumps(ev.groupby("type").size().to_dict(), sort_keys=True) ==
      json.dumps({t: sum(1 for e in ref if e["type"] == t) for t in {e["type"] for e in ref}}, sort_keys=True),
      "events per type differ from the JSON's")
done()
