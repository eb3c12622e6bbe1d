#!/usr/bin/python3
"""Choose the Reuters-21578 stories of newsfx's own labeled sample (data/labeled/).

Stratified, reproducible draw (seed 20261126) from the TEST split of Lewis, leaving out the stories of
../shared/labeled/reuters_dev.jsonl.  The rules' examples are written from TRAIN-split stories, so the
sample stays apart from them.  Prints one JSON object per chosen story: doc_id, doc_date, stratum, text
(title, a newline, then the body: the text the extractor sees).

usage: scripts/select-labeled-sample.py [SHARED_DIR] [--seed N] [--exclude SAMPLE.jsonl]...
                                       [--sizes acq=45,earn=35,dividend=20,stock_move=22,other=30] > ids.jsonl
The held-out sample (data/labeled/heldout.jsonl) was drawn with
  --seed 20261127 --exclude data/labeled/newsfx_sample.jsonl --sizes acq=12,earn=8,dividend=6,stock_move=6,other=8
"""
import json, random, re, sys

args = sys.argv[1:]
shared, seed, excl = "../shared", 20261126, []
want = {"acq": 45, "earn": 35, "dividend": 20, "stock_move": 22, "other": 30}
while args:
    a = args.pop(0)
    if a == "--seed":
        seed = int(args.pop(0))
    elif a == "--exclude":
        excl.append(args.pop(0))
    elif a == "--sizes":
        want = {k: int(v) for k, v in (kv.split("=") for kv in args.pop(0).split(","))}
    else:
        shared = a
dev = {json.loads(l)["doc_id"] for l in open(shared + "/labeled/reuters_dev.jsonl")}
for f in excl:
    dev |= {json.loads(l)["doc_id"] for l in open(f)}
MOVE = re.compile(r"\b(shares?|stock)\b[^.]{0,60}\b(rose|fell|gained|dropped|declined|jumped|climbed|slipped|plunged|soared|was up|was down)\b", re.I)
DIV = re.compile(r"\b(DIV|DIVIDEND|PAYOUT|QTLY|QUARTERLY)\b")
strata = {"acq": [], "earn": [], "dividend": [], "stock_move": [], "other": []}
for line in open(shared + "/data/reuters21578/reuters21578.jsonl"):
    d = json.loads(line)
    doc_id = "reuters-%d" % d["id"]
    if d["lewissplit"] != "TEST" or doc_id in dev or not (120 <= len(d["body"]) <= 2600):
        continue
    topics = d["topics"] or []
    if "acq" in topics:
        s = "acq"
    elif "earn" in topics:
        s = "dividend" if DIV.search(d["title"]) else "earn"
    elif MOVE.search(d["body"]):
        s = "stock_move"
    else:
        s = "other"
    strata[s].append({"doc_id": doc_id, "doc_date": d["date"], "stratum": s,
                      "text": d["title"] + "\n" + d["body"]})
rng = random.Random(seed)
for s, n in want.items():
    for d in sorted(rng.sample(strata[s], n), key=lambda d: int(d["doc_id"].split("-")[1])):
        print(json.dumps(d))
