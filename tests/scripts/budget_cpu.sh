#!/bin/sh
# --doc-timeout counts the worker's CPU time, not the wall clock: on cores shared with other work
# (more threads than cores, a busy machine) a document is not rejected for waiting, so the output is
# the same whatever the threads. One long document (the Reuters slice's stories as one body) is
# extracted under a budget of twice the CPU time it needs, once on an idle machine and once while
# busy loops hold every core four times over (its wall time is then several times its CPU time).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
burners=""
trap 'for p in $burners; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
/usr/bin/python3 - "$T/long.jsonl" <<'EOF'
import json, sys
docs = [json.loads(l) for l in open("data/articles/reuters-1987-slice.jsonl")]
body = "\n\n".join(d.get("body", "") for d in docs)
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "long", "body": body}) + "\n")
EOF
# its CPU time (with the start-up), no budget
/usr/bin/time -f %U -o "$T/cpu" $NEWSFX extract -q --threads 1 --doc-timeout 0 -o "$T/want" "$T/long.jsonl"
cpu_ms=$(awk '{printf "%d", $1 * 1000}' "$T/cpu")
budget=$((cpu_ms * 2 + 50))
echo "the document takes ${cpu_ms} ms of CPU (start-up included); budget ${budget} ms"
fail=0
n=$(($(nproc) * 4))
for i in $(seq $n); do
  sh -c 'while :; do :; done' &
  burners="$burners $!"
done
start=$(date +%s%N)
$NEWSFX extract -q --threads 1 --doc-timeout $budget -o "$T/got" "$T/long.jsonl" 2>"$T/err"
rc=$?
wall_ms=$((($(date +%s%N) - start) / 1000000))
for p in $burners; do kill $p 2>/dev/null; done
burners=""
echo "with $n busy loops: exit $rc, ${wall_ms} ms of wall time"
if [ $rc = 0 ] && cmp -s "$T/want" "$T/got"; then
  echo "ok   not rejected while waiting for a core (wall ${wall_ms} ms > budget ${budget} ms: $([ $wall_ms -gt $budget ] && echo yes || echo no))"
else
  echo "FAIL a document under its CPU budget was rejected on a busy machine:"; cat "$T/err"; fail=1
fi
# and a budget below its CPU time still rejects it
$NEWSFX extract -q --threads 1 --doc-timeout 20 -o /dev/null "$T/long.jsonl" 2>"$T/err"
if [ $? = 1 ] && grep -q "'long': time budget of 20 ms exceeded" "$T/err"; then
  echo "ok   a budget below the CPU time rejects the document"
else
  echo "FAIL a budget of 20 ms did not reject the document"; cat "$T/err"; fail=1
fi
exit $fail
