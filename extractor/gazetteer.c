/* gazetteer.c: company gazetteer (see gazetteer.h). */
#include "gazetteer.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "simd.h"

#define MAXTOK 10

typedef struct form {
    char *upper;     /* key: tokens upper-cased, joined by one space */
    char *orig;      /* as written in the file */
    int ntok;
    int entry;
    int exact;       /* single word: match case exactly */
    uint64_t h;
} form;

typedef struct gentry {
    char *name;
    char *ticker;
} gentry;

/* A slot of the form table: the form's index (-1 empty) and the high half of its key's hash (the
 * slot is found by the low bits), compared before the form itself is read (most words a scan looks
 * up are no form: one cache line, not three). Eight bytes: the table (64 K slots) stays in the
 * cache better than with the whole hash. */
typedef struct gslot {
    int32_t i;
    uint32_t h;
} gslot;

#define SLOT_H(h) ((uint32_t)((h) >> 32))

#define TOK1_BITS (1u << 19)
#define KEY_BITS (1u << 20)
#define KEY_BIT(h) ((h) >> 44)
#define TOK1_BIT(h) ((h) >> 45)

struct nx_gaz {
    gentry *e;
    size_t ne, cape;
    form *f;
    size_t nf, capf;
    gslot *slot;     /* open addressing over f */
    size_t nslot;
    int maxtok;
    uint64_t tok1[TOK1_BITS / 64]; /* hashes of every form's first word: a capital word whose bit is
                                    * clear begins no form (most words; the tables are not read) */
    /* by the top bits of the hash (the slot table uses the low ones), 128 KB each, which the cache
     * keeps where the tables (1 MB) miss: every form's key (a clear bit: no form, the table is not
     * read), and the word prefixes of every form ("WASTE" of "WASTE MANAGEMENT": a clear bit stops
     * the scan, no form can follow; a bit set by another prefix only lets it read on). Apart, not
     * side by side with tok1 (one cache line a key step, 512 KB): measured by the clock, the scan
     * took 5 % more time with them side by side though it missed the cache less in callgrind's
     * model, as the small tok1, read at every capital word, stays in the cache. */
    uint64_t formbits[KEY_BITS / 64];
    uint64_t pfxbits[KEY_BITS / 64];
};

/* sorted (strcmp), lowercase: found by binary search (a test checks the order) */
const char *const nx_legal_words[] = {
    "a.g", "ab", "ag", "asa", "b.v", "berhad", "bhd", "bv", "cie", "co", "companies", "company", "corp",
    "corporation", "cos", "gmbh", "group", "holding", "holdings", "inc", "incorporated", "kgaa", "kk",
    "l.p", "limited", "llc", "lp", "ltd", "ltda", "n.v", "nv", "oy", "oyj", "plc", "pte", "pty", "s.a",
    "s.p.a", "sa", "sarl", "se", "spa", "trust"};
const size_t nx_nlegal_words = sizeof nx_legal_words / sizeof *nx_legal_words;

int nx_is_legal_suffix(const char *w, size_t n)
{
    while (n && (w[n - 1] == '.' || w[n - 1] == ','))
        n--;
    return nx_word_in_sorted(nx_legal_words, nx_nlegal_words, w, n);
}

/* ---- the hash of a key ----
 * A key is its tokens joined by one space. Its hash is made token by token, as the scan reads the
 * tokens of a name (the key of one token, then of two, ...), eight bytes a step and upper-cased on
 * the way (ASCII a-z, what toupper does in the C locale newsfx runs in; the keys of the table are
 * upper-case already): the scan neither writes a key nor reads a byte at a time, and compares its
 * tokens with a form only where the slot table holds one under the same hash (find_toks). */

#define HASH_SEED 0x9e3779b97f4a7c15ULL
#define HASH_MUL 0xff51afd7ed558ccdULL

/* x with the bytes a-z upper-cased, eight at once (no carry crosses a byte: each sum is under 0x100) */
static inline uint64_t upper8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    uint64_t low7 = x & ~high;
    uint64_t ge_a = low7 + ones * (0x80 - 'a');     /* bit 7 set where the low seven bits >= 'a' */
    uint64_t gt_z = low7 + ones * (0x80 - 'z' - 1); /* and where they > 'z' */
    return x ^ ((ge_a & ~gt_z & ~x & high) >> 2);   /* a-z (bit 7 of x clear): 0x20 off */
}

