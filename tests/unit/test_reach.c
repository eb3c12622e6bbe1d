/* test_reach.c: the name reach (prefilter.h) never hides a match. A rule with an `anchor` (the
 * company rules) is tried only at the places nx_name_reach marks: every place where its pattern
 * matches, tried anchored, must be marked. Checked for every shipped rule with an anchor, at every
 * byte of random texts made of name words (ASCII, accented and other scripts, capitals and not),
 * legal forms, particles and separators. */
#include "../../extractor/extract.h"
#include "../../extractor/prefilter.h"
#include "../../extractor/rules.h"
#include "shipped.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static const char *const WORDS[] = {
    "Nestlé", "Société", "Générale", "Crédit", "Agricole", "NAÏVE", "Électricité", "Zürich", "Ærø", "Łódź",
    "Café", "Straße", "ÉCOLE", "Øresund", "Dvořák", "Müller", "Ὀδυσσεύς", "Москва", "東京", "Nestle",
    "Zorbex", "Quarton", "ZORBEX", "J.C.", "U.S.", "AT&T", "Coca-Cola", "McDonald's", "3M", "Bank",
    "of", "the", "and", "de", "del", "van", "said", "bought", "it", "a", "SA", "AG", "Corp", "Inc",
    "Ltd", "Plc", "Co", "Group", "Holdings", "Trust", "CORP", "INC", "Cie", "Bhd", "(Pacific)", "<ZRB>",
    "1987", "5", "mln", "dlrs", "é", "É", "\xCC\x81", "co", "Companies", "BANK"};
static const char *const SEPS[] = {" ", " ", " ", "  ", "\n", ", ", ". ", "\n\n", "'s ", "-", "/", " & "};

int main(void)
{
    nx_model *m = shipped_model();
    CHECK(m != NULL);
    if (!m)
        UNIT_DONE();
    const nx_ruleset *rs = m->rules;
    unsigned seed = 11;
    static char text[4096];
    static unsigned char fl[4097];
    int rules = 0;
    long places = 0, matches = 0;
    for (size_t ri = 0; ri < rs->n; ri++) {
        const nx_rule *r = &rs->rules[ri];
        if (!r->anchor || !r->anchored)
            continue;
        rules++;
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->anchored, NULL);
        pcre2_match_data *ma = pcre2_match_data_create_from_pattern(r->anchor, NULL);
        int ok = 1;
        for (int t = 0; t < 400 && ok; t++) {
            size_t len = 0;
            int nw = 1 + (int)(seed % 14);
            for (int k = 0; k < nw; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *w = WORDS[(seed >> 16) % (sizeof WORDS / sizeof *WORDS)];
                seed = seed * 1103515245u + 12345u;
                const char *sep = SEPS[(seed >> 16) % (sizeof SEPS / sizeof *SEPS)];
                size_t wl = strlen(w), sl = strlen(sep);
                if (len + wl + sl + 1 >= sizeof text)
                    break;
                memcpy(text + len, w, wl);
                len += wl;
                memcpy(text + len, sep, sl);
                len += sl;
            }
            text[len] = 0;
            /* the anchors where run_anchored puts them: word starts where the anchor matches */
            memset(fl, 0, len + 1);
            for (size_t i = 0; i < len; i++) {
                if (i && !NX_IS_NAME_SEP(text[i - 1]) && NX_IS_NAME_CHAR(text[i]))
                    continue;
                if (pcre2_match(r->anchor, (PCRE2_SPTR)text, len, i, PCRE2_ANCHORED, ma, NULL) >= 0)
                    fl[i] |= NX_REACH_ANCHOR;
            }
            nx_name_reach(text, len, fl);
            for (size_t i = 0; i < len && ok; i++) {
                if (((unsigned char)text[i] & 0xC0) == 0x80)
                    continue; /* not a character's first byte */
                places++;
                int rc = pcre2_match(r->anchored, (PCRE2_SPTR)text, len, i, 0, md, NULL);
                if (rc < 0)
                    continue;
                matches++;
                if (!(fl[i] & NX_REACH_OK)) {
                    fprintf(stderr, "%s matches at %zu of '%s', which the name reach does not mark\n", r->id, i,
                            text);
                    ok = 0;
                }
            }
        }
        CHECK(ok);
        pcre2_match_data_free(md);
        pcre2_match_data_free(ma);
    }
    CHECK(rules >= 2); /* company.legal, company.ticker_tag at least */
    CHECK(matches > 100);
    fprintf(stderr, "name reach: %d anchored rules, %ld places, %ld matches, every one marked\n", rules, places,
            matches);
    nx_model_free(m);
    UNIT_DONE();
}
