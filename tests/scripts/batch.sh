#!/bin/sh
# Batch behaviour on the shipped Reuters slice: output byte-identical whatever the threads; shards
# and byte ranges partition the documents exactly; .gz read transparently; GNU parallel's --pipepart
# runner gives the same bytes; documents larger than --max-doc-bytes are reported, not truncated.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
IN=data/articles/reuters-1987-slice.jsonl
fail=0
check() { if [ "$2" = ok ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
$NEWSFX extract -q --threads 1 -o "$T/t1" --docs-out "$T/d1" "$IN"
for n in 2 3 8; do
  $NEWSFX extract -q --threads $n -o "$T/t$n" --docs-out "$T/d$n" "$IN"
  cmp -s "$T/t1" "$T/t$n" && cmp -s "$T/d1" "$T/d$n" && r=ok || r=bad
  check "--threads $n output and accounting identical to --threads 1" $r
done
$NEWSFX extract -q --threads 1 --mentions -o "$T/m1" "$IN"
$NEWSFX extract -q --threads 2 --mentions -o "$T/m2" "$IN"
cmp -s "$T/m1" "$T/m2" && r=ok || r=bad; check "mentions identical with 2 threads" $r
# shards: every document in exactly one shard
: > "$T/shards"
for k in 1 2 3; do $NEWSFX extract -q --threads 1 --shard $k/3 --docs-out "$T/s$k" -o /dev/null "$IN"; cat "$T/s$k" >> "$T/shards"; done
sort "$T/shards" > "$T/shards.sorted"; sort "$T/d1" > "$T/d1.sorted"
cmp -s "$T/shards.sorted" "$T/d1.sorted" && r=ok || r=bad; check "shards 1/3..3/3 hold every document once" $r
# byte ranges: Hadoop split semantics
size=$(wc -c < "$IN")
a=0; : > "$T/ranges"
for cut in 1 70000 70001 300000 $size; do
  b=$cut
  [ $b -gt $a ] || continue
  $NEWSFX extract -q --threads 1 --byte-range $a-$b -o - "$IN" >> "$T/ranges"
  a=$b
done
cmp -s "$T/t1" "$T/ranges" && r=ok || r=bad; check "byte ranges 0-1-70000-70001-300000-end concatenate to one run" $r
# gzip
gzip -c "$IN" > "$T/in.jsonl.gz"
$NEWSFX extract -q --threads 2 -o "$T/gz" "$T/in.jsonl.gz"
cmp -s "$T/t1" "$T/gz" && r=ok || r=bad; check ".gz read transparently" $r
# GNU parallel --pipepart
if command -v parallel >/dev/null; then
  NEWSFX="$NEWSFX_BIN" sh scripts/parallel-extract.sh -j 2 -b 100k "$IN" > "$T/par"
  cmp -s "$T/t1" "$T/par" && r=ok || r=bad; check "parallel-extract.sh --pipepart output identical" $r
else
  check "GNU parallel installed (scripts/install-deps.sh test)" bad
fi
# an oversized document is reported and skipped, the others kept
head -3 "$IN" > "$T/small.jsonl"
$NEWSFX extract -q --threads 1 --max-doc-bytes 1000 --docs-out "$T/dsmall" -o /dev/null "$T/small.jsonl" 2>"$T/err"
rc=$?
[ $rc = 1 ] && grep -q "larger than --max-doc-bytes (1000)" "$T/err" && [ "$(wc -l < "$T/dsmall")" = 3 ] && r=ok || r=bad
check "an oversized line is rejected with its reason, exit 1, every line accounted" $r
exit $fail
