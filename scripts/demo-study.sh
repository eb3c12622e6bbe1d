#!/bin/sh
# The event study of make demo: how did the 1987 share prices react to the events extracted from the
# Reuters slice? Reads OUT/events.jsonl (scripts/demo.sh writes it), runs newsfx study on the prices
# shipped in data/prices (with the point-in-time ticker map), writes OUT/study/ and prints a summary.
# Needs only sh and awk.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-demo-out}
S="$OUT/study"
./newsfx study --events "$OUT/events.jsonl" --prices data/prices/prices-1987.csv \
  --market data/prices/ewmkt-1987.csv --calendar data/prices/nyse-1986-1987.txt \
  --ticker-map data/prices/tickers-1987.tsv --window -1,1 --window 0,0 --window -5,5 \
  --group-by type-role --regress -o "$S" 2>"$OUT/study.log" || { cat "$OUT/study.log" >&2; exit 1; }
sed 's/^newsfx: /  /' "$OUT/study.log"

# CAAR(-1,+1) overall and per type/role group with the main statistics (p-values in brackets)
echo "  CAAR(-1,+1) in %, with t-tests (p):"
awk -F, '
function row(name) {
    printf "    %-26s N=%-4s CAAR %+6.2f%%  csect_t %6.2f (%.3f)  bmp_t %6.2f (%.3f)  rank_z %6.2f (%.3f)\n",
        name, $c["n"], 100 * $c["caar"], $c["csect_t"], $c["csect_t_p"], $c["bmp_t"], $c["bmp_t_p"],
        $c["rank_z"], $c["rank_z_p"]
}
FNR == 1 { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
$c["window_start"] == -1 && $c["window_end"] == 1 {
    if (FILENAME !~ /group_caar/) row("all")
    else if ($c["n"] >= 5) row($c["group"])
    else if ($c["n"] > 0) printf "    %-26s N=%-4s CAAR %+6.2f%%  (fewer than 5: no tests shown)\n", $c["group"], $c["n"], 100 * $c["caar"]
}' "$S/caar.csv" "$S/group_caar.csv"

# reported vs realized
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         $c["realized_pct"] != "" { n++; m += ($c["mismatch"] == "true") }
         END { printf "  reported vs realized: %d stock moves reported in the news, %d flagged as mismatches\n", n, m }' \
  "$S/reported_vs_realized.csv"

# the cross-section
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         NR == 2 { printf "  cross-section (OLS, N=%s, R2 %.3f): CAR(-1,+1) on", $c["n"], $c["r2"] }
         { printf " %s %+.4f (HC1 p %.3f);", $c["term"], $c["coef"], $c["p_hc1"] }
         END { if (NR > 1) print "" }' "$S/regression.csv"
echo "  files: $(cd "$S" && ls | tr '\n' ' ')"