/* The n < 8 bytes s[0..n) in a word as memcpy would place them, the rest zero; s[0..avail) may be
 * read (a whole word is read where avail >= 8 and the bytes after s[n) masked off). */
static inline uint64_t load_part(const char *s, size_t n, size_t avail)
{
    uint64_t x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (avail >= 8) {
        memcpy(&x, s, 8);
        return n ? x & (~0ULL >> (64 - 8 * n)) : 0;
    }
#else
    (void)avail;
#endif
    memcpy(&x, s, n);
    return x;
}

/* h, the hash of the tokens before (HASH_SEED before the first), extended by the token s[0..n),
 * of which s[0..avail) may be read (avail >= n). The tokens' lengths are mixed in, so "AB" "C"
 * and "A" "BC" differ; the high half is folded into the low one at each step, since the slot
 * table is indexed by the low bits and the bitmaps by the high ones. */
static inline uint64_t hash_tok(uint64_t h, const char *s, size_t n, size_t avail)
{
    for (; n >= 8; s += 8, n -= 8, avail -= 8) {
        uint64_t x;
        memcpy(&x, s, 8);
        h = (h ^ upper8(x)) * HASH_MUL;
        h ^= h >> 32;
    }
    /* the last word holds at most seven bytes: its top byte carries the tail's length */
    h = (h ^ upper8(load_part(s, n, avail)) ^ (uint64_t)(n + 1) << 56) * HASH_MUL;
    return h ^ h >> 32;
}

/* The hash of the key key[0..n) (split at every space). */
static uint64_t key_hash(const char *key, size_t n)
{
    uint64_t h = HASH_SEED;
    size_t a = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || key[i] == ' ') {
            h = hash_tok(h, key + a, i - a, n - a);
            a = i + 1;
        }
    return h;
}

/* The bytes of a token: letters, digits, "&-.'" and every byte of a multibyte character. A table,
 * since the scan asks for every byte of the text: 1, or 3 for the hyphen (bit 2: where a name may
 * begin after it, and what the scan's second mode splits at). */
static const unsigned char TOKCHAR[256] = {
    ['&'] = 1, ['-'] = 3, ['.'] = 1, ['\''] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    [0x80] = 1, [0x81] = 1, [0x82] = 1, [0x83] = 1, [0x84] = 1, [0x85] = 1, [0x86] = 1, [0x87] = 1,
    [0x88] = 1, [0x89] = 1, [0x8a] = 1, [0x8b] = 1, [0x8c] = 1, [0x8d] = 1, [0x8e] = 1, [0x8f] = 1,
    [0x90] = 1, [0x91] = 1, [0x92] = 1, [0x93] = 1, [0x94] = 1, [0x95] = 1, [0x96] = 1, [0x97] = 1,
    [0x98] = 1, [0x99] = 1, [0x9a] = 1, [0x9b] = 1, [0x9c] = 1, [0x9d] = 1, [0x9e] = 1, [0x9f] = 1,
    [0xa0] = 1, [0xa1] = 1, [0xa2] = 1, [0xa3] = 1, [0xa4] = 1, [0xa5] = 1, [0xa6] = 1, [0xa7] = 1,
    [0xa8] = 1, [0xa9] = 1, [0xaa] = 1, [0xab] = 1, [0xac] = 1, [0xad] = 1, [0xae] = 1, [0xaf] = 1,
    [0xb0] = 1, [0xb1] = 1, [0xb2] = 1, [0xb3] = 1, [0xb4] = 1, [0xb5] = 1, [0xb6] = 1, [0xb7] = 1,
    [0xb8] = 1, [0xb9] = 1, [0xba] = 1, [0xbb] = 1, [0xbc] = 1, [0xbd] = 1, [0xbe] = 1, [0xbf] = 1,
    [0xc0] = 1, [0xc1] = 1, [0xc2] = 1, [0xc3] = 1, [0xc4] = 1, [0xc5] = 1, [0xc6] = 1, [0xc7] = 1,
    [0xc8] = 1, [0xc9] = 1, [0xca] = 1, [0xcb] = 1, [0xcc] = 1, [0xcd] = 1, [0xce] = 1, [0xcf] = 1,
    [0xd0] = 1, [0xd1] = 1, [0xd2] = 1, [0xd3] = 1, [0xd4] = 1, [0xd5] = 1, [0xd6] = 1, [0xd7] = 1,
    [0xd8] = 1, [0xd9] = 1, [0xda] = 1, [0xdb] = 1, [0xdc] = 1, [0xdd] = 1, [0xde] = 1, [0xdf] = 1,
    [0xe0] = 1, [0xe1] = 1, [0xe2] = 1, [0xe3] = 1, [0xe4] = 1, [0xe5] = 1, [0xe6] = 1, [0xe7] = 1,
    [0xe8] = 1, [0xe9] = 1, [0xea] = 1, [0xeb] = 1, [0xec] = 1, [0xed] = 1, [0xee] = 1, [0xef] = 1,
    [0xf0] = 1, [0xf1] = 1, [0xf2] = 1, [0xf3] = 1, [0xf4] = 1, [0xf5] = 1, [0xf6] = 1, [0xf7] = 1,
    [0xf8] = 1, [0xf9] = 1, [0xfa] = 1, [0xfb] = 1, [0xfc] = 1, [0xfd] = 1, [0xfe] = 1, [0xff] = 1,
};

