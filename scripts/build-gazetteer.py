#!/usr/bin/python3
"""Build data/gazetteer.tsv (name, ticker, aliases, source) from the public company lists.

Sources, in this order (an earlier entry wins a shared name or alias):
  reuters1987_tickers.tsv  symbols and names of the 1987 Reuters inline tags (as Reuters-21578)
  sp500_constituents.csv   current S&P 500 members (ODC-PDDL)
  sec_company_tickers_exchange.json  SEC list of listed companies (US government work)
Aliases are the name without its legal suffixes ("Waste Management Inc" -> "Waste Management"),
and that short name with the newswire's abbreviation of a word ("Minnesota Mining and Manufacturing"
-> "Minnesota Mining and Mfg").
A one-word alias is kept only when it is not an ordinary word: the Reuters corpus is used to tell
(a word seen in lower case there, or a place name from its `places` field, is dropped), and so is a
one-word name that is a legal suffix or an ordinary word ("Corp", "May", "Computer").

usage: scripts/build-gazetteer.py [SHARED_DIR] > data/gazetteer.tsv
"""
import collections, csv, json, re, sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
LEGAL = {"inc", "incorporated", "corp", "corporation", "co", "cos", "company", "companies", "ltd",
         "limited", "plc", "ag", "sa", "nv", "gmbh", "holdings", "holding", "group", "llc", "lp",
         "l.p", "n.v", "s.a", "a.g", "spa", "s.p.a", "ab", "asa", "oy", "oyj", "kk", "bhd", "berhad",
         "pty", "bv", "b.v", "se", "kgaa", "ltda", "cie", "sarl", "pte", "trust", "the"}
STOP = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "reuters", "reuter", "treasury", "congress", "senate", "president",
        "chairman", "minister", "government", "federal", "national", "american", "general", "united",
        "first", "international", "european", "british", "canadian", "japanese", "french", "german",
        "new", "north", "south", "east", "west", "central", "pacific", "atlantic", "western",
        "eastern", "northern", "southern", "standard", "royal", "union", "continental", "global",
        "world", "capital", "energy", "financial", "digital", "shares", "stock", "bank", "trust",
        "savings", "insurance", "securities", "exchange", "market", "industries", "resources",
        "systems", "technologies", "services", "products", "partners", "investors", "dollar",
        "opec", "nasdaq", "nyse", "amex", "sec", "fed", "imf", "ec", "gatt", "usda", "ussr", "us",
        "usa", "uk", "u.s", "u.k", "inc", "corp", "co", "ltd", "plc", "the", "and", "of", "vs",
        "net", "shr", "revs", "qtr", "div", "mln", "billion", "pct", "dlrs", "stg"}


# words of a headline, not of a name: Reuters' tag file names some symbols by the headline they were
# seen in ("NYSE SEEKS COMMENT FROM TESORO PETROLEUM", "Hong Kong Firm Ups Calmat"); such a name is
# dropped, the symbol is then named by the text that carries it
HEADLINE = {"to", "from", "seeks", "seek", "says", "sees", "sets", "gets", "buys", "sells", "sell",
            "raises", "cuts", "plans", "has", "is", "wins", "ups", "lifts", "ends", "makes", "agrees",
            "files", "start", "starts", "indicted", "enjoins", "upholds", "reiterated", "changes", "merge",
            "acquire", "acquires", "stake", "bid", "offer", "court", "comment", "names", "elects", "reports",
            "completes", "talking", "recommendation", "increase", "appoint", "dump", "delist", "invest",
            "terminates", "pact", "sale"}


def headline_words(name):
    for w in name.split():
        w = w.lower().rstrip(",.")
        if w.endswith("'s"):
            w = w[:-2]
        if w.split("/")[0] in HEADLINE:
            return True
    return False


# words the newswire abbreviates in company names
ABBREV = [("Manufacturing", "Mfg")]


def words(s):
    return s.replace(",", " ").split()


def short_name(name):
    w = words(re.sub(r"\s*\(.*?\)\s*", " ", name))
    while len(w) > 1 and w[-1].lower().rstrip(".") in LEGAL:
        w.pop()
    while len(w) > 1 and w[0].lower() == "the":
        w.pop(0)
    s = " ".join(w).rstrip(".,")
    return s


def titlecase(name):
    out = []
    for t in name.split():
        if any(c.isdigit() for c in t) or "&" in t or (len(t) <= 3 and not re.search(r"[AEIOUY]", t)):
            out.append(t)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in t.split("-")))
    return " ".join(out)


# ordinary words and places, from the corpus itself
lower = collections.Counter()
places = set()
for line in open(shared + "/data/reuters21578/reuters21578.jsonl"):
    d = json.loads(line)
    for p in d.get("places") or []:
        for x in p.split("-"):
            places.add(x.lower())
        places.add(p.replace("-", " ").lower())
    for w in re.findall(r"\b[a-z][a-z'-]+\b", d["body"]):
        lower[w] += 1


def keep_alias(a, name):
    if not a or a.lower() == name.lower():
        return False
    w = a.split()
    if len(w) == 1:
        k = a.lower().rstrip(".")
        if len(k) < 3 or k in STOP or k in places or lower[k] >= 3:
            return False
        if not any(c.isupper() for c in a):
            return False
    return True


rows, seen = [], set()


def add(name, ticker, source):
    name = " ".join(name.split())
    if not name or name.lower() in seen:
        return
    # a one-word name that is a legal suffix or an ordinary word ("Corp", "May", "Computer",
    # "International", read off a Reuters tag) would make a company of every capitalised use of it
    k = name.lower().rstrip(".")
    if " " not in name and (k in LEGAL or lower[k] >= 10):
        return
    seen.add(name.lower())
    aliases = []
    s = short_name(name)
    if keep_alias(s, name):
        aliases.append(s)
    if s.lower().endswith(".com") and keep_alias(s[:-4], name):
        aliases.append(s[:-4])
    for word, abbr in ABBREV:
        a = re.sub(r"\b%s\b" % word, abbr, s)
        if a != s and keep_alias(a, name):
            aliases.append(a)
    rows.append((name, ticker, "|".join(aliases), source))


reuters = []
with open(shared + "/data/gazetteer/reuters1987_tickers.tsv") as f:
    for r in csv.DictReader(f, delimiter="\t"):
        if "." in r["ticker"] and r["ticker"].endswith(".N"):
            continue
        reuters.append((int(r["doc_count"]), r["ticker"], r["name"]))
for _, tick, name in sorted(reuters, key=lambda x: (-x[0], x[1])):
    if name.isupper():
        name = titlecase(name)
    if headline_words(name):
        continue
    add(name, tick, "reuters1987")
with open(shared + "/data/gazetteer/sp500_constituents.csv") as f:
    for r in csv.DictReader(f):
        add(r["Security"], r["Symbol"], "sp500")
sec = json.load(open(shared + "/data/gazetteer/sec_company_tickers_exchange.json"))
for cik, name, tick, exch in sec["data"]:
    if name and tick:
        add(titlecase(name) if name.isupper() else name, tick, "sec")

print("# newsfx gazetteer, generated by scripts/build-gazetteer.py; do not edit: edit the script or")
print("# data/companies_private.tsv. Sources: Reuters-21578 inline tags (research use), S&P 500 list")
print("# (ODC-PDDL), SEC company_tickers_exchange (US government work).")
print("name\tticker\taliases\tsource")
for r in rows:
    print("\t".join(r))
