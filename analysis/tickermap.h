/* tickermap.h: a point-in-time ticker map, for joining old news to price series.
 *
 * A symbol's company changes over the years (C was Chrysler in 1987, Citigroup later), so a price
 * series found under the ticker an article gives, or under the ticker a modern company list gives
 * for the article's company, may be another company's. A ticker map lists the price series that are
 * the same company as the one the news of the time named, with that company's name then:
 *
 *   ticker  name                  [reviewed]      (TSV or CSV, a header line; columns by name)
 *   AAPL    Apple Computer Inc    same_entity
 *
 * Names are compared by their keys (nx_company_key of gazetteer.h). Several maps may be read into
 * one (a shared map, then one's own reviewed rows): a name keeps the first row that gives it; a
 * ticker left out by one map's `reviewed` and kept by another's is kept.
 * The name column is `name`, or `reuters1987_name`, or else the second column; a `reviewed` column,
 * when there is one, keeps only the rows that say `same_entity` (the others are remembered, so that
 * a firm-event under such a ticker is told why it was not studied). An `aliases` column may add
 * other names separated by '|'.
 *
 * With a map, a firm-event's ticker is: the map's ticker for the company's name (compared without
 * case, punctuation and legal suffixes: "Apple Computer, Inc." is "Apple Computer Inc"); else its
 * own ticker when the map lists it; else none of the price series (status unknown_ticker, with the
 * reason).
 */
#ifndef NX_TICKERMAP_H
#define NX_TICKERMAP_H

#include <stddef.h>

#include "csv.h"
#include "events_in.h"

typedef struct nx_tickermap {
    nx_names keys;      /* normalized names (and aliases) -> index into key_row */
    size_t *key_row;    /* the row (index into tickers) of each key */
    nx_names tickers;   /* the tickers of the kept rows */
    nx_names other;     /* tickers of the rows left out by `reviewed` */
    char **other_why;   /* their `reviewed` value, parallel to other */
    size_t cap_key_row, cap_other_why;
    char *files;        /* the maps' base names for messages: "a.tsv', 'b.tsv" (owned) */
} nx_tickermap;

/* Read a map file (see above) into *m, which must be zeroed before the first file and may already
 * hold earlier maps' rows. A row without a ticker is reported in *d and skipped. Returns 0, or -1
 * with err set (unreadable file, no ticker column, memory); free with nx_tickermap_free either way. */
int nx_tickermap_read(const char *path, nx_tickermap *m, nx_diags *d, nx_error *err);
void nx_tickermap_free(nx_tickermap *m);

/* Apply the map to every firm-event: set its ticker (a copy) as above, or set map_reason when its
 * ticker is not one the map vouches for (the ticker is left as it was, for the message). Returns 0,
 * or -1 when out of memory (err set). */
int nx_tickermap_apply(const nx_tickermap *m, nx_fevents *ev, nx_error *err);

#endif
