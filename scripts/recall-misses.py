#!/usr/bin/python3
"""List (doc, ticker) pairs whose Reuters text tags a studiable ticker (<IBM>) but that have
no firm-event with status `ok` in a study's firm_events.csv: where rules or linking miss.

usage: recall-misses.py CORPUS.jsonl TICKER_MAP.tsv FIRM_EVENTS.csv [--all]
Prints one line per pair: doc id, ticker, the firm-events found for that doc (ticker/role/type/status),
topics, title. --all also prints pairs that do have an ok firm-event.
"""
import csv, json, re, sys
from collections import defaultdict

def main():
    corpus, tmap, fe = sys.argv[1:4]
    show_all = '--all' in sys.argv
    same = {}
    with open(tmap) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if row['reviewed'] == 'same_entity':
                same[row['ticker']] = row['reuters1987_name']
    found = defaultdict(list)
    ok = set()
    with open(fe) as f:
        for row in csv.DictReader(f):
            found[row['doc_id']].append(row)
            if row['status'] == 'ok':
                ok.add((row['doc_id'], row['ticker']))
    tag = re.compile(r'<([A-Z][A-Z0-9&]{0,6})(?:\.[A-Z]{1,2})?>')
    n = nmiss = 0
    with open(corpus) as f:
        for line in f:
            d = json.loads(line)
            doc = str(d['id'])
            text = (d.get('title') or '') + '\n' + (d.get('body') or '')
            tickers = sorted({t for t in tag.findall(text) if t in same})
            for t in tickers:
                n += 1
                hit = (doc, t) in ok
                if hit and not show_all:
                    continue
                nmiss += not hit
                evs = ' '.join(sorted({'%s/%s/%s/%s' % (r['ticker'] or '-', r['role'], r['type'], r['status'])
                                       for r in found.get(doc, [])}))
                print('%s\t%s\t%s\t%s\t%s\t[%s]' % (doc, t, 'OK' if hit else 'MISS', ','.join(d.get('topics') or []),
                                                 d.get('title', ''), evs))
    print('%d tagged pairs, %d without an ok firm-event' % (n, nmiss), file=sys.stderr)

if __name__ == '__main__':
    main()
