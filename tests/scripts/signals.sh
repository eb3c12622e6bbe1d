#!/bin/sh
# Signals: SIGPIPE ends a run quietly (`newsfx extract big.jsonl | head`), and SIGINT/SIGTERM leave no
# partial output file: -o and --docs-out are written to FILE.tmp-PID and renamed only at the end.
set -eu
T=$(mktemp -d /tmp/newsfx-sig.XXXXXX)
trap 'rm -rf "$T"' EXIT
REUTERS=$SHARED/data/reuters21578/reuters21578.jsonl
# 1. SIGPIPE: the reader of stdout goes away after one line; newsfx dies of SIGPIPE (or exits)
#    without a message on stderr, and the pipeline's consumer got its line.
( set +e; $NEWSFX extract -q -j2 "$REUTERS" 2>"$T/pipe.err"; echo $? >"$T/pipe.code" ) | head -n 1 >"$T/head.out"
[ "$(wc -l <"$T/head.out")" = 1 ]
code=$(cat "$T/pipe.code")
case "$code" in 141|0) ;; *) echo "SIGPIPE: exit $code, want 141 (killed by SIGPIPE)"; cat "$T/pipe.err"; exit 1 ;; esac
if [ -s "$T/pipe.err" ]; then echo "SIGPIPE: unexpected stderr:"; cat "$T/pipe.err"; exit 1; fi
echo "SIGPIPE: exit $code, quiet"
# 2. SIGINT and SIGTERM in the middle of a long run: no events.jsonl, no temporary left behind.
#    The input is the corpus three times (a run of several seconds); the signal comes after 1 s.
for sig in INT TERM; do
  rm -f "$T"/out*
  $NEWSFX extract -q -j1 -o "$T/out.jsonl" --docs-out "$T/out-docs.jsonl" "$REUTERS" "$REUTERS" "$REUTERS" \
    2>"$T/sig.err" &
  pid=$!
  sleep 1
  kill -s $sig $pid
  set +e; wait $pid; code=$?; set -e
  left=$(ls "$T" | grep '^out' || true)
  if [ -n "$left" ]; then echo "SIG$sig: left behind: $left"; exit 1; fi
  [ "$code" -gt 128 ] || { echo "SIG$sig: exit $code, the run was not interrupted"; exit 1; }
  echo "SIG$sig: exit $code, no partial output"
done
# 3. the same run, not interrupted, does produce the files (the check above means something)
$NEWSFX extract -q -j2 -o "$T/out.jsonl" --docs-out "$T/out-docs.jsonl" "$SHARED/data/seed/techdrop-microsoft-openai-amazon.txt"
[ -s "$T/out.jsonl" ] && [ -s "$T/out-docs.jsonl" ]
[ "$(ls "$T" | grep -c '\.tmp-')" = 0 ]
echo ok
