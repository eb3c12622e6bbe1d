#!/bin/sh
# Input edges a batch job meets: stdin told JSON Lines after blank lines or a byte-order mark; a
# byte-order mark on a file's first line; CR LF endings not counted against --max-doc-bytes; a text
# file split by --byte-range belongs to the split holding byte 0 only; records without an id get the
# same doc_id whether the file is read whole or by byte ranges.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
IN=data/articles/reuters-1987-slice.jsonl
fail=0
check() { if [ "$2" = ok ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
head -20 "$IN" > "$T/twenty.jsonl"
$NEWSFX extract -q --threads 1 -o "$T/want" "$T/twenty.jsonl"

# stdin: the first byte after blank lines and a byte-order mark says JSON Lines
{ echo; echo "  "; cat "$T/twenty.jsonl"; } | $NEWSFX extract -q --threads 1 -o "$T/got" - 2>"$T/err"
cmp -s "$T/want" "$T/got" && r=ok || r=bad; check "stdin after blank lines is read as JSON Lines" $r
{ printf '\357\273\277'; cat "$T/twenty.jsonl"; } | $NEWSFX extract -q --threads 1 -o "$T/got" - 2>"$T/err"
cmp -s "$T/want" "$T/got" && r=ok || r=bad; check "stdin after a byte-order mark is read as JSON Lines" $r
# the mark and the lines in pieces, as a slow pipe gives them
{ printf '\357'; sleep 0.2; printf '\273\277\n'; sleep 0.2; cat "$T/twenty.jsonl"; } |
  $NEWSFX extract -q --threads 1 -o "$T/got" - 2>"$T/err"
cmp -s "$T/want" "$T/got" && [ ! -s "$T/err" ] && r=ok || r=bad
check "stdin whose byte-order mark comes in pieces is read as JSON Lines" $r
printf 'Zorbex Corp said it agreed to acquire Quarton Inc for 5 mln dlrs.\n' |
  $NEWSFX extract -q --threads 1 -o "$T/got" - 2>"$T/err"
grep -q '"doc_id":"-"' "$T/got" && r=ok || r=bad; check "stdin that is prose is one text document" $r

# a byte-order mark on the first line of a .jsonl file
{ printf '\357\273\277'; cat "$T/twenty.jsonl"; } > "$T/bom.jsonl"
$NEWSFX extract -q --threads 1 -o "$T/got" "$T/bom.jsonl" 2>"$T/err"
[ $? = 0 ] && cmp -s "$T/want" "$T/got" && r=ok || r=bad
check "a byte-order mark before a .jsonl file's first line is skipped" $r

# CR LF: the CR is no part of the line's length
head -1 "$T/twenty.jsonl" | sed 's/$/\r/' > "$T/crlf.jsonl"
len=$(($(wc -c < "$T/crlf.jsonl") - 2)) # without CR LF
$NEWSFX extract -q --threads 1 --max-doc-bytes $len -o /dev/null "$T/crlf.jsonl" 2>"$T/err"
a=$?
$NEWSFX extract -q --threads 1 --max-doc-bytes $((len - 1)) -o /dev/null "$T/crlf.jsonl" 2>"$T/err"
b=$?
[ $a = 0 ] && [ $b = 1 ] && grep -q "larger than --max-doc-bytes ($((len - 1)))" "$T/err" && r=ok || r=bad
check "a CR LF line of exactly --max-doc-bytes is taken, one byte over is not" $r

# a text file is one record, beginning at byte 0: only the split holding byte 0 has it
art=data/articles/techdrop-microsoft-openai-amazon.txt
size=$(wc -c < "$art")
$NEWSFX extract -q --threads 1 -o "$T/whole" "$art"
: > "$T/split"
for range in 0-100 100-2000 2000-$size; do
  $NEWSFX extract -q --threads 1 --byte-range $range -o - "$art" >> "$T/split"
done
[ -s "$T/whole" ] && cmp -s "$T/whole" "$T/split" && r=ok || r=bad
check "a text file split by --byte-range comes out once, whole" $r

# records without an id: doc_id is file@byte, the same read whole or by ranges
sed 's/^{"id": *"\{0,1\}[0-9]*"\{0,1\}, */{/' "$T/twenty.jsonl" > "$T/noid.jsonl"
grep -q '"id"' "$T/noid.jsonl" && check "test data: ids removed" bad
$NEWSFX extract -q --threads 1 -o "$T/whole" "$T/noid.jsonl"
size=$(wc -c < "$T/noid.jsonl")
: > "$T/split"
a=0
for cut in 5000 5001 17000 $size; do
  (cd "$T" && $NEWSFX extract -q --threads 1 --byte-range $a-$cut -o - noid.jsonl) >> "$T/split"
  a=$cut
done
(cd "$T" && $NEWSFX extract -q --threads 1 -o - noid.jsonl) > "$T/whole"
[ -s "$T/whole" ] && cmp -s "$T/whole" "$T/split" && grep -q '"doc_id":"noid.jsonl@[0-9][0-9]*"' "$T/whole" && r=ok || r=bad
check "records without an id: the same doc_id (file@byte) read whole or by byte ranges" $r

# an empty id is no id: the record is named file@byte (doc_id was null, against the schema)
printf '{"id": "", "body": "Zorbex Corp said it agreed to acquire Quarton Inc for 5 mln dlrs."}\n' > "$T/eid.jsonl"
(cd "$T" && $NEWSFX extract -q --threads 1 -o - eid.jsonl) > "$T/got"
grep -q '"event_id":"eid.jsonl@0:0","doc_id":"eid.jsonl@0"' "$T/got" && r=ok || r=bad
check "an empty id: doc_id is file@byte, not null" $r

# a headline with a null body is a document of its headline, as with "body": ""; without any text
# field the record stays rejected (a wrong --text-field must not pass for headlines)
printf '%s\n' '{"id":"t1","title":"ZORBEX <ZRB> TO ACQUIRE QUARTON <QRT> FOR 5 MLN DLRS","text":null}' \
  '{"id":"t2","title":"ZORBEX <ZRB> TO ACQUIRE QUARTON <QRT> FOR 5 MLN DLRS","body":null}' \
  '{"id":"t3","title":"ZORBEX <ZRB> TO ACQUIRE QUARTON <QRT> FOR 5 MLN DLRS","body":""}' > "$T/titles.jsonl"
$NEWSFX extract -q --threads 1 -o "$T/got" "$T/titles.jsonl"
a=$?
[ $a = 0 ] && [ "$(grep -c '"type":"acquisition"' "$T/got")" = 3 ] && r=ok || r=bad
check "a record with a headline and a null body is extracted from its headline" $r
printf '%s\n' '{"id":"t5","title":"ZORBEX <ZRB> TO ACQUIRE QUARTON <QRT> FOR 5 MLN DLRS"}' > "$T/title5.jsonl"
$NEWSFX extract -q --threads 1 -o /dev/null "$T/title5.jsonl" 2>"$T/err"
[ $? = 1 ] && grep -q "record has no 'text' or 'body' field" "$T/err" && r=ok || r=bad
check "a record with no text field at all is still rejected" $r

# --byte-range takes two unsigned numbers: a minus sign is no number
ok=1
for range in 5--1 -1-5 1-+5; do
  $NEWSFX extract -q --byte-range "$range" -o /dev/null "$T/twenty.jsonl" 2>"$T/err"
  [ $? = 2 ] && grep -q "needs A-B (bytes), got '$range'" "$T/err" || ok=0
done
[ $ok = 1 ] && r=ok || r=bad; check "--byte-range with a negative number is a usage error" $r
exit $fail