static int tokchar(int c) { return TOKCHAR[c & 0xff]; }

/* Normalise a token: strip a final period, a possessive 's or ', and trailing commas. */
static inline size_t tok_trim(const char *t, size_t n)
{
    if (n >= 2 && t[n - 2] == '\'' && (t[n - 1] == 's' || t[n - 1] == 'S'))
        n -= 2;
    while (n > 1 && (t[n - 1] == '.' || t[n - 1] == '\'' || t[n - 1] == ',' || t[n - 1] == '-'))
        n--;
    return n;
}

/* The key of s[0..n) into out, which holds n + 1 bytes (a key is never longer than its text):
 * tokens upper-cased, commas dropped, tokens single-spaced. Returns the number of tokens. */
static int key_into(const char *s, size_t n, char *out)
{
    int ntok = 0;
    size_t i = 0, k = 0;
    while (i < n) {
        while (i < n && (isspace((unsigned char)s[i]) || s[i] == ','))
            i++;
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]) && s[j] != ',')
            j++;
        if (j == i)
            break;
        size_t tl = tok_trim(s + i, j - i);
        if (k)
            out[k++] = ' ';
        for (size_t x = 0; x < tl; x++)
            out[k++] = (char)toupper((unsigned char)s[i + x]);
        ntok++;
        i = j;
    }
    out[k] = 0;
    return ntok;
}

/* Upper-cased key of a form written in the file (key_into), a new string; NULL when out of memory. */
static char *make_key(const char *s, int *ntok)
{
    size_t n = strlen(s);
    char *key = nx_malloc(n + 1);
    if (key)
        *ntok = key_into(s, n, key);
    return key;
}

nx_gaz *nx_gaz_new(void)
{
    nx_gaz *g = nx_calloc(1, sizeof *g);
    return g;
}

static int rehash(nx_gaz *g)
{
    size_t ns = 1024;
    while (ns < g->nf * 2 + 16)
        ns *= 2;
    gslot *sl = nx_malloc(ns * sizeof *sl);
    if (!sl)
        return -1;
    for (size_t i = 0; i < ns; i++)
        sl[i].i = -1;
    for (size_t i = 0; i < g->nf; i++) {
        size_t k = g->f[i].h & (ns - 1);
        while (sl[k].i >= 0)
            k = (k + 1) & (ns - 1);
        sl[k].i = (int32_t)i;
        sl[k].h = SLOT_H(g->f[i].h);
    }
    nx_free(g->slot);
    g->slot = sl;
    g->nslot = ns;
    return 0;
}

/* Bit b of a bitmap of hashes (tok1, formbits, pfxbits): set it, test it. */
static void hbit_set(uint64_t *bits, uint64_t b) { bits[b / 64] |= (uint64_t)1 << (b % 64); }
static int hbit(const uint64_t *bits, uint64_t b) { return (int)(bits[b / 64] >> (b % 64) & 1); }

