#!/bin/sh
# make install PREFIX=<temp> (and DESTDIR) puts the binary, the rules, the data and the man page in
# place, and the installed binary, run from elsewhere without NEWSFX_HOME, finds its rules and data
# under the prefix (shown by editing the installed rules: its rule-set hash changes, the
# worktree's does not) and extracts what the built one extracts; make uninstall removes it all.
set -u
cd "$ROOT"
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
seed=$(cd "$SHARED/data/seed" && pwd)/techdrop-microsoft-openai-amazon.txt
p="$t/prefix with space"
# Install the binary that is built (./newsfx) without remaking or replacing it: the suite may be
# testing another build (make asan exports BUILD=build-asan, which would copy that one over it).
keep=; [ -x ./newsfx ] && keep="-o newsfx"
mk() { env -u BUILD make --no-print-directory -s $keep "$@" >"$t/make.log" 2>&1 || { cat "$t/make.log"; false; }; }
mk install PREFIX="$p" || { no "make install"; exit 1; }
[ -x "$p/bin/newsfx" ] || no "no bin/newsfx"
[ -f "$p/share/man/man1/newsfx.1" ] && cmp -s man/newsfx.1 "$p/share/man/man1/newsfx.1" || no "man page not installed"
for f in rules/*.rules; do cmp -s "$f" "$p/share/newsfx/$f" || no "$f not installed"; done
(cd data && find . -type f) | while read -r f; do cmp -s "data/$f" "$p/share/newsfx/data/$f" || echo "data/$f"; done >"$t/missing"
[ -s "$t/missing" ] && no "data files not installed: $(cat "$t/missing")"

# the installed binary, from / and without NEWSFX_HOME
run() { (cd / && env -u NEWSFX_HOME "$p/bin/newsfx" "$@"); }
run extract -q "$seed" >"$t/installed.jsonl" || no "installed newsfx extract failed"
./newsfx extract -q "$seed" >"$t/built.jsonl"
[ -s "$t/built.jsonl" ] && cmp -s "$t/installed.jsonl" "$t/built.jsonl" || no "installed and built extract differ"
run version >"$t/v1" || no "installed newsfx version failed"
./newsfx version >"$t/v0"
cmp -s "$t/v0" "$t/v1" || no "installed version differs: $(diff "$t/v0" "$t/v1")"
first=$(ls "$p/share/newsfx/rules/" | head -n 1)
echo "# an installed copy, edited" >>"$p/share/newsfx/rules/$first"
run version >"$t/v2"
cmp -s "$t/v1" "$t/v2" && no "editing the installed rules does not change the installed binary's rule hash: it does not read them"
./newsfx version | cmp -s - "$t/v0" || no "the worktree's binary reads the installed rules"
run extract -q "$seed" | cmp -s - "$t/built.jsonl" || no "installed extract differs after a comment was added to the rules"
if command -v man >/dev/null 2>&1; then
  MANPATH="$p/share/man" man -w newsfx | grep -q "^$p/share/man/man1/newsfx.1" || no "man -w does not find the installed page"
fi

# DESTDIR stages under the prefix; uninstall removes what install put
mk install DESTDIR="$t/stage" PREFIX=/opt/newsfx || no "make install DESTDIR"
[ -x "$t/stage/opt/newsfx/bin/newsfx" ] && [ -f "$t/stage/opt/newsfx/share/newsfx/data/currencies.tsv" ] || no "DESTDIR not honoured"
mk uninstall PREFIX="$p" || no "make uninstall"
[ -z "$(find "$p" -type f)" ] || no "make uninstall left: $(find "$p" -type f | head -3)"
exit $fail
