#!/bin/sh
# Benchmark of `newsfx study` against a straightforward statsmodels loop, measured in the same run.
#
#   sh scripts/bench-study.sh [RUNS]      RUNS >= 5 (default 5); BENCH_DIR (default bench-out/study)
#
# Data (scripts/bench-study.py generate): 10,000 firm-events (500 firms x 20) with 250-day estimation
# windows on 2,600 days of synthetic prices (a 10 MB wide CSV). newsfx runs the whole job: reading
# the files, the market model, every statistic of the spec (bootstrap 2000), study.json and the
# CSV tables. The baseline (scripts/bench-study.py baseline) reads the same files with pandas and
# does, per firm-event, an OLS market model with statsmodels and the CAR over (-1,+1), then the
# cross-sectional t only. Runs alternate (newsfx, baseline, ...) so that the load of the machine
# weighs on both alike; the medians of wall-clock seconds and of CPU seconds (user + system, all
# threads) are reported with their ratios. On a shared machine the wall-clock ratio moves with the
# load; the CPU ratio much less. Needs /usr/bin/python3 with numpy, pandas, scipy and statsmodels,
# and jq (scripts/install-deps.sh test). Not part of `make test`.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
[ "$RUNS" -ge 5 ] 2>/dev/null || { echo "bench-study.sh: RUNS must be a number >= 5" >&2; exit 2; }
DIR=${BENCH_DIR:-bench-out/study}
[ -x ./newsfx ] || make -s newsfx
mkdir -p "$DIR"
[ -f "$DIR/events.csv" ] || /usr/bin/python3 scripts/bench-study.py generate "$DIR" >&2
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$DIR/newsfx.times"
: > "$DIR/newsfx.cpu"
: > "$DIR/baseline.times"
: > "$DIR/baseline.cpu"
i=0
while [ "$i" -lt "$RUNS" ]; do
  i=$((i + 1))
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$DIR/cpu.tmp" ./newsfx study -q --events "$DIR/events.csv" --prices "$DIR/prices.csv" \
    --market "$DIR/market.csv" --output-dir "$DIR/out"
  t1=$(now)
  secs "$t0" "$t1" >> "$DIR/newsfx.times"
  awk '{ printf "%.3f\n", $1 + $2 }' "$DIR/cpu.tmp" >> "$DIR/newsfx.cpu"
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$DIR/cpu.tmp" /usr/bin/python3 scripts/bench-study.py baseline "$DIR" > "$DIR/baseline.out"
  t1=$(now)
  secs "$t0" "$t1" >> "$DIR/baseline.times"
  awk '{ printf "%.3f\n", $1 + $2 }' "$DIR/cpu.tmp" >> "$DIR/baseline.cpu"
  echo "run $i: newsfx $(tail -n 1 "$DIR/newsfx.times") s, baseline $(tail -n 1 "$DIR/baseline.times") s" >&2
done
rm -f "$DIR/cpu.tmp"
n=$(median < "$DIR/newsfx.times")
c=$(median < "$DIR/newsfx.cpu")
b=$(median < "$DIR/baseline.times")
bc=$(median < "$DIR/baseline.cpu")
echo "firm-events: 10000 (250-day estimation windows), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "newsfx study (all statistics, bootstrap 2000, outputs): median $n s wall, $c s CPU over $RUNS runs"
echo "statsmodels loop (market model + csect_t only):         median $b s wall, $bc s CPU over $RUNS runs"
awk -v n="$n" -v b="$b" -v c="$c" -v bc="$bc" \
  'BEGIN { printf "ratio: newsfx is %.1f times faster (wall clock), %.1f times (CPU)\n", b / n, bc / c }'
echo "check: newsfx    caar(-1,1) $(jq -r '.caar[0].caar' "$DIR/out/study.json") csect_t $(jq -r '.caar[0].stats.csect_t.value' "$DIR/out/study.json")"
echo "check: baseline $(cut -d' ' -f1-4 "$DIR/baseline.out")"
