/* prefilter.h: the words a pattern cannot match without (a literal prefilter, as RE2's FilteredRE2).
 *
 * nx_required_words() reads a PCRE2 pattern (extended mode, after macro expansion) and finds a set of
 * lowercase letter strings such that every match of the pattern contains at least one of them. The
 * extractor looks for all rules' words in one scan of a document and runs a rule only in the
 * sentences (or documents) that hold one of its words. When no such set can be proven (a pattern
 * made of classes, digits, placeholders, subroutine calls...), the rule simply always runs.
 */
#ifndef NX_PREFILTER_H
#define NX_PREFILTER_H

#include <stddef.h>

#include "base.h"

#define NX_WORDS_MAX 128

typedef struct nx_words {
    char *w[NX_WORDS_MAX]; /* owned, lowercase */
    int n;
} nx_words;

/* Find the required words of pattern[0..len). Returns 1 with *out filled (the caller frees with
 * nx_words_free), 0 when no set can be proven (out left empty), -1 when out of memory. */
int nx_required_words(const char *pattern, size_t len, nx_words *out);
void nx_words_free(nx_words *ws);
/* Find the words every match of pattern[0..len) begins with (lowercase; only assertions may come
 * before them; a ' ' in one stands for the one or more white-space bytes the pattern requires there:
 * "a half" from "a\s+half", "a billion" from "(?:a|an)\s+(?:billion|million)"). *word_start is set
 * to 1 when a \b stands before each of them (a match then begins
 * where no letter, digit or '_' is before). Returns 1 with *out filled (the caller frees with
 * nx_words_free), 0 when the pattern may begin otherwise (out left empty), -1 when out of memory. */
int nx_prefix_words(const char *pattern, size_t len, nx_words *out, int *word_start);
/* The same with any literal bytes ("$", "us$", "\xc2\xa3"), ASCII letters lowercased: every match
 * begins with one of them. *word_start is set to 1 when a \b stands before each of them that begins
 * with a letter, digit or '_' (one that begins otherwise may follow anything). Returns as
 * nx_prefix_words. */
int nx_prefix_literals(const char *pattern, size_t len, nx_words *out, int *word_start);
#define NX_LEAD_WORDS 4

/* A lookahead a pattern begins with (nx_lead_run): the run of its one branch C1 C2*+ C3, perhaps
 * with more items after it, each one character or a possessive run of them (C4*+ C5 ...): nitems
 * items, sets[k * 256 ...] the bytes of item k (ASCII letters in both cases when caseless), star[k]
 * 1 for a run C*+ (always item 1), 0 for one character; and the words of its other branches, if any
 * (lowercase when caseless); and the lookbehind of single characters B1 ... Bk (behind[j] the bytes
 * of Bj) it may have before. */
#define NX_LEAD_BEHIND 4
#define NX_LEAD_ITEMS 6
typedef struct nx_lead {
    unsigned char sets[NX_LEAD_ITEMS * 256];
    unsigned char star[NX_LEAD_ITEMS];
    int nitems;
    int run;
    int caseless;
    int nwords;
    char words[NX_LEAD_WORDS][16];
    int nbehind;
    unsigned char behind[NX_LEAD_BEHIND][256];
} nx_lead;

/* Does every match of pattern[0..len) begin, after other assertions only, with a lookahead whose
 * branches are a run (?= C1 C2*+ C3 ...), each C one ASCII character ([...] not negated, \d, \s, \w,
 * a byte), and perhaps words of ASCII letters: (?= [\d.] [\d.,/\s-]*+ [%p] ), (?= between | [\d.]
 * [\d.,/\s-]*+ [%pt] )? Then a match can begin only where one of the words stands or at a byte of C1
 * from which the longest run of C2 bytes after it ends at a byte of C3 (nx_lead_run_at). The first
 * of those assertions that is a lookbehind of one to NX_LEAD_BEHIND such characters and nothing else
 * ((?<=[tfnm]\s)) is tested too, with or without the lookahead. Returns 1 with *l filled, else 0. */
int nx_lead_run(const char *pattern, size_t len, int caseless, nx_lead *l);

