#!/bin/sh
# The test runner (jansson style): prints "." per passing test, "F" per failure, keeps a log only for
# failures under tests/out/, and ends with a summary. Environment:
#   NEWSFX=path   the binary under test (default ./newsfx)
#   BUILD=dir     where the unit-test binaries are (default build)
#   VALGRIND=1    run newsfx under valgrind (memcheck, errors are failures)
#   ONLY=pattern  run only the tests whose name contains pattern
#   TESTS_FAST=1  skip the slow tests (whole-corpus runs)
#   CLIENTS=1     run the client tests (tests/clients/*.sh|*.py: pandas, DuckDB, jq, R, Jupyter) and
#                 nothing else; `make test-clients` installs their tools first
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
NEWSFX_BIN=${NEWSFX:-./newsfx}
case "$NEWSFX_BIN" in /*) ;; *) NEWSFX_BIN="$ROOT/${NEWSFX_BIN#./}" ;; esac
if [ "${VALGRIND:-0}" = 1 ]; then
  NEWSFX="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite $NEWSFX_BIN"
  export NEWSFX_NO_JIT=1 # PCRE2's JIT code over-reads the subject on purpose (SIMD): valgrind noise
else
  NEWSFX="$NEWSFX_BIN"
fi
export NEWSFX NEWSFX_BIN ROOT BUILD
export SHARED="${SHARED:-$ROOT/../shared}"
OUT="$ROOT/tests/out"
rm -rf "$OUT"; mkdir -p "$OUT"
pass=0; fail=0; failed=""

result() { # name status log
  if [ "$2" = 0 ]; then pass=$((pass + 1)); printf .; rm -f "$3"
  else fail=$((fail + 1)); printf F; failed="$failed $1"; fi
}
want() {
  case "${CLIENTS:-0}:$1" in 1:client/*) ;; 1:*|*:client/*) return 1 ;; esac
  [ -z "${ONLY:-}" ] || case "$1" in *"$ONLY"*) return 0 ;; *) return 1 ;; esac
}

# 1. unit tests, one binary per module
for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  name=unit/$(basename "$t"); want "$name" || continue
  log="$OUT/$(echo "$name" | tr / _).log"
  (cd "$ROOT" && "$t") >"$log" 2>&1; result "$name" $? "$log"
done

# 2. every rule's examples
if want rules/test; then
  log="$OUT/rules_test.log"
  $NEWSFX rules test >"$log" 2>&1; result rules/test $? "$log"
fi

# 3. data-driven cases: tests/cases/NAME/{cmd,stdin,expect-exit,expect-stdout,expect-stderr}
for d in tests/cases/*/; do
  [ -f "$d/cmd" ] || continue
  name=case/$(basename "$d"); want "$name" || continue
  log="$OUT/$(echo "$name" | tr / _).log"
  (
    cd "$ROOT/$d" || exit 1
    # a case that hangs fails (exit 124) instead of stopping the suite
    if [ -f stdin ]; then timeout 300 sh ./cmd <stdin >"$OUT/stdout.$$" 2>"$OUT/stderr.$$"
    else timeout 300 sh ./cmd </dev/null >"$OUT/stdout.$$" 2>"$OUT/stderr.$$"; fi
    code=$?
    [ "$code" -ne 124 ] || echo "timed out after 300 s"
    ok=0
    wantcode=$(cat expect-exit 2>/dev/null || echo 0)
    if [ "$code" != "$wantcode" ]; then echo "exit $code, want $wantcode"; ok=1; fi
    # a rule's line number (rules/events.rules:71) moves whenever a rule is added above it: the cases
    # compare rule locations up to the line number
    norm='s/\(\.rules:\)[0-9][0-9]*/\1N/g'
    if [ -f expect-stdout ]; then
      sed "$norm" "$OUT/stdout.$$" >"$OUT/stdout.norm.$$"
      if ! sed "$norm" expect-stdout | cmp -s - "$OUT/stdout.norm.$$"; then
        echo "stdout differs:"; diff expect-stdout "$OUT/stdout.$$" | head -40; ok=1; fi
    fi
    if [ -f expect-stderr ] && ! cmp -s expect-stderr "$OUT/stderr.$$"; then
      echo "stderr differs:"; diff expect-stderr "$OUT/stderr.$$" | head -40; ok=1; fi
    rm -f "$OUT/stdout.$$" "$OUT/stderr.$$" "$OUT/stdout.norm.$$"
    exit $ok
  ) >"$log" 2>&1
  result "$name" $? "$log"
done

# 4. script tests: tests/scripts/*.sh (sh) and tests/scripts/*.py (/usr/bin/python3); client tests
#    likewise from tests/clients/
for t in tests/scripts/*.sh tests/scripts/*.py tests/clients/*.sh tests/clients/*.py; do
  [ -f "$t" ] || continue
  case "$t" in tests/clients/*) name=client/$(basename "$t") ;; *) name=script/$(basename "$t") ;; esac
  want "$name" || continue
  log="$OUT/$(echo "$name" | tr / _).log"
  case "$t" in
    *.py) /usr/bin/python3 "$t" >"$log" 2>&1 ;;
    *) sh "$t" >"$log" 2>&1 ;;
  esac
  result "$name" $? "$log"
done

echo
echo "$pass passed, $fail failed"
if [ "$fail" != 0 ]; then
  for f in $failed; do
    echo "--- $f"; tail -n 30 "$OUT/$(echo "$f" | tr / _).log" 2>/dev/null
  done
  exit 1
fi
