/* gazetteer.h: company names, aliases and tickers, matched as whole words in text.
 *
 * File format (TSV, UTF-8, '#' comments): name <TAB> ticker <TAB> aliases <TAB> source
 * `aliases` is a '|'-separated list of other surface forms ("Microsoft"). Names and aliases of two
 * or more words match case-insensitively when every word is capitalised; single words must match
 * exactly (or be all capitals in both). In the headline (written in capitals), all forms match
 * case-insensitively. Entries loaded first win a shared form.
 */
#ifndef NX_GAZETTEER_H
#define NX_GAZETTEER_H

#include <stddef.h>

#include "base.h"

typedef struct nx_gaz nx_gaz;

typedef struct nx_gazhit {
    size_t s, e; /* byte span in the text */
    int entry;
} nx_gazhit;

/* Empty gazetteer; NULL when out of memory. Free with nx_gaz_free. */
nx_gaz *nx_gaz_new(void);
/* Add the entries of a TSV file. A malformed line is an error naming file and line.
 * Returns 0, or -1 with err set. */
int nx_gaz_load(nx_gaz *g, const char *path, nx_error *err);
/* Add one entry (the strings are copied); aliases '|'-separated or NULL. Returns entry or -1 (oom). */
int nx_gaz_add(nx_gaz *g, const char *name, const char *ticker, const char *aliases);
/* Find every gazetteer form in text, longest first at each word start, non-overlapping, left to
 * right. Bytes before caps_end are a headline in capitals. A letter after a \x01 begins no name (the
 * placeholder of a mention, "\x01M\x02\x02", extract.c). Results are appended to *hits (an
 * nx_grow array with capacity *cap; the caller frees it). Returns 0 or -1 (out of memory). */
int nx_gaz_scan(const nx_gaz *g, const char *text, size_t len, size_t caps_end, nx_gazhit **hits,
                size_t *n, size_t *cap);
/* Entry whose name or alias equals name[0..n) (case-insensitive, whitespace collapsed, legal
 * suffixes ignored), -1 when there is none, -2 when out of memory. */
int nx_gaz_lookup(const nx_gaz *g, const char *name, size_t n);
const char *nx_gaz_name(const nx_gaz *g, int entry);
/* The ticker, or "" when the company has none (a private company). */
const char *nx_gaz_ticker(const nx_gaz *g, int entry);
size_t nx_gaz_size(const nx_gaz *g);
void nx_gaz_free(nx_gaz *g);

/* Is w[0..n) a legal-form suffix (Inc, Corp, Co, Ltd, plc, AG, SA, NV, GmbH, Holdings, Group, ...),
 * compared case-insensitively without a final period? */
int nx_is_legal_suffix(const char *w, size_t n);
/* The legal forms nx_is_legal_suffix knows, lowercase and sorted (nx_word_in_sorted). */
extern const char *const nx_legal_words[];
extern const size_t nx_nlegal_words;
/* Normalised comparison key of a company name: lowercase, punctuation dropped, whitespace collapsed,
 * legal suffixes at the end removed ("Waste Management Inc." -> "waste management"). Returns a new
 * string (free with nx_free) or NULL when out of memory. */
char *nx_company_key(const char *name, size_t n);
/* nx_company_key written into out, which must hold n + 1 bytes (the key is never longer than the
 * name), NUL-terminated; nothing is allocated. Returns the key's length. */
size_t nx_company_key_into(const char *name, size_t n, char *out);

#endif
