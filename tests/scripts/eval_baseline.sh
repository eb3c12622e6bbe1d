#!/bin/sh
# The rules may not score worse than the committed baselines (tolerance 0.005 on each overall F1):
# newsfx's own labeled sample, the development sample, the modern development sample and the second
# development sample (dev2). Update a baseline deliberately, in a commit of its own:  ./newsfx eval --gold data/labeled/newsfx_sample.jsonl --json > tests/eval/baseline.json
set -u
cd "$ROOT" || exit 1
rc=0
$NEWSFX eval --gold data/labeled/newsfx_sample.jsonl --baseline tests/eval/baseline.json || rc=1
$NEWSFX eval --gold "$SHARED/labeled/reuters_dev.jsonl" --baseline tests/eval/baseline_dev.json || rc=1
$NEWSFX eval --gold data/labeled/modern_dev.jsonl --baseline tests/eval/baseline_modern.json || rc=1
$NEWSFX eval --gold data/labeled/dev2.jsonl --baseline tests/eval/baseline_dev2.json || rc=1
# and the targets of issue 3 on the development sample
$NEWSFX eval --gold "$SHARED/labeled/reuters_dev.jsonl" --json | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
s, m, p = r["events"]["strict"]["f1"], r["mentions"]["money"]["f1"], r["mentions"]["percent"]["f1"]
print("development sample: strict event F1 %.3f (target 0.80), money %.3f (0.95), percent %.3f (0.95)" % (s, m, p))
sys.exit(0 if s >= 0.80 and m >= 0.95 and p >= 0.95 else 1)' || rc=1
exit $rc
