#!/bin/sh
# Progress (documents, MB, MB/s, events) goes to stderr only when stderr is a terminal, --quiet is
# not given and the records do not go to that terminal too; it is erased before the summary line;
# newsfx writes no colour (so NO_COLOR has nothing to turn off) and the records are the same bytes
# with or without progress. The terminal is a pseudo-terminal from script(1) (util-linux).
set -u
cd "$ROOT"
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
head -n 3000 "$SHARED/data/reuters21578/reuters21578.jsonl" >"$t/corpus.jsonl"
progress='[0-9][0-9]* documents, [0-9.][0-9.]* MB, [0-9.][0-9.]* MB/s, [0-9][0-9]* events'
ontty() { script -qec "$1" /dev/null </dev/null >"$2" 2>&1; }

# stderr a terminal, records to a file: progress, then the summary on a clean line
ontty "$NEWSFX extract -o '$t/tty.jsonl' '$t/corpus.jsonl'" "$t/tty.txt" || no "extract on a terminal failed"
grep -a -q "$progress" "$t/tty.txt" || { no "no progress on a terminal:"; head -c 300 "$t/tty.txt"; }
# the last thing on the terminal: the progress line erased (ESC [ K), then the summary
last=$(tr '\r' '\n' <"$t/tty.txt" | grep -a -v '^$' | tail -n 1)
case "$last" in
  "$(printf '\033[K')newsfx: 3000 documents read, 3000 extracted, 0 rejected; "*) ;;
  *) no "the progress line is not erased before the summary: '$last'" ;;
esac
# NO_COLOR, and no colour anyway: no SGR escape (ESC [ ... m)
NO_COLOR=1 ontty "$NEWSFX extract -o '$t/nc.jsonl' '$t/corpus.jsonl'" "$t/nc.txt"
for f in tty nc; do
  if LC_ALL=C grep -a -q "$(printf '\033')\[[0-9;]*m" "$t/$f.txt"; then no "colour escape in the $f run"; fi
done

# stderr a file: no progress, only the summary line (warnings aside)
$NEWSFX extract -o "$t/file.jsonl" "$t/corpus.jsonl" 2>"$t/err.txt" || no "extract with stderr to a file failed"
grep -a -q 'MB/s' "$t/err.txt" && no "progress written to a file"
LC_ALL=C grep -a -q "$(printf '\r')" "$t/err.txt" && no "carriage return written to a file"
grep -a -q '^newsfx: 3000 documents read' "$t/err.txt" || no "no summary line in the file"

# --quiet on a terminal: nothing but warnings
ontty "$NEWSFX extract -q -o '$t/q.jsonl' '$t/corpus.jsonl'" "$t/q.txt"
grep -a -q -e 'MB/s' -e 'documents read' "$t/q.txt" && { no "--quiet still prints progress or the summary:"; head -c 200 "$t/q.txt"; }

# records to the same terminal: no progress in the middle of them
ontty "$NEWSFX extract '$t/corpus.jsonl'" "$t/both.txt"
grep -a -q 'MB/s' "$t/both.txt" && no "progress mixed into records on the terminal"
grep -a -q '^{"v":1,"event_id"' "$t/both.txt" || no "no records on the terminal"

# the records do not depend on any of it
for f in tty nc q; do cmp -s "$t/$f.jsonl" "$t/file.jsonl" || no "records differ in the $f run"; done
[ -s "$t/file.jsonl" ] || no "no records"
exit $fail
