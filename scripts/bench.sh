#!/bin/sh
# make bench: extraction throughput on real text, against a floor and a peer measured in the same run.
#
# Input: the Reuters-21578 corpus (24.3 MB of JSON Lines) replicated REPLICATE times (default 5: 121 MB,
# each copy's ids made unique). Every measure is the median wall time of RUNS runs (default 5):
#   newsfx extract --threads 1, --threads 2 (full rule set, events to /dev/null; the two alternate
#   run by run), peak RSS
#   the floor: one PCRE2 JIT pass of one literal over the same bytes (scripts/bench/floor.c)
#   the peer: a Python `re` extractor of money, percent and stock moves (scripts/bench/peer.py,
#             /usr/bin/python3), run on one copy of the corpus and scaled, unless PEER_FULL=1
#   newsfx on the value rules alone (rules/values.rules: money, percent, dates; mentions out), one
#             thread: the kinds the peer's first two patterns look for, not the full rule set
#   newsfx on long documents: the same stories joined 20 to a document (most past 16 KB), one thread
# BIG=1 also checks peak RSS on a 1 GB input. Results are printed and written to bench-out/bench.txt.
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
REPLICATE=${REPLICATE:-5}
OUT=bench-out
mkdir -p "$OUT"
SRC=../shared/data/reuters21578/reuters21578.jsonl
[ -r "$SRC" ] || { echo "bench: cannot read $SRC" >&2; exit 2; }
IN="$OUT/reuters-x$REPLICATE.jsonl"
if [ ! -s "$IN" ]; then
  /usr/bin/python3 - "$SRC" "$IN" "$REPLICATE" <<'PY'
import json, sys
src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src, encoding="utf-8").read().splitlines()
with open(dst, "w", encoding="utf-8") as out:
    for c in range(k):
        for l in lines:
            d = json.loads(l)
            d["id"] = "%s-%d" % (d["id"], c)
            out.write(json.dumps(d) + "\n")
PY
fi
# Every input is read from memory (a copy in STAGE, default /dev/shm, when it has room for it;
# STAGE= reads them where they are), so that a page cache that drops them between runs (the
# machines' reclaim does) puts no disk reads into the times: what is measured is extraction.
STAGE=${STAGE-/dev/shm}
trap 'rm -f "$STAGE"/newsfx-bench-$$-*' EXIT
stage() { # FILE -> the path to read it from
  if [ -n "$STAGE" ] && [ -d "$STAGE" ] && [ -w "$STAGE" ] &&
     [ "$(df -Pk "$STAGE" | awk 'NR == 2 { print $4 }')" -gt $(($(wc -c < "$1") / 512)) ]; then
    cp "$1" "$STAGE/newsfx-bench-$$-$(basename "$1")" && echo "$STAGE/newsfx-bench-$$-$(basename "$1")"
  else
    echo "$1"
  fi
}
SRCIN=$IN
IN=$(stage "$IN")
cc -O2 -o "$OUT/floor" scripts/bench/floor.c $(pkg-config --cflags --libs libpcre2-8)
MB=$(awk "BEGIN { print $(wc -c < "$IN") / 1e6 }")
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
timeit() { # command... -> median seconds over RUNS, peak RSS (KB) of the last run in $OUT/rss
  i=0; : > "$OUT/times"
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "%e %M" -o "$OUT/t1" "$@" > /dev/null 2>"$OUT/stderr" || { cat "$OUT/stderr" >&2; exit 2; }
    cut -d' ' -f1 "$OUT/t1" >> "$OUT/times"; cut -d' ' -f2 "$OUT/t1" > "$OUT/rss"
    i=$((i + 1))
  done
  median < "$OUT/times"
}
echo "input: $SRCIN, $MB MB (Reuters-21578 x $REPLICATE; read from $(dirname "$IN")), medians of $RUNS runs, $(nproc) cores" | tee "$OUT/bench.txt"
# one and two threads alternate, run by run, so that a change in the neighbours' load falls on both
i=0; : > "$OUT/times1"; : > "$OUT/times2"
while [ $i -lt "$RUNS" ]; do
  for th in 1 2; do
    /usr/bin/time -f "%e %M" -o "$OUT/t1" ./newsfx extract -q --threads $th -o /dev/null "$IN" 2>"$OUT/stderr" ||
      { cat "$OUT/stderr" >&2; exit 2; }
    cut -d' ' -f1 "$OUT/t1" >> "$OUT/times$th"; cut -d' ' -f2 "$OUT/t1" > "$OUT/rss$th"
  done
  i=$((i + 1))
