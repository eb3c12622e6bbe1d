#!/usr/bin/python3
"""newsfx eval agrees with the independent scorer (tests/eval/score_ref.py, written from the README
alone) on the development sample and on newsfx's own labeled sample: every shared number within 0.01
(they should be equal). Also checks that `eval` on its own extraction equals `eval --pred` on
`extract`'s output of the same texts."""
import json, os, subprocess, sys, tempfile

ROOT = os.environ.get("ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
NEWSFX = os.environ.get("NEWSFX_BIN", os.path.join(ROOT, "newsfx"))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
samples = [os.path.join(SHARED, "labeled", "reuters_dev.jsonl")]
for own in ("newsfx_sample.jsonl", "heldout.jsonl", "heldout2.jsonl"):
    own = os.path.join(ROOT, "data", "labeled", own)
    if os.path.exists(own):
        samples.append(own)

def run(*args):
    r = subprocess.run([NEWSFX] + list(args), capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit("newsfx %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r.stdout

def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k in b:
                walk(a[k], b[k], path + "." + k, out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        out.append((path, a, b))

bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for gold in samples:
        inp = os.path.join(tmp, "in.jsonl")
        with open(gold) as f, open(inp, "w") as g:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    g.write(json.dumps({"id": d["doc_id"], "text": d["text"], "date": d.get("doc_date")}) + "\n")
        ev, me = os.path.join(tmp, "ev.jsonl"), os.path.join(tmp, "me.jsonl")
        run("extract", "-q", "--threads", "1", "-o", ev, inp)
        run("extract", "-q", "--threads", "1", "--mentions", "-o", me, inp)
        ours = json.loads(run("eval", "--gold", gold, "--pred", ev, "--mentions", me, "--json"))
        self_run = json.loads(run("eval", "--gold", gold, "--json"))
        ref = json.loads(subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests", "eval", "score_ref.py"),
                                         gold, ev, me], capture_output=True, text=True, check=True).stdout)
        pairs = []
        walk(ref, ours, "", pairs)
        if len(pairs) < 40:
            print("%s: only %d numbers in common" % (gold, len(pairs))); bad += 1
        for path, a, b in pairs:
            if abs(a - b) > 0.01:
                print("%s: %s reference %s, newsfx %s" % (os.path.basename(gold), path, a, b)); bad += 1
        for k in ("strict", "relaxed"):
            if self_run["events"][k] != ours["events"][k]:
                print("%s: eval on its own extraction differs from eval --pred: %s" % (gold, k)); bad += 1
        print("%s: %d numbers compared; strict F1 %.3f relaxed %.3f money %.3f percent %.3f" % (
            os.path.basename(gold), len(pairs), ours["events"]["strict"]["f1"], ours["events"]["relaxed"]["f1"],
            ours["mentions"]["money"]["f1"], ours["mentions"]["percent"]["f1"]))
sys.exit(1 if bad else 0)
