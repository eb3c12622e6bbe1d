"""extract --output-format csv|tsv: one event per row, read back by Python's csv module and pandas.

CSV is RFC 4180 quoting (minimal: a field with a comma, quote, CR or LF is quoted, quotes doubled;
rows end with LF), byte for byte what Python's csv.writer writes for the same rows. TSV is the same
with tabs, where tabs and line breaks inside a field are spaces (one line per row) and only fields
with a quote are quoted. Every cell must say what the JSON record says: roles joined with "; ", the
tickers one per company of the role columns (empty for a null ticker) joined with "; ",
amount and change as columns, numbers exactly as in the JSON text, empty for null.
"""
import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import NEWSFX, REUTERS, check, done, jsonl, newsfx, reuters_head, tmpdir, write_hostile  # noqa: E402

import pandas as pd  # noqa: E402

ROLES = ["acquirer", "target", "seller", "party", "investor", "investee", "lead", "partner", "company",
         "issuer", "buyer"]
HEADER = (["event_id", "doc_id", "doc_date", "type", "status", "modality"] + ROLES +
          ["tickers", "amount", "amount_currency", "amount_approx", "change", "change_unit", "stake_pct",
           "period", "trigger", "sentence", "rule", "confidence"])


def num(x):
    """The JSON number's text as the CSV must print it ('' for null)."""
    return "" if x is None else str(x)


def expected_row(e):
    """The CSV row an event record must become."""
    row = [e["event_id"], e["doc_id"], e["doc_date"] or "", e["type"], e["status"] or "", e["modality"]]
    for r in ROLES:
        row.append("; ".join(f["name"] for f in e["roles"].get(r, [])))
    # one entry per company of the role columns, in their order: empty for a null ticker
    row.append("; ".join(f["ticker"] or "" for r in ROLES for f in e["roles"].get(r, [])))
    a, c = e["amount"], e["change"]
    row += [num(a and a["value"]), a["currency"] if a else "", ("true" if a["approx"] else "false") if a else ""]
    row += [num(c and c["value"]), c["unit"] if c else ""]
    row += [num(e["stake_pct"]), e["period"] or "", e["trigger"]["text"], str(e["sentence"]), e["rule"],
            num(e["confidence"])]
    return row


def tsv_cell(s):
    return s.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def run(name, inputs):
    jtext = newsfx("extract", "-q", *inputs)
    # decimals kept as written: the CSV must print the very same digits
    events = jsonl(jtext, parse_float=Decimal)
    ctext = newsfx("extract", "-q", "--output-format", "csv", *inputs)
    ttext = newsfx("extract", "-q", "--output-format", "tsv", *inputs)
    check(len(events) > 0, "%s: no events" % name)

    rows = list(csv.reader(io.StringIO(ctext, newline=""), strict=True))
    check(rows[0] == HEADER, "%s: csv header %s" % (name, rows[0]))
    check(len(rows) - 1 == len(events), "%s: %d csv rows for %d events" % (name, len(rows) - 1, len(events)))
    bad = 0
    for e, r in zip(events, rows[1:]):
        want = expected_row(e)
        if r != want:
            bad += 1
            if bad <= 5:
                diff = [(h, w, g) for h, w, g in zip(HEADER, want, r) if w != g]
                check(False, "%s: event %r: csv cells differ (column, want, got): %s" % (name, e["event_id"], diff))
    check(bad == 0, "%s: %d csv rows differ from their JSON events" % (name, bad))

    # minimal RFC 4180 quoting, byte for byte as Python's csv.writer
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    check(out.getvalue() == ctext, "%s: csv bytes differ from csv.writer's minimal quoting" % name)

    trows = list(csv.reader(io.StringIO(ttext, newline=""), delimiter="\t", strict=True))
    check(trows == [[tsv_cell(c) for c in r] for r in rows],
          "%s: tsv rows differ from the csv rows with tabs and line breaks as spaces" % name)
    check(ttext.count("\n") == len(rows), "%s: tsv is not one line per row" % name)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(trows)
    check(out.getvalue() == ttext, "%s: tsv bytes differ from csv.writer's excel-tab quoting" % name)

    # pandas, as a spreadsheet user reads it: ids as text, amounts as numbers
    for text, sep, want_rows in ((ctext, ",", rows), (ttext, "\t", trows)):
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        check(df.columns.tolist() == HEADER, "%s: pandas sep %r columns" % (name, sep))
        check(df.values.tolist() == want_rows[1:], "%s: pandas sep %r cells differ from csv's" % (name, sep))
        typed = pd.read_csv(io.StringIO(text), sep=sep, dtype={"event_id": str, "doc_id": str},
                            keep_default_na=False, na_values={"amount": [""], "change": [""]})
        check(typed["doc_id"].tolist() == [e["doc_id"] if sep == "," else tsv_cell(e["doc_id"]) for e in events],
              "%s: pandas sep %r doc_id not kept as text" % (name, sep))
        check(str(typed["amount"].dtype) == "float64", "%s: amount dtype %s" % (name, typed["amount"].dtype))
        for e, v in zip(events, typed["amount"]):
            a = e["amount"]
            if a is not None and not check(v == float(a["value"]), "%s: %r amount %r read as %r" %
                                           (name, e["event_id"], a["value"], v)):
                break
    return events


folder = tmpdir()
hostile = run("hostile", [write_hostile(folder)])
ids = {e["doc_id"] for e in hostile}
for want in ("99017", "0017", "1e3", "a,b \"quoted\" id", "\"starts with a quote", "line\nbreak\r\nand\ttab"):
    check(want in ids, "hostile: no event for doc_id %r (the fixture no longer tests it)" % want)
check(any(e["amount"] and e["amount"]["value"] == Decimal("0.35") for e in hostile), "hostile: no 0.35 amount")

events = run("reuters", [reuters_head(folder, 2000) if os.environ.get("TESTS_FAST") == "1" else REUTERS])
check(any("\n" in f["text"] for e in events for fs in e["roles"].values() for f in fs),
      "reuters: no filler text with a line break (the corpus run no longer tests them)")
check(any("," in f["name"] for e in events for fs in e["roles"].values() for f in fs),
      "reuters: no company name with a comma")

# the formats are for events only; unknown formats are usage errors
for args in (["--output-format", "csv", "--mentions"], ["--output-format", "xml"]):
    p = subprocess.run(
        [*NEWSFX, "extract", *args, os.path.join(folder, "hostile.jsonl")],
        capture_output=True, text=True)
    check(p.returncode == 2 and p.stdout == "", "extract %s: exit %d (want 2), stdout %r" %
          (" ".join(args), p.returncode, p.stdout[:80]))
done()
