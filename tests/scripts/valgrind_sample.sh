#!/bin/sh
# Valgrind (memcheck) on a sample run: the seed article, the bad-input records of the catalogue
# (with two threads and --docs-out), --explain, and rules test. Any invalid read or write, use of
# uninitialised memory or definite leak fails (--error-exitcode=99). About 30 s; skipped with a
# message when valgrind is not installed (scripts/install-deps.sh test installs it). The whole
# suite can also run under valgrind: VALGRIND=1 sh tests/run.sh (slow).
set -eu
case "$NEWSFX" in valgrind*) echo "the suite already runs under valgrind"; exit 0 ;; esac
if ! command -v valgrind >/dev/null 2>&1; then echo "valgrind not installed: skipped"; exit 0; fi
case "$(basename "$NEWSFX_BIN")" in *asan*) echo "not with an ASan build: skipped"; exit 0 ;; esac
export NEWSFX_NO_JIT=1 # PCRE2 JIT code over-reads on purpose (SIMD): valgrind would report it
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-origins=yes"
T=$(mktemp -d /tmp/newsfx-vg.XXXXXX)
trap 'rm -rf "$T"' EXIT
C=$ROOT/tests/cases
status=0
vg() { # expected-exit args...
  want=$1; shift
  set +e
  $VG "$NEWSFX_BIN" "$@" >"$T/out" 2>"$T/err"
  code=$?
  set -e
  if [ "$code" != "$want" ]; then
    echo "valgrind newsfx $*: exit $code, want $want"; grep -v '^newsfx: ' "$T/err" | head -40; status=1
  else
    echo "valgrind newsfx $*: clean"
  fi
}
vg 0 extract -q -j2 --docs-out "$T/docs" "$SHARED/data/seed/techdrop-microsoft-openai-amazon.txt"
vg 1 extract -q -j2 --docs-out "$T/docs" "$C/bad-nul-bytes/records.jsonl" "$C/bad-json-not-object/records.jsonl" \
  "$C/bad-invalid-utf8/article.txt" "$C/bad-number-for-string/records.jsonl" "$C/bad-binary-file/dir"
vg 0 extract -q --explain "$SHARED/data/seed/techdrop-microsoft-openai-amazon.txt"
vg 0 rules test
vg 3 rules test --rules "$C/rules-bad-pattern/bad.rules"
exit $status
