#!/bin/sh
# Adversarial text against the shipped rules: long runs of capitalised words, of digits and commas,
# "$$$$", nested parentheses, company lists without a period, each a 300 KB document between two
# good ones. Every document must come back within its time budget (--doc-timeout 300: the run is
# bounded by about 0.3 s a document plus reading), the good records are extracted as usual, and a
# document that ran out of time is named in the accounting (--docs-out) with the reason.
set -eu
case "$NEWSFX" in valgrind*) echo "skipped under valgrind (too slow; make asan runs it)"; exit 0 ;; esac
T=$(mktemp -d /tmp/newsfx-adv.XXXXXX)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 - "$T/adv.jsonl" <<'PY'
import json, sys
pats = {
    "caps": "Acme Widget Holding Big Blue Systems General Motors Ford Motor ",
    "capscorp": "Acme Widget Holding Corp Big Blue Systems Inc General Motors Ford Motor Co ",
    "digits": "1,234,567,890,123,456,789 ",
    "dollars": "$$$$ ",
    "parens": "((((((((((",
    "mixed": "Acme Widget Holding Corp said Big Blue Systems Inc rose 1,234,567 dlrs, $$$$ ((((( 12.5 pct. ",
    "companies": "Microsoft Corp, Apple Inc, Amazon.com Inc and ",
    "lines": "QUARTON INC <QRT> SETS QUARTERLY Qtly div ",
}
good = "Microsoft Corp agreed to acquire Activision Blizzard Inc for $68.7 billion."
size = 300000
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "good-first", "text": good}) + "\n")
    for k, p in pats.items():
        f.write(json.dumps({"id": k, "text": (p * (size // len(p) + 1))[:size]}) + "\n")
    f.write(json.dumps({"id": "good-last", "text": good}) + "\n")
PY
start=$(date +%s)
set +e
$NEWSFX extract -q -j1 --doc-timeout 300 --docs-out "$T/docs.jsonl" "$T/adv.jsonl" >"$T/out.jsonl" 2>"$T/err"
code=$?
set -e
took=$(( $(date +%s) - start ))
echo "exit $code in ${took}s"; cat "$T/err"
# bounded: 10 documents at 0.3 s each plus start-up; generous for sanitizer builds
limit=${ADV_LIMIT_S:-30}
[ "$took" -le "$limit" ] || { echo "took ${took}s, more than ${limit}s"; exit 1; }
# 0: all done in time, 1: some ran out of time (rejected and reported); never a crash
[ "$code" = 0 ] || [ "$code" = 1 ] || { echo "unexpected exit $code"; exit 1; }
# the good records before and after are extracted as usual
[ "$(jq -r 'select(.doc_id=="good-first") | .type' "$T/out.jsonl")" = acquisition ]
[ "$(jq -r 'select(.doc_id=="good-last") | .type' "$T/out.jsonl")" = acquisition ]
# every record is accounted for, in order; each one out of time says so
[ "$(jq -r .doc_id "$T/docs.jsonl" | tr '\n' ' ')" = "good-first caps capscorp digits dollars parens mixed companies lines good-last " ]
jq -e -s 'map(select(.status=="rejected")) | all(.reason | test("time budget of 300 ms exceeded"))' "$T/docs.jsonl" >/dev/null
rej=$(jq -s 'map(select(.status=="rejected")) | length' "$T/docs.jsonl")
[ "$code" = "$([ "$rej" -gt 0 ] && echo 1 || echo 0)" ]
grep -c "time budget" "$T/err" | grep -qx "$rej"
echo "ok: $rej documents over budget, reported"