/* The form whose key is key (hash h) from the slot table, or -1. */
static int find_slot(const nx_gaz *g, const char *key, uint64_t h)
{
    size_t k = h & (g->nslot - 1);
    while (g->slot[k].i >= 0) {
        if (g->slot[k].h == SLOT_H(h) && strcmp(g->f[g->slot[k].i].upper, key) == 0)
            return g->slot[k].i;
        k = (k + 1) & (g->nslot - 1);
    }
    return -1;
}

static int find_key(const nx_gaz *g, const char *key, uint64_t h)
{
    if (!g->nslot || !hbit(g->formbits, KEY_BIT(h)))
        return -1;
    return find_slot(g, key, h);
}

/* Is key the tokens text[ts[t]..te[t]) for t < k, upper-cased (toupper) and joined by one space?
 * (No token byte is a NUL, so the key's end never equals one.) */
static int key_is_toks(const char *key, const char *text, const size_t *ts, const size_t *te, int k)
{
    for (int t = 0; t < k; t++) {
        if (t && *key++ != ' ')
            return 0;
        for (size_t x = ts[t]; x < te[t]; x++, key++)
            if (*key != (char)toupper((unsigned char)text[x]))
                return 0;
    }
    return *key == 0;
}

/* find_key for the key of the scan's first k tokens (hash h), without the key written out. */
static int find_toks(const nx_gaz *g, const char *text, const size_t *ts, const size_t *te, int k, uint64_t h)
{
    if (!hbit(g->formbits, KEY_BIT(h)))
        return -1;
    size_t i = h & (g->nslot - 1);
    while (g->slot[i].i >= 0) {
        if (g->slot[i].h == SLOT_H(h) && key_is_toks(g->f[g->slot[i].i].upper, text, ts, te, k))
            return g->slot[i].i;
        i = (i + 1) & (g->nslot - 1);
    }
    return -1;
}

static int add_form(nx_gaz *g, const char *s, int entry)
{
    int ntok;
    char *key = make_key(s, &ntok);
    if (!key)
        return -1;
    if (!ntok || ntok > MAXTOK) {
        nx_free(key);
        return 0;
    }
    uint64_t h = key_hash(key, strlen(key));
    char *sp1 = strchr(key, ' ');
    /* the high bits: the slot table uses the low ones */
    hbit_set(g->tok1, TOK1_BIT(sp1 ? key_hash(key, (size_t)(sp1 - key)) : h));
    /* its word prefixes, so that a scan can stop as soon as no form can follow */
    for (char *sp = sp1; sp; sp = strchr(sp + 1, ' '))
        hbit_set(g->pfxbits, KEY_BIT(key_hash(key, (size_t)(sp - key))));
    if (g->nf * 2 + 16 > g->nslot && rehash(g)) {
        nx_free(key);
        return -1;
    }
    if (find_key(g, key, h) >= 0) { /* first loaded wins */
        nx_free(key);
        return 0;
    }
    if (nx_grow((void **)&g->f, &g->capf, g->nf + 1, sizeof *g->f)) {
        nx_free(key);
        return -1;
    }
    form *f = &g->f[g->nf];
    f->upper = key;
    f->orig = nx_strdup(s);
    if (!f->orig) {
        nx_free(key);
        return -1;
    }
    f->ntok = ntok;
    f->entry = entry;
    f->h = h;
    /* single words match exactly unless written in capitals (acronyms) */
    int lower = 0;
    for (const char *p = s; *p; p++)
        if (islower((unsigned char)*p))
            lower = 1;
    f->exact = ntok == 1 && lower;
    g->nf++;
    if (ntok > g->maxtok)
        g->maxtok = ntok;
    size_t k = h & (g->nslot - 1);
    while (g->slot[k].i >= 0)
        k = (k + 1) & (g->nslot - 1);
    g->slot[k].i = (int32_t)(g->nf - 1);
    g->slot[k].h = SLOT_H(h);
    hbit_set(g->formbits, KEY_BIT(h));
    return 0;
}