done
t1=$(median < "$OUT/times1"); rss1=$(cat "$OUT/rss1")
t2=$(median < "$OUT/times2"); rss2=$(cat "$OUT/rss2")
tf=$(timeit "$OUT/floor" "$IN")
tv=$(timeit ./newsfx extract -q --threads 1 --rules rules/values.rules --mentions -o /dev/null "$IN")
# long articles: the same stories joined 20 to a document (about 22 KB each, most past the 16 KB a
# pattern sees at once), one thread
LONG="$OUT/reuters-x$REPLICATE-long.jsonl"
if [ ! -s "$LONG" ]; then
  /usr/bin/python3 - "$IN" "$LONG" <<'PY'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    group = []
    def flush():
        if group:
            out.write(json.dumps({"id": group[0]["id"] + "-long", "date": group[0].get("date"), "title": group[0].get("title", ""),
                                  "body": "\n\n".join((d.get("title") or "") + "\n" + (d.get("body") or "") for d in group)}) + "\n")
            group.clear()
    for line in f:
        group.append(json.loads(line))
        if len(group) == 20:
            flush()
    flush()
PY
fi
LONG=$(stage "$LONG")
LMB=$(awk "BEGIN { print $(wc -c < "$LONG") / 1e6 }")
tl=$(timeit ./newsfx extract -q --threads 1 -o /dev/null "$LONG")
if [ "${PEER_FULL:-0}" = 1 ]; then
  tp=$(timeit /usr/bin/python3 scripts/bench/peer.py "$IN"); peer_note="on the same input"
else
  one="$OUT/peer-one-copy.jsonl"; head -n 21578 "$IN" > "$one"; one=$(stage "$one")
  tp1=$(timeit /usr/bin/python3 scripts/bench/peer.py "$one")
  tp=$(awk "BEGIN { print $tp1 * $REPLICATE }"); peer_note="one copy x $REPLICATE"
fi
awk -v mb="$MB" -v t1="$t1" -v t2="$t2" -v tf="$tf" -v tp="$tp" -v tv="$tv" -v r1="$rss1" -v r2="$rss2" -v pn="$peer_note" -v lmb="$LMB" -v tl="$tl" 'BEGIN {
  printf "newsfx --threads 1   %7.2f s  %8.1f MB/s  peak RSS %6.1f MB\n", t1, mb / t1, r1 / 1024
  printf "newsfx --threads 2   %7.2f s  %8.1f MB/s  peak RSS %6.1f MB  (%.2f x one thread)\n", t2, mb / t2, r2 / 1024, t1 / t2
  printf "floor (PCRE2 literal)%7.2f s  %8.1f MB/s  (newsfx 1 thread takes %.0f x its time)\n", tf, mb / tf, t1 / tf
  printf "peer (Python re)     %7.2f s  %8.1f MB/s  (%s; newsfx 1 thread is %.1f x faster)\n", tp, mb / tp, pn, tp / t1
  printf "value rules only     %7.2f s  %8.1f MB/s  (newsfx --rules rules/values.rules --mentions, 1 thread: %.1f x the peer)\n", tv, mb / tv, tp / tv
  printf "long documents       %7.2f s  %8.1f MB/s  (the same stories 20 to a document, %.1f MB of JSON, 1 thread: %.2f x the time one by one)\n", tl, lmb / tl, lmb, tl / t1
}' | tee -a "$OUT/bench.txt"
if [ "${BIG:-0}" = 1 ]; then
  BIGIN="$OUT/big.jsonl"
  [ -s "$BIGIN" ] || { k=0; : > "$BIGIN"; while [ $k -lt 9 ]; do cat "$IN" >> "$BIGIN"; k=$((k + 1)); done; }
  /usr/bin/time -f "%e %M" -o "$OUT/tbig" ./newsfx extract -q --threads 2 -o /dev/null "$BIGIN" 2>/dev/null || true
  awk -v mb="$(wc -c < "$BIGIN")" '{ printf "1 GB check: %.0f MB in %.1f s, peak RSS %.1f MB\n", mb / 1e6, $1, $2 / 1024 }' "$OUT/tbig" | tee -a "$OUT/bench.txt"
fi
