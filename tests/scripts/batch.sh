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
nlines=$(wc -l < "$IN")
gzsize=$(wc -c < "$T/in.jsonl.gz")
# damaged gzip: every line read whole is extracted, the rest is one rejected record naming the line
# where the data breaks off, and the run exits 1 (zlib's gzread gave out nothing of its last call)
gzcheck() { # name file want-ok-lines reason-pattern
  $NEWSFX extract -q --threads 2 --docs-out "$T/gd" -o "$T/ge" "$2" 2>"$T/gerr"
  rc=$?
  ok=$(grep -c '"status":"ok"' "$T/gd"); bad=$(grep -c '"status":"rejected"' "$T/gd")
  next=$((ok + 1))
  if [ $rc = 1 ] && [ "$bad" = 1 ] && { [ -z "$3" ] || [ "$ok" = "$3" ]; } && [ "$ok" -gt 0 ] &&
     grep -q "cannot read '$2' from line $next on: $4" "$T/gerr" &&
     head -c "$(wc -c < "$T/ge")" "$T/t1" | cmp -s - "$T/ge"; then r=ok; else r=bad; cat "$T/gerr"; fi
  check "$1" $r
}
head -c $((gzsize - 8)) "$T/in.jsonl.gz" > "$T/notrailer.jsonl.gz"
gzcheck ".gz without its trailer: every line extracted, then 'truncated' at the line after the last" \
  "$T/notrailer.jsonl.gz" "$nlines" "the compressed data ends early"
head -c $((gzsize / 2)) "$T/in.jsonl.gz" > "$T/half.jsonl.gz"
gzcheck ".gz cut in half: the lines before the cut extracted, the rest one rejected record" \
  "$T/half.jsonl.gz" "" "the compressed data ends early"
cp "$T/in.jsonl.gz" "$T/crc.jsonl.gz"
printf '\377\377\377\377' | dd of="$T/crc.jsonl.gz" bs=1 seek=$((gzsize - 8)) conv=notrunc 2>/dev/null
gzcheck ".gz with a wrong checksum: every line extracted, then 'damaged'" "$T/crc.jsonl.gz" "$nlines" \
  "the compressed data is damaged (incorrect data check)"
# gzip data is found by its first bytes, whatever the name, and cannot be split by bytes
cp "$T/in.jsonl.gz" "$T/disguised.jsonl"
$NEWSFX extract -q --threads 1 -o "$T/dg" "$T/disguised.jsonl"
cmp -s "$T/t1" "$T/dg" && r=ok || r=bad; check "gzip data read by its magic bytes, not its name" $r
$NEWSFX extract -q --threads 1 --byte-range 0-100 -o /dev/null "$T/disguised.jsonl" 2>"$T/rerr"
[ $? = 2 ] && grep -q "cannot split '$T/disguised.jsonl': it holds gzip data" "$T/rerr" && r=ok || r=bad
check "--byte-range on gzip data is a usage error (exit 2)" $r
# GNU parallel --pipepart
if command -v parallel >/dev/null; then
  NEWSFX="$NEWSFX_BIN" sh scripts/parallel-extract.sh -j 2 -b 100k "$IN" > "$T/par"
  cmp -s "$T/t1" "$T/par" && r=ok || r=bad; check "parallel-extract.sh --pipepart output identical" $r
  # a rejected record: reported, the other blocks extracted, exit 1
  { head -30 "$IN"; echo '{"id": "broken", "body": '; tail -n +31 "$IN"; } > "$T/onebad.jsonl"
  NEWSFX="$NEWSFX_BIN" sh scripts/parallel-extract.sh -j 2 -b 50k "$T/onebad.jsonl" > "$T/par1" 2>"$T/parerr"
  rc=$?
  [ $rc = 1 ] && cmp -s "$T/t1" "$T/par1" && grep -q "broken JSON" "$T/parerr" && r=ok || r=bad
  check "parallel-extract.sh: a broken line is reported, the rest extracted, exit 1 (was $rc)" $r
  NEWSFX="$NEWSFX_BIN" sh scripts/parallel-extract.sh -j 2 "$IN" -- --docs-out "$T/dd" > /dev/null 2>"$T/parerr"
  [ $? = 2 ] && grep -q "cannot be given to every job" "$T/parerr" && [ ! -e "$T/dd" ] && r=ok || r=bad
  check "parallel-extract.sh refuses --docs-out (every job would write one file)" $r
  # a block whose newsfx crashes: exit 2, naming the block
  printf '#!/bin/sh\nexec kill -SEGV $$\n' > "$T/crash"; chmod +x "$T/crash"
  NEWSFX="$T/crash" sh scripts/parallel-extract.sh -j 2 "$IN" > /dev/null 2>"$T/parerr"
  [ $? = 2 ] && grep -q "block(s) 1 failed" "$T/parerr" && r=ok || r=bad
  check "parallel-extract.sh: a crashing job fails the run with exit 2" $r
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
