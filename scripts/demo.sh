#!/bin/sh
# make demo: the main job on the data newsfx ships. Extracts events from the seed article and the
# 1987 Reuters slice, prints what was found, then (when the study is built) measures how the
# companies' shares reacted.
set -eu
cd "$(dirname "$0")/.."
OUT=${DEMO_OUT:-demo-out}
mkdir -p "$OUT"
echo "== the seed article: events"
# TSV columns (see nx_csv_header): 4 type, 7..17 roles, 19..20 amount, 22..23 change
./newsfx extract -q --output-format tsv data/articles/techdrop-microsoft-openai-amazon.txt | awk -F'\t' '
NR == 1 { for (i = 7; i <= 17; i++) role[i] = $i; next }
{
    line = sprintf("  %-13s", $4)
    for (i = 7; i <= 17; i++) if ($i != "") line = line " " role[i] "=" $i
    if ($19 != "") line = line " " $19 " " $20
    if ($22 != "") line = line " " $22 " " $23
    print line
}'
echo
echo "== 907 Reuters stories of 1987 -> $OUT/events.jsonl"
./newsfx extract --time-zone America/New_York --docs-out "$OUT/docs.jsonl" -o "$OUT/events.jsonl" \
  data/articles/reuters-1987-slice.jsonl
echo "events by type:"
sed -n 's/.*"type":"\([a-z_]*\)".*/\1/p' "$OUT/events.jsonl" | sort | uniq -c | sort -rn | sed 's/^/  /'
if ./newsfx help study >/dev/null 2>&1; then
  echo
  echo "== the event study -> $OUT/study"
  sh scripts/demo-study.sh "$OUT"
fi
