"""DuckDB (npm @duckdb/node-api, locked in tests/clients/package-lock.json) reads newsfx output.

read_json_auto over the events: ids come out VARCHAR, doc_date DATE, amounts DOUBLE and exact;
GROUP BY type equals the counts of Python and of jq over the same file, and their total equals
newsfx's own count (its summary line and the per-document --docs-out lines); GROUP BY doc_id equals
--docs-out document by document; roles unnest to the JSON's fillers. read_csv over the CSV output
(ids typed VARCHAR) gives the same rows. The queries are in duckdb_query.mjs.
"""
import collections
import json
import os
import re
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import NEWSFX, REUTERS, check, done, jsonl, newsfx, tmpdir, write_hostile  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
folder = tmpdir()
hostile = write_hostile(folder)
ev_path, docs_path = os.path.join(folder, "events.jsonl"), os.path.join(folder, "docs.jsonl")
p = subprocess.run(NEWSFX + ["extract", "--docs-out", docs_path, "-o", ev_path, hostile, REUTERS],
                   capture_output=True, text=True)
check(p.returncode == 0, "extract exit %d: %s" % (p.returncode, p.stderr[-300:]))
own_total = int(re.search(r"; (\d+) events, ", p.stderr).group(1))
men_path = os.path.join(folder, "mentions.jsonl")
newsfx("extract", "-q", "--mentions", "-o", men_path, hostile)
csv_path = os.path.join(folder, "events.csv")
newsfx("extract", "-q", "--output-format", "csv", "-o", csv_path, hostile, REUTERS)

events = jsonl(open(ev_path, encoding="utf-8").read(), parse_float=Decimal)
docs = jsonl(open(docs_path, encoding="utf-8").read())
node = subprocess.run(["node", os.path.join(here, "duckdb_query.mjs"), ev_path, men_path, csv_path],
                      capture_output=True, text=True, cwd=here)
if node.returncode != 0:
    print(node.stderr)
    raise SystemExit("node duckdb_query.mjs: exit %d" % node.returncode)
d = json.loads(node.stdout)
print("duckdb", d["version"], "node", subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip())

# types
for col, want in (("event_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("doc_date", "DATE"), ("type", "VARCHAR"),
                  ("sentence", "BIGINT"), ("confidence", "DOUBLE")):
    check(d["types"].get(col) == want, "read_json_auto: %s is %s, want %s" % (col, d["types"].get(col), want))
check('"value" DOUBLE' in d["types"]["amount"], "amount.value type: %s" % d["types"]["amount"])
check(d["types"]["roles"].startswith("STRUCT(") and "[]" in d["types"]["roles"], "roles type %s" % d["types"]["roles"][:80])

# counts: DuckDB = Python = jq = newsfx
py_types = collections.Counter(e["type"] for e in events)
jq = subprocess.run(["jq", "-s", "-c", "group_by(.type) | map({(.[0].type): length}) | add", ev_path],
                    capture_output=True, text=True)
check(jq.returncode == 0, "jq: %s" % jq.stderr)
check(d["by_type"] == dict(py_types), "GROUP BY type %s, Python %s" % (d["by_type"], dict(py_types)))
check(d["by_type"] == json.loads(jq.stdout), "GROUP BY type %s, jq %s" % (d["by_type"], jq.stdout))
check(sum(d["by_type"].values()) == own_total == sum(x["events"] for x in docs),
      "events: DuckDB %d, newsfx summary %d, --docs-out %d" %
      (sum(d["by_type"].values()), own_total, sum(x["events"] for x in docs)))
check(d["by_doc"] == {x["doc_id"]: x["events"] for x in docs if x["events"]},
      "GROUP BY doc_id differs from --docs-out")
check(len(d["by_type"]) >= 8, "few event types: %s" % d["by_type"])

# values
check(len(d["rows"]) == len(events), "%d rows for %d events" % (len(d["rows"]), len(events)))
bad = []
for e, (eid, did, date, amount, cur, change, dtype) in zip(events, d["rows"]):
    a, c = e["amount"], e["change"]
    got = (eid, did, date, None if amount is None else float(amount), cur, None if change is None else float(change))
    want = (e["event_id"], e["doc_id"], e["doc_date"], a and float(a["value"]), a and a["currency"],
            c and float(c["value"]))
    if got != want:
        bad.append((want, got))
check(not bad, "%d rows differ from the JSON (want, got): %s" % (len(bad), bad[:3]))
amounts = {float(r[3]) for r in d["rows"] if r[3] is not None}
for want in (1370000000, 5000000000000, 110000000000, 0.35, 0.375):
    check(want in amounts, "amount %r not read exactly" % want)
check([r[0] for r in d["rows"] if r[1] == "0017"] == ["0017:0"], "doc_id '0017' not kept as text")
for role, got in (("acquirer", [tuple(x) for x in d["acquirers"]]), ("target", [tuple(x[:2]) for x in d["targets"]])):
    want = [(e["event_id"], f["name"], f["ticker"]) if role == "acquirer" else (e["event_id"], f["name"])
            for e in events for f in e["roles"].get(role, [])]
    check(got == want, "unnest(roles.%s): %d rows, want %d" % (role, len(got), len(want)))
top = sorted((e for e in events if e["type"] == "acquisition" and e["amount"] and e["amount"]["currency"] == "USD"),
             key=lambda e: (-e["amount"]["value"], e["event_id"]))[:3]
check([r[0] for r in d["top"]] == [e["event_id"] for e in top], "top deals %s" % d["top"])
mkinds = collections.Counter(m["kind"] for m in jsonl(open(men_path, encoding="utf-8").read()))
check(d["mention_kinds"] == dict(mkinds), "mentions GROUP BY kind %s, Python %s" % (d["mention_kinds"], dict(mkinds)))

# the CSV
check(d["csv_types"].get("doc_id") == "VARCHAR" and d["csv_types"].get("amount") == "DOUBLE",
      "read_csv types %s" % d["csv_types"])
want = [(e["event_id"], e["doc_id"], e["amount"] and float(e["amount"]["value"]),
         "; ".join(f["name"] for f in e["roles"].get("acquirer", [])) or None) for e in events]
got = [(r[0], r[1], None if r[2] is None else float(r[2]), r[3]) for r in d["csv_rows"]]
check(got == want, "read_csv rows differ from the JSON: %s" % [(w, g) for w, g in zip(want, got) if w != g][:3])
done()
