# make demo's job (scripts/demo.sh) on the data shipped in data/: the seed article's seven events, the
# Reuters slice's events read in New York time, and the event study with its summary and files.
set -eu
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
DEMO_OUT="$out" sh scripts/demo.sh >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr"; exit 1; }
fail=0
want() { grep -q -- "$1" "$out/stdout" || { echo "demo output lacks: $1"; fail=1; }; }
want "funding_round investor=Amazon investee=OpenAI 110000000000 USD"
want "stock_move    company=Microsoft -2.3 percent"
want "== the event study"
want "firm-events, [0-9]* ok"
want "    all  *N=[0-9]"
want "acquisition/acquirer"
want "acquisition/target"
want "reported vs realized: [0-9]* stock moves"
want "cross-section (OLS, N=[0-9]*"
for f in study.json firm_events.csv caar.csv group_caar.csv regression.csv reported_vs_realized.csv; do
  [ -s "$out/study/$f" ] || { echo "demo wrote no $f"; fail=1; }
done
# the events carry the wire's New York time as UTC instants
grep -q '"timestamp":"1987-0[2-9]-[0-9][0-9]T[0-9:]*Z"' "$out/events.jsonl" || { echo "no timestamps"; fail=1; }
# at least 100 firm-events studied on the shipped slice
ok=$(sed -n 's/.* \([0-9]*\) ok,.*/\1/p' "$out/stdout")
[ "${ok:-0}" -ge 100 ] || { echo "only ${ok:-0} firm-events ok"; fail=1; }
exit $fail
