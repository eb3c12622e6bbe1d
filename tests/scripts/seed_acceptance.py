#!/usr/bin/python3
"""Issue 2's acceptance on the article the project started from: the funding round, the investments,
the stock moves and the partnerships, and no event naming a company the article does not name."""
import json, os, subprocess, sys

ROOT = os.environ.get("ROOT", ".")
NEWSFX = os.environ.get("NEWSFX_BIN", os.path.join(ROOT, "newsfx"))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
seed = os.path.join(SHARED, "data", "seed", "techdrop-microsoft-openai-amazon.txt")
text = open(seed, encoding="utf-8").read()
out = subprocess.run([NEWSFX, "extract", "-q", seed], capture_output=True, text=True, check=True).stdout
events = [json.loads(l) for l in out.splitlines()]

def names(e, role):
    return [f["name"] for f in e["roles"].get(role, [])]

def find(pred):
    return [e for e in events if pred(e)]

fails = []
def want(what, hits):
    print("%-60s %s" % (what, "ok" if hits else "MISSING"))
    if not hits:
        fails.append(what)

want("funding round of OpenAI, 110 billion USD, Amazon among investors",
     find(lambda e: e["type"] == "funding_round" and "OpenAI" in names(e, "investee") and "Amazon" in names(e, "investor")
          and e["amount"] and e["amount"]["value"] == 110000000000 and e["amount"]["currency"] == "USD"))
want("Amazon's 50 billion USD investment in OpenAI",
     find(lambda e: e["type"] == "investment" and names(e, "investor") == ["Amazon"] and names(e, "investee") == ["OpenAI"]
          and e["amount"] and e["amount"]["value"] == 50000000000))
want("Microsoft's investment in OpenAI of more than 13 billion USD (approx)",
     find(lambda e: e["type"] == "investment" and names(e, "investor") == ["Microsoft"] and names(e, "investee") == ["OpenAI"]
          and e["amount"] and e["amount"]["value"] == 13000000000 and e["amount"]["approx"] is True))
want("Microsoft's shares down 2.3 percent",
     find(lambda e: e["type"] == "stock_move" and names(e, "company") == ["Microsoft"] and e["change"]
          and e["change"]["value"] == -2.3 and e["change"]["unit"] == "percent"))
want("Amazon's shares up 1.8 percent",
     find(lambda e: e["type"] == "stock_move" and names(e, "company") == ["Amazon"] and e["change"]
          and e["change"]["value"] == 1.8 and e["change"]["unit"] == "percent"))
want("the Microsoft-OpenAI partnership",
     find(lambda e: e["type"] == "partnership" and sorted(names(e, "partner")) == ["Microsoft", "OpenAI"]))
want("Amazon's partnership with OpenAI",
     find(lambda e: e["type"] == "partnership" and sorted(names(e, "partner")) == ["Amazon", "OpenAI"]))
for e in events:
    for role, fillers in e["roles"].items():
        for f in fillers:
            # the filler's text is in the article at its offsets, and its name too
            if text[f["start"]:f["end"]] != f["text"] or f["name"] not in text:
                fails.append("%s names '%s' (%s) not in the article at %d" % (e["event_id"], f["name"], f["text"], f["start"]))
print("%d events" % len(events))
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