int nx_gaz_add(nx_gaz *g, const char *name, const char *ticker, const char *aliases)
{
    if (nx_grow((void **)&g->e, &g->cape, g->ne + 1, sizeof *g->e))
        return -1;
    gentry *e = &g->e[g->ne];
    e->name = nx_strdup(name);
    e->ticker = nx_strdup(ticker ? ticker : "");
    if (!e->name || !e->ticker) {
        nx_free(e->name);
        nx_free(e->ticker);
        return -1;
    }
    int idx = (int)g->ne++;
    if (add_form(g, name, idx))
        return -1;
    if (aliases) {
        const char *a = aliases;
        while (*a) {
            const char *bar = strchr(a, '|');
            size_t al = bar ? (size_t)(bar - a) : strlen(a);
            while (al && isspace((unsigned char)*a)) {
                a++;
                al--;
            }
            while (al && isspace((unsigned char)a[al - 1]))
                al--;
            if (al) {
                char *one = nx_strndup(a, al);
                if (!one || add_form(g, one, idx)) {
                    nx_free(one);
                    return -1;
                }
                nx_free(one);
            }
            if (!bar)
                break;
            a = bar + 1;
        }
    }
    return idx;
}

int nx_gaz_load(nx_gaz *g, const char *path, nx_error *err)
{
    size_t len;
    char *text = nx_read_file(path, &len, err);
    if (!text)
        return -1;
    int rc = 0;
    long lineno = 0;
    char *s = text, *end = text + len;
    while (s < end) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        char *le = nl ? nl : end;
        lineno++;
        *le = 0;
        if (le > s && le[-1] == '\r')
            le[-1] = 0;
        char *next = nl ? nl + 1 : end;
        if (*s == '#' || *s == 0) {
            s = next;
            continue;
        }
        char *col[4] = {s, NULL, NULL, NULL};
        int nc = 1;
        for (char *p = s; *p && nc < 4; p++)
            if (*p == '\t') {
                *p = 0;
                col[nc++] = p + 1;
            }
        if (nc < 2 || !*col[0]) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: expected name<TAB>ticker[<TAB>aliases], got '%.60s'",
                              path, lineno, s);
            break;
        }
        if (lineno == 1 && strcmp(col[0], "name") == 0) { /* header */
            s = next;
            continue;
        }
        int word = 0; /* a name of punctuation alone names nothing */
        for (const char *p = col[0]; *p && !word; p++)
            word = isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80;
        if (!word) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: the name '%.60s' has no letter or digit", path, lineno, col[0]);
            break;
        }
        if (nx_gaz_add(g, col[0], col[1], nc > 2 ? col[2] : NULL) < 0) {
            rc = nx_error_nomem(err);
            break;
        }
        s = next;
    }
    nx_free(text);
    return rc;
}

/* A name may start after a hyphen too ("Microsoft-OpenAI partnership"): the whole hyphenated word is
 * tried first, its parts after. The letter after a \x01 is a placeholder's kind ("\x01M\x02\x02" for
 * a money mention, gazetteer.h), no word: a ninth of the capitals the scan met in Reuters text. */
static int word_start(const char *t, size_t i)
{
    return i == 0 ||
           (!tokchar((unsigned char)t[i - 1]) && t[i - 1] != '\x01') ||
           (t[i - 1] == '-' && i >= 2 && isalnum((unsigned char)t[i - 2]));
}

/* Does a word that starts after a hyphen at i go on with another hyphen ("Scott" in
 * "Hart-Scott-Rodino")? Such a middle part is no name: only the first and last parts of a hyphenated
 * word are tried alone. */
static int mid_hyphen(const char *t, size_t len, size_t i)
{
    if (i == 0 || t[i - 1] != '-')
        return 0;
    size_t q = i;
    while (q < len && (isalnum((unsigned char)t[q]) || t[q] == '&' || t[q] == '\''))
        q++;
    return q + 1 < len && t[q] == '-' && isalnum((unsigned char)t[q + 1]);
}

/* Is the word before position i a capitalised word other than a sentence opener ("The", "In")? */
static int prev_capitalised(const char *t, size_t i)
{
    static const char *const OPEN[] = {"The", "A", "An", "In", "On", "At", "For", "By", "And", "But", "With",
                                       "From", "To", "Of", "As", "That", "This", "Shares", "Both", "Unlike",
                                       "Like", "Rival", "Analysts", "While", "When", "After", NULL};
    size_t j = i;
    int nl = 0;
    while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' || t[j - 1] == '\n' || t[j - 1] == '\r'))
        nl += t[--j] == '\n';
    if (j == i || j == 0 || nl > 1)
        return 0; /* a blank line (a heading above) is no part of the name */
    size_t e = j;
    while (j > 0 && (isalnum((unsigned char)t[j - 1]) || t[j - 1] == '&' || t[j - 1] == '-' || t[j - 1] == '\''))
        j--;
    if (e == j || !isupper((unsigned char)t[j]))
        return 0;
    for (int k = 0; OPEN[k]; k++)
        if (strlen(OPEN[k]) == e - j && memcmp(OPEN[k], t + j, e - j) == 0)
            return 0;
    return 1;
}

