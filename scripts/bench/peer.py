#!/usr/bin/python3
"""The benchmark's peer: what an analyst would write in Python instead of newsfx: Python `re` over
each JSON line, for the same kinds of money, percent and stock-move patterns, writing one JSON
record per hit. usage: peer.py FILE.jsonl > hits.jsonl"""
import json, re, sys

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"(?:mln|million|billion|bln|bn|trillion|thousand)"
CUR = r"(?:dlrs|dollars|dlr|stg|marks|yen|francs|cts|cents|Canadian dlrs|pounds)"
MONEY = re.compile(r"(?:(?:US|C|A|HK)?\$|£|€)\s?(%s)(?:\s*(%s))?|(%s)(?:\s+(%s))?\s+(%s)\b" % (NUM, SCALE, NUM, SCALE, CUR), re.I)
PCT = re.compile(r"(%s)\s*(?:%%|pct|percent|per cent)" % NUM, re.I)
MOVE = re.compile(r"([A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,3})(?:'s)?(?:\s+(?:shares|stock))?\s+(rose|fell|gained|lost|declined|dropped|climbed|jumped)\s+"
                  r"(%s|\d+(?:-\d+)?/\d+)\s*(%%|pct|percent)?" % NUM)
SCALES = {"mln": 1e6, "million": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "thousand": 1e3}

out = sys.stdout
for line in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    text = (d.get("title") or "") + "\n" + (d.get("body") or d.get("text") or "")
    did = str(d.get("id"))
    for m in MONEY.finditer(text):
        num = m.group(1) or m.group(3)
        scale = (m.group(2) or m.group(4) or "").lower()
        v = float(num.replace(",", "")) * SCALES.get(scale, 1)
        out.write(json.dumps({"doc_id": did, "kind": "money", "text": m.group(0), "start": m.start(), "value": v}) + "\n")
    for m in PCT.finditer(text):
        out.write(json.dumps({"doc_id": did, "kind": "percent", "text": m.group(0), "start": m.start(),
                              "value": float(m.group(1).replace(",", ""))}) + "\n")
    for m in MOVE.finditer(text):
        out.write(json.dumps({"doc_id": did, "type": "stock_move", "company": m.group(1), "verb": m.group(2),
                              "change": m.group(3), "start": m.start()}) + "\n")
