#!/usr/bin/python3
"""Choose the Reuters-21578 stories of newsfx's own labeled sample (data/labeled/).

Stratified, reproducible draw (seed 20261126) from the TEST split of Lewis, leaving out the stories of
../shared/labeled/reuters_dev.jsonl.  The rules' examples are written from TRAIN-split stories, so the
sample stays apart from them.  Prints one JSON object per chosen story: doc_id, doc_date, stratum, text
(title, a newline, then the body: the text the extractor sees).

usage: scripts/select-labeled-sample.py [SHARED_DIR] > ids.jsonl
"""
import json, random, re, sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
dev = {json.loads(l)["doc_id"] for l in open(shared + "/labeled/reuters_dev.jsonl")}
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
want = {"acq": 45, "earn": 35, "dividend": 20, "stock_move": 22, "other": 30}
rng = random.Random(20261126)
for s, n in want.items():
    for d in sorted(rng.sample(strata[s], n), key=lambda d: int(d["doc_id"].split("-")[1])):
        print(json.dumps(d))
