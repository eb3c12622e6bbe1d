#!/bin/sh
# jq (Debian 12: 1.6, numbers as doubles) reads newsfx output without losing anything: `jq -c .` gives
# back every events and mentions line byte for byte (so no number changes, from 0.35 to 5000000000000,
# and strings and key order survive), amounts print as the integers they are, ids stay strings.
set -u
cd "$ROOT"
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
jq --version
/usr/bin/python3 -c 'import sys; sys.path.insert(0, "tests/lib"); import nxtest; nxtest.write_hostile(sys.argv[1])' "$t"
$NEWSFX extract -q -o "$t/ev.jsonl" "$t/hostile.jsonl" "$SHARED/data/reuters21578/reuters21578.jsonl" || no "extract"
$NEWSFX extract -q --mentions -o "$t/men.jsonl" "$t/hostile.jsonl" "$SHARED/data/seed/techdrop-microsoft-openai-amazon.txt" || no "extract --mentions"
for f in ev men; do
  [ "$(wc -l <"$t/$f.jsonl")" -gt 20 ] || no "$f: too few records"
  jq -c . "$t/$f.jsonl" >"$t/$f.jq" || no "jq cannot read $f.jsonl"
  cmp -s "$t/$f.jq" "$t/$f.jsonl" || { no "jq -c . changes $f.jsonl:"; diff "$t/$f.jsonl" "$t/$f.jq" | head -6; }
done
got=$($NEWSFX extract -q "$t/hostile.jsonl" | jq -c '[.event_id, .amount.value, .change.value]')
want='["99017:0",1370000000,null]
["0017:0",5000000000000,null]
["a,b \"quoted\" id:0",270000000,null]
["\"starts with a quote:0",110000000000,null]
["line\nbreak\r\nand\ttab:0",null,-1.25]
["line\nbreak\r\nand\ttab:1",null,-2.3]
["Zürich Société €:0",0.375,null]
["1e3:0",0.35,null]'
[ "$got" = "$want" ] || { no "jq .amount.value:"; printf '%s\n' "$got"; }
[ "$(jq -r 'select(.doc_id == "0017") | .event_id' "$t/ev.jsonl")" = "0017:0" ] || no "doc_id '0017' not a string"
[ "$(jq -r 'select(.doc_id == "99017") | .doc_id | type' "$t/ev.jsonl")" = "string" ] || no "doc_id 99017 not a string"
exit $fail