/* Can a match begin at s[i] of s[0..len), by what nx_lead_run found? Returns 1 or 0. */
static inline int nx_lead_run_at(const nx_lead *l, const unsigned char *s, size_t i, size_t len)
{
    if (l->nbehind) {
        if (i < (size_t)l->nbehind)
            return 0;
        for (int j = 0; j < l->nbehind; j++)
            if (!l->behind[j][s[i - (size_t)l->nbehind + (size_t)j]])
                return 0;
        if (!l->run)
            return 1;
    }
    for (int k = 0; k < l->nwords; k++) {
        const char *w = l->words[k];
        size_t j = 0;
        while (w[j] && i + j < len &&
               (l->caseless ? (s[i + j] | 0x20) == (unsigned char)w[j] : s[i + j] == (unsigned char)w[j]))
            j++;
        if (!w[j])
            return 1;
    }
    if (i >= len || !l->sets[s[i]])
        return 0;
    for (i++; i < len && l->sets[256 + s[i]]; i++) /* C2*+ C3, then the items after them, if any */
        ;
    if (i >= len || !l->sets[512 + s[i]])
        return 0;
    i++;
    for (int k = 3; k < l->nitems; k++) {
        const unsigned char *set = l->sets + 256 * k;
        if (l->star[k]) {
            while (i < len && set[s[i]])
                i++;
        } else if (i < len && set[s[i]]) {
            i++;
        } else {
            return 0;
        }
    }
    return 1;
}

#endif

/* Aho-Corasick automaton over lowercase letter words, case-insensitive on the text (any byte that is
 * not a letter separates nothing: words are found inside longer words too). */
typedef struct nx_ac nx_ac;
/* Build from words[0..n). Returns NULL when out of memory. Free with nx_ac_free. */
nx_ac *nx_ac_new(char *const *words, size_t n);
void nx_ac_free(nx_ac *ac);
/* Call hit(ctx, word, end_offset) for every occurrence in text[0..len). */
void nx_ac_scan(const nx_ac *ac, const char *text, size_t len, void (*hit)(void *ctx, int word, size_t end),
                void *ctx);

/* Name reach, the prefilter of a rule with an `anchor` (rules.h): the rule promises that every
 * match holds an anchor match at the start of a word (after white space or a comma) or at a
 * character that is no part of a name, and that the text before it is a company's name: only
 * letters, digits, "_&.-/'()", white space and commas, and every whole word in it (a run of those
 * characters between white space and commas, except the one the match starts in) begins with a
 * capital, a digit, '&' or '(' and a capital ("(Pacific)"), or is a particle of a foreign name (de, du,
 * des, del, della, di, et, van, von, der), or is "of", "the", "and", or "plc" with no letter, digit or '_' after
 * it ("plc's"). On entry flags[i] & NX_REACH_ANCHOR
 * marks every such i of s[0..len) where the anchor matches; on return flags[i] & NX_REACH_OK marks
 * every i from which such a name leads to an anchor, so a match can start nowhere else. flags has
 * len bytes, owned by the caller. */
#define NX_REACH_ANCHOR 1
#define NX_REACH_OK 2
void nx_name_reach(const char *s, size_t len, unsigned char *flags);
/* What `starts number` puts in front of a rule's pattern: a number begins here, that is a digit or a
 * period before a digit, after no digit, period, comma or slash. */
#define NX_NUMBER_START "(?<![0-9.,/])(?=[0-9]|\\.[0-9])"

/* Does a number begin at s[i] of s[0..len) (as NX_NUMBER_START)? Returns 1 or 0. */
static inline int nx_number_start(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    int digit = c >= '0' && c <= '9';
    if (!digit && !(c == '.' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9'))
        return 0;
    if (i == 0)
        return 1;
    unsigned char b = (unsigned char)s[i - 1];
    return !(b >= '0' && b <= '9') && b != '.' && b != ',' && b != '/';
}

/* Where numbers begin in s[0..len) (nx_number_start), ascending, into (*pos)[0..) grown with nx_grow
 * (*cap its room; the array is the caller's, to free with nx_free). Returns how many, or -1 when out
 * of memory. */
long nx_number_starts(const char *s, size_t len, size_t **pos, size_t *cap);

/* Where words begin in s[0..len): an ASCII letter, digit or '_' after none (or at 0), ascending, into
 * (*pos)[0..) as nx_number_starts. Returns how many, or -1 when out of memory. */
long nx_word_starts(const char *s, size_t len, size_t **pos, size_t *cap);

/* nx_word_byte[c]: c is a byte of a word as PCRE2's \w without UCP sees it: [A-Za-z0-9_]. */
extern const unsigned char nx_word_byte[256];

/* nx_name_class[c] & 1: c is a character of a name's words (a letter, a digit, one of "_&.-/'()" or
 * a byte of a character beyond ASCII);
 * & 2: c is white space or a comma, what separates the words of a name. */
extern const unsigned char nx_name_class[256];
#define NX_IS_NAME_CHAR(c) (nx_name_class[(unsigned char)(c)] & 1)
#define NX_IS_NAME_SEP(c) (nx_name_class[(unsigned char)(c)] & 2)
