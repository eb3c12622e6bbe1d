#!/bin/sh
# make fuzz: build the libFuzzer harnesses of tests/fuzz/ with clang (ASan + UBSan) into build-fuzz/
# and run each for FUZZ_SECONDS (default 60). The seed corpora are tests/fuzz/corpus/<harness>/
# (committed, read only); what a run learns goes to fuzz-out/<harness>/corpus (kept between runs,
# not committed) and any crash to fuzz-out/<harness>/crash-*. Exit 1 when a harness found a crash.
#   FUZZ_SECONDS=1800 FUZZERS="fuzz_extract" sh scripts/fuzz.sh
#   FUZZ_JOBS=2      run that many harnesses at once (default 1)
#   FUZZ_BUILD_ONLY=1  build and stop
set -u
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZERS=${FUZZERS:-"fuzz_rules fuzz_extract fuzz_jsonl fuzz_html fuzz_prices fuzz_factor"}
FUZZ_JOBS=${FUZZ_JOBS:-1}
CLANG=${CLANG:-$(command -v clang || command -v clang-14 || true)}
if [ -z "$CLANG" ]; then
  echo "fuzz.sh: clang is needed (apt-get install clang)" >&2
  exit 2
fi
# the fuzzer runtime comes with Debian's clang (libclang-rt-14-dev)
make --no-print-directory BUILD=build-fuzz CC="$CLANG" OPT="-O1 -g -fno-omit-frame-pointer" \
  EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  EXTRA_LDFLAGS="-fsanitize=address,undefined" FUZZERS="$FUZZERS" fuzzers || exit 2
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0
# the extractor harness loads the shipped rules and data from here
NEWSFX_HOME=$(pwd)
export NEWSFX_HOME
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
run_one() {
  f=$1
  out=fuzz-out/$f
  mkdir -p "$out/corpus"
  dict=""
  [ -f "tests/fuzz/$f.dict" ] && dict="-dict=tests/fuzz/$f.dict"
  # -rss_limit_mb: the extractor holds the gazetteer; -timeout: a hang is a finding too
  # shellcheck disable=SC2086
  build-fuzz/fuzz/$f "$out/corpus" "tests/fuzz/corpus/$f" $dict -max_total_time="$FUZZ_SECONDS" \
    -timeout=25 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/" \
    >"$out/log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$out/log" | tail -1)
  echo "$f: exit $rc, ${execs:-?} executions, ${cov:-cov: ?} in ${FUZZ_SECONDS}s (log $out/log)"
  return $rc
}
status=0
running=0
pids=""
for f in $FUZZERS; do
  if [ "$FUZZ_JOBS" -le 1 ]; then
    run_one "$f" || status=1
  else
    run_one "$f" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$FUZZ_JOBS" ]; then
      for p in $pids; do wait "$p" || status=1; done
      pids=""; running=0
    fi
  fi
done
for p in $pids; do wait "$p" || status=1; done
for f in $FUZZERS; do
  for c in fuzz-out/"$f"/crash-* fuzz-out/"$f"/leak-* fuzz-out/"$f"/timeout-* fuzz-out/"$f"/oom-*; do
    [ -f "$c" ] && { echo "finding: $c"; status=1; }
  done
done
exit $status
