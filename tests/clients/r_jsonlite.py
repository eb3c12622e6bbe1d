"""R jsonlite (Debian r-cran-jsonlite) reads newsfx output: stream_in() over events and mentions.

ids come out character ("0017", "1e3" too), doc_date parses with as.Date, every amount, change and
mention value is the very double of its decimal text (R prints it with 17 digits, compared here
with Python's float of the JSON text), flatten() gives amount.value and change.value, roles unnest
to the JSON's acquirers, and table(type) equals the counts of the JSON. The R side is r_jsonlite.R.
"""
import collections
import json
import os
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import REUTERS, check, done, jsonl, newsfx, reuters_head, tmpdir, write_hostile  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
folder = tmpdir()
hostile = write_hostile(folder)
head = reuters_head(folder, 3000)
ev_path, men_path = os.path.join(folder, "events.jsonl"), os.path.join(folder, "mentions.jsonl")
newsfx("extract", "-q", "-o", ev_path, hostile, REUTERS)
newsfx("extract", "-q", "--mentions", "-o", men_path, hostile, head)
events = jsonl(open(ev_path, encoding="utf-8").read(), parse_float=Decimal)
mentions = jsonl(open(men_path, encoding="utf-8").read(), parse_float=Decimal)

p = subprocess.run(["Rscript", os.path.join(here, "r_jsonlite.R"), ev_path, men_path], capture_output=True, text=True)
if p.returncode != 0:
    print(p.stderr)
    raise SystemExit("Rscript r_jsonlite.R: exit %d" % p.returncode)
r = json.loads(p.stdout)
print(r["r"], "jsonlite", r["jsonlite"])
want_classes = {"event_id": "character", "doc_id": "character", "doc_date": "Date", "type": "character",
                "sentence": "integer", "amount_value": "numeric", "change_value": "numeric", "mention_value": "numeric"}
check(r["classes"] == want_classes, "classes %s" % r["classes"])
check(r["event_id"] == [e["event_id"] for e in events], "event_id values differ")
check(r["doc_id"] == [e["doc_id"] for e in events], "doc_id values differ")
check(r["doc_date"] == [e["doc_date"] for e in events], "doc_date values differ")


def exact(got, want, what):
    bad = [(w, g) for w, g in zip(want, got) if (w is None) != (g is None) or (w is not None and float(g) != float(w))]
    check(len(got) == len(want) and not bad, "%s: %d of %d values not exact (want, R): %s" % (what, len(bad), len(want), bad[:4]))


exact(r["amount"], [e["amount"] and e["amount"]["value"] for e in events], "amount.value")
exact(r["change"], [e["change"] and e["change"]["value"] for e in events], "change.value")
exact(r["mention"], [m["value"] for m in mentions], "mention value")
check("1370000000" in r["amount"] and "5000000000000" in r["amount"], "large amounts not whole in R")
check(r["by_type"] == dict(collections.Counter(e["type"] for e in events)), "table(type) %s" % r["by_type"])
check([(a["event_id"], a["name"]) for a in r["acquirers"]] ==
      [(e["event_id"], f["name"]) for e in events for f in e["roles"].get("acquirer", [])], "acquirers differ")
done()