/* Is the word before position i, in a headline's capitals, the first word of a place's name ("LOS
 * ANGELES", "SAN JOSE", "NEW JERSEY")? Then a one-word name at i is the place's second word. */
static int prev_place_word(const char *t, size_t i)
{
    static const char *const W[] = {"LOS", "LAS", "SAN", "SANTA", "NEW", "HONG", "PUERTO", "SAO", "ST", "ST.",
                                    "BUENOS", "RIO", "EL", "LA", "FORT", "PORT", NULL};
    size_t j = i;
    while (j > 0 && t[j - 1] == ' ')
        j--;
    if (j == i)
        return 0;
    size_t e = j;
    while (j > 0 && (isupper((unsigned char)t[j - 1]) || t[j - 1] == '.'))
        j--;
    if (j > 0 && !isspace((unsigned char)t[j - 1]) && t[j - 1] != '>')
        return 0;
    for (int k = 0; W[k]; k++)
        if (strlen(W[k]) == e - j && memcmp(W[k], t + j, e - j) == 0)
            return 1;
    return 0;
}

/* The first position from i on of text[0..len) that holds a capital or a digit (what a name begins
 * with; newsfx runs in the C locale), or len. Sixteen bytes at a time where SSE2 is there: most
 * bytes are lowercase letters and spaces. */
static size_t next_capital(const char *text, size_t len, size_t i)
{
#ifdef NX_SSE2
    for (; i + 16 <= len; i += 16) {
        __m128i v = nx_load16(text + i);
        unsigned mask = nx_mask16(_mm_or_si128(nx_range16(v, 'A', 25), nx_range16(v, '0', 9)));
        if (mask)
            return i + nx_first16(mask);
    }
#endif
    while (i < len && !isupper((unsigned char)text[i]) && !isdigit((unsigned char)text[i]))
        i++;
    return i;
}

/* The next position after i, a word start i is not at or where no name begins, where a name may begin:
 * past the bytes of i's token other than a hyphen (word_start holds at none of them). */
static size_t next_start(const char *text, size_t len, size_t i)
{
    i++;
    while (i < len && TOKCHAR[(unsigned char)text[i - 1]] == 1)
        i++;
    return i;
}

