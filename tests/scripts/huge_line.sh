#!/bin/sh
# A 50 MB single line between two good records (generated here in /tmp, never committed):
# - by default it is over --max-doc-bytes (8 MiB): rejected with its line and size, the records
#   before and after extracted, exit 1, and fast (the line is skipped, not parsed);
# - with --max-doc-bytes raised it is read and extracted within the time budget (--doc-timeout):
#   the budget hit is reported for that record and the run goes on;
# - the same as a 50 MB text file (one document, no newline at all);
# - a 1 GB line streamed through stdin: skipped with bounded memory.
set -eu
case "$NEWSFX" in valgrind*) echo "skipped under valgrind (too slow; make asan runs it)"; exit 0 ;; esac
T=$(mktemp -d /tmp/newsfx-huge.XXXXXX)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
chunk = "Acme Widget Holding Corp said Big Blue Systems Inc rose 1,234,567 dlrs, $$$$ ((((( 12.5 pct; "
body = chunk * (50 * 1024 * 1024 // len(chunk))
with open(t + "/huge.jsonl", "w") as f:
    f.write('{"id":"first","text":"Microsoft Corp agreed to acquire Activision Blizzard Inc for $68.7 billion."}\n')
    f.write('{"id":"huge","text":"' + body + '"}\n')
    f.write('{"id":"last","text":"Oracle Corp agreed to acquire Cerner Corp for $28.3 billion."}\n')
with open(t + "/huge.txt", "w") as f:
    f.write(body)
PY
run() { # expected-exit args...
  want=$1; shift
  start=$(date +%s)
  set +e
  $NEWSFX extract -q "$@" >"$T/out" 2>"$T/err"
  code=$?
  set -e
  took=$(( $(date +%s) - start ))
  echo "extract $*: exit $code in ${took}s"; sed "s|$T/||g" "$T/err"
  [ "$code" = "$want" ] || { echo "want exit $want"; exit 1; }
  [ "$took" -le "${HUGE_LIMIT_S:-60}" ] || { echo "too slow"; exit 1; }
}
run 1 "$T/huge.jsonl"
grep -q "huge.jsonl:2: line of 52428.* bytes is larger than --max-doc-bytes (8388608)" "$T/err"
[ "$(jq -r .doc_id "$T/out" | tr '\n' ' ')" = "first last " ]
# raised limit: read, extracted until the budget runs out, reported, and the run goes on
run 1 --max-doc-bytes 100000000 --doc-timeout 500 "$T/huge.jsonl"
grep -q "huge.jsonl:2: 'huge': time budget of 500 ms exceeded" "$T/err"
[ "$(jq -r .doc_id "$T/out" | tr '\n' ' ')" = "first last " ]
run 1 "$T/huge.txt"
grep -q "huge.txt: document is larger than --max-doc-bytes (8388608)" "$T/err"
run 1 --max-doc-bytes 100000000 --doc-timeout 500 "$T/huge.txt"
grep -q "'.*huge.txt': time budget of 500 ms exceeded" "$T/err"
# 1 GB through stdin, never stored: a 1 GB JSON line is skipped while it streams by (memory stays
# bounded: the reader does not hold a line over the limit), the record after it is extracted
set +e
{ printf '{"id":"big","text":"'; head -c 1073741824 /dev/zero | tr '\0' a
  printf '"}\n{"id":"after","text":"Oracle Corp agreed to acquire Cerner Corp for $28.3 billion."}\n'; } |
  /usr/bin/time -f "%M" -o "$T/rss" $NEWSFX extract -q - >"$T/out" 2>"$T/err"
code=$?
set -e
rss=$(tail -1 "$T/rss")
echo "1 GB line on stdin: exit $code, max RSS ${rss} KB"; cat "$T/err"
[ "$code" = 1 ]
grep -q -- "-:1: line of 1073741846 bytes is larger than --max-doc-bytes (8388608)" "$T/err"
[ "$(jq -r .doc_id "$T/out")" = after ]
[ "$rss" -lt "${HUGE_RSS_KB:-400000}" ] || { echo "memory not bounded: ${rss} KB"; exit 1; }
echo ok