int nx_gaz_scan(const nx_gaz *g, const char *text, size_t len, size_t caps_end, nx_gazhit **hits,
                size_t *n, size_t *cap)
{
    if (!g || !g->nf)
        return 0;
    enum { KEYMAX = 512 }; /* the longest key looked up, and one (the keys are not written out) */
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (!(isupper(c) || isdigit(c))) {
            i = next_capital(text, len, i + 1);
            continue;
        }
        if (!word_start(text, i) || mid_hyphen(text, len, i)) {
            i = next_start(text, len, i);
            continue;
        }
        int best = -1, bestn = 0;
        size_t ts[MAXTOK], te[MAXTOK];
        unsigned seen = 0; /* the TOKCHAR values of the bytes of the tokens mode 0 read (2: a hyphen) */
        size_t after = 0;  /* where next_start would go from i, when mode 0's first token tells (else 0) */
        /* mode 0: hyphenated words whole ("Coca-Cola"); mode 1: split at hyphens ("Microsoft-OpenAI") */
        for (int mode = 0; mode < 2 && best < 0; mode++) {
            /* without a hyphen in what mode 0 read, mode 1 reads the same tokens, makes the same
             * keys and stops where mode 0 stopped: it can find nothing mode 0 did not */
            if (mode && !(seen & 2))
                break;
            int nt = 0, hyphen = 0;
            size_t p = i;
            /* the keys (hashes) of the first k tokens, growing while some form can still follow: in mode 0
             * made as the tokens are read, so that reading stops where no form can follow; mode 1
             * needs all its tokens first (only a hyphen lets it go on) */
            int fis[MAXTOK + 1];
            int kmax = 0, kdone = 0;
            size_t kl = 0;
            uint64_t h = HASH_SEED;
#define KEY_STEP(t)                                                                                \
            do {                                                                                   \
                size_t tl_ = te[t] - ts[t];                                                        \
                if (kl + tl_ + 2 >= KEYMAX) {                                                      \
                    kdone = 1;                                                                     \
                    break;                                                                         \
                }                                                                                  \
                kl += tl_ + ((t) != 0);                                                            \
                h = hash_tok(h, text + ts[t], tl_, len - ts[t]);                                   \
                kmax = (t) + 1;                                                                    \
                if ((t) == 0 && !hbit(g->tok1, TOK1_BIT(h))) {                                     \
                    fis[1] = -1;                                                                   \
                    kdone = 1;                                                                     \
                    break;                                                                         \
                }                                                                                  \
                fis[(t) + 1] = find_toks(g, text, ts, te, (t) + 1, h);                             \
                if (!hbit(g->pfxbits, KEY_BIT(h)))                                                 \
                    kdone = 1;                                                                     \
            } while (0)
            while (nt < g->maxtok && p < len) {
                size_t q = p;
                if (!mode) {
                    unsigned tc;
                    while (q < len && (tc = TOKCHAR[(unsigned char)text[q]]) != 0) {
                        seen |= tc;
                        q++;
                    }
                    /* a first token without a hyphen is all bytes next_start steps over, and
                     * text[q] is none: the next place a name may begin is after it */
                    if (p == i && !(seen & 2))
                        after = q < len ? q + 1 : len;
                } else {
                    while (q < len && tokchar((unsigned char)text[q]) && text[q] != '-')
                        q++;
                }
                if (q == p)
                    break;
                if (q < len && text[q] == '-')
                    hyphen = 1;
                ts[nt] = p;
                te[nt] = p + tok_trim(text + p, q - p);
                nt++;
                if (!mode) {
                    KEY_STEP(nt - 1);
                    if (kdone)
                        break;
                }
                /* a token that ended with punctuation other than a possessive ends the name */
                if (te[nt - 1] < q && !(q - te[nt - 1] == 2 && text[te[nt - 1]] == '\''))
                    if (text[q - 1] != '.')
                        break;
                if (mode && q < len && text[q] == '-')
                    break;
                size_t r = q;
                int nls = 0;
                while (r < len && (text[r] == ' ' || text[r] == '\n' || text[r] == '\t')) {
                    nls += text[r] == '\n';
                    r++;
                }
                if (r == q || nls > 1)
                    break;
                p = r;
            }
            if (mode && !hyphen)
                break;
            for (int t = 0; mode && t < nt && !kdone; t++)
                KEY_STEP(t);
#undef KEY_STEP
        for (int k = kmax; k >= 1 && best < 0; k--) {
            int ok = 1;
            int fi = fis[k];
            if (fi < 0)
                continue;
            const form *f = &g->f[fi];
            int in_caps = te[k - 1] <= caps_end;
            if (!in_caps && k == 1 && prev_capitalised(text, i))
                continue; /* "Angeles" in "Los Angeles" is no company */
            if (in_caps && k == 1 && prev_place_word(text, i))
                continue; /* nor in "LOS ANGELES" */
            if (!in_caps) {
                if (f->exact) {
                    if (te[0] - ts[0] != strlen(f->orig) || memcmp(text + ts[0], f->orig, te[0] - ts[0]))
                        continue;
                } else if (k == 1) {
                    /* acronym: the text must be in capitals too */
                    int lower = 0;
                    for (size_t x = ts[0]; x < te[0]; x++)
                        lower |= islower((unsigned char)text[x]) != 0;
                    if (lower)
                        continue;
                } else {
                    /* several words: each capitalised, or a connector */
                    for (int t = 0; t < k && ok; t++) {
                        unsigned char c0 = (unsigned char)text[ts[t]];
                        size_t tl = te[t] - ts[t];
                        if (!(isupper(c0) || isdigit(c0)) &&
                            !((tl == 3 && memcmp(text + ts[t], "and", 3) == 0) ||
                              (tl == 2 && memcmp(text + ts[t], "of", 2) == 0) ||
                              (tl == 3 && memcmp(text + ts[t], "the", 3) == 0) ||
                              (tl == 2 && (memcmp(text + ts[t], "de", 2) == 0 ||
                                           memcmp(text + ts[t], "du", 2) == 0))))
                            ok = 0;
                    }
                    if (!ok)
                        continue;
                }
            }
            best = f->entry;
            bestn = k;
        }
        }
        if (best >= 0) {
            if (nx_grow((void **)hits, cap, *n + 1, sizeof **hits))
                return -1;
            (*hits)[*n].s = i;
            (*hits)[*n].e = te[bestn - 1];
            (*hits)[*n].entry = best;
            (*n)++;
            i = te[bestn - 1];
            continue;
        }
        i = after ? after : next_start(text, len, i);
    }
    return 0;
}

size_t nx_company_key_into(const char *name, size_t n, char *out)
{
    /* split into words, drop punctuation, lowercase */
    size_t ws[64], we[64];
    int nw = 0;
    size_t i = 0;
    while (i < n && nw < 64) {
        while (i < n && !isalnum((unsigned char)name[i]) && name[i] != '&' && (unsigned char)name[i] < 0x80)
            i++;
        size_t j = i;
        while (j < n && (isalnum((unsigned char)name[j]) || name[j] == '&' || name[j] == '.' ||
                         name[j] == '\'' || name[j] == '-' || (unsigned char)name[j] >= 0x80))
            j++;
        if (j == i)
            break;
        size_t e = i + tok_trim(name + i, j - i);
        ws[nw] = i;
        we[nw] = e;
        nw++;
        i = j;
    }
    /* drop legal suffixes at the end (keep at least one word) */
    while (nw > 1 && nx_is_legal_suffix(name + ws[nw - 1], we[nw - 1] - ws[nw - 1]))
        nw--;
    /* a leading "the" */
    int first = 0;
    if (nw > 1 && we[0] - ws[0] == 3 && nx_strncaseeq(name + ws[0], "the", 3))
        first = 1;
    /* words are apart by at least one byte dropped: the key is never longer than the name */
    size_t k = 0;
    for (int w = first; w < nw; w++) {
        if (k)
            out[k++] = ' ';
        for (size_t x = ws[w]; x < we[w]; x++) {
            char c = name[x];
            if (c == '.' || c == '\'' || c == '-')
                continue;
            out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); /* tolower of the C locale, inline */
        }
    }
    out[k] = 0;
    return k;
}

char *nx_company_key(const char *name, size_t n)
{
    char *key = nx_malloc(n + 1);
    if (key)
        nx_company_key_into(name, n, key);
    return key;
}

int nx_gaz_lookup(const nx_gaz *g, const char *name, size_t n)
{
    if (!g || !g->nf)
        return -1;
    n = strnlen(name, n); /* a NUL ends the name */
    char small[256], *key = n < sizeof small ? small : nx_malloc(n + 1);
    if (!key)
        return -2;
    key_into(name, n, key);
    int fi = find_key(g, key, key_hash(key, strlen(key)));
    while (fi < 0) { /* without legal suffixes */
        char *sp = strrchr(key, ' ');
        if (!sp || !nx_is_legal_suffix(sp + 1, strlen(sp + 1)))
            break;
        *sp = 0;
        fi = find_key(g, key, key_hash(key, strlen(key)));
    }
    if (key != small)
        nx_free(key);
    return fi < 0 ? -1 : g->f[fi].entry;
}

const char *nx_gaz_name(const nx_gaz *g, int entry) { return g->e[entry].name; }
const char *nx_gaz_ticker(const nx_gaz *g, int entry) { return g->e[entry].ticker; }
size_t nx_gaz_size(const nx_gaz *g) { return g ? g->ne : 0; }

void nx_gaz_free(nx_gaz *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ne; i++) {
        nx_free(g->e[i].name);
        nx_free(g->e[i].ticker);
    }
    for (size_t i = 0; i < g->nf; i++) {
        nx_free(g->f[i].upper);
        nx_free(g->f[i].orig);
    }
    nx_free(g->e);
    nx_free(g->f);
    nx_free(g->slot);
    nx_free(g);
}
