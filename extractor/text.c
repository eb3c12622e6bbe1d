/* text.c: UTF-8 repair, code-point offsets, sentence splitting (see text.h). */
#include "text.h"

#include <ctype.h>
#include <string.h>

#include "simd.h"

static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

size_t nx_utf8_repair(char *buf, size_t n, size_t *first)
{
    unsigned char *s = (unsigned char *)buf;
    size_t bad = 0, i = 0;
    while (i < n) {
#ifdef NX_SSE2
        /* sixteen ASCII bytes at a time (most text): none with its high bit set */
        while (i + 16 <= n && !nx_mask16(nx_load16(s + i)))
            i += 16;
        if (i == n)
            break;
#endif
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = seq_len(s + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        if (!bad && first)
            *first = i;
        s[i++] = NX_BAD_BYTE;
        bad++;
    }
    return bad;
}

size_t nx_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

int nx_starts_upper(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!n)
        return 0;
    if (u[0] < 0x80)
        return u[0] >= 'A' && u[0] <= 'Z';
    if (n < 2 || (u[0] & 0xE0) != 0xC0 || (u[1] & 0xC0) != 0x80)
        return 0; /* three or four bytes: no script with capitals that names companies in news */
    unsigned c = (unsigned)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    if (c >= 0xC0 && c <= 0xDE)
        return c != 0xD7; /* A with grave .. thorn, but the multiplication sign */
    if (c >= 0x100 && c <= 0x137)
        return c % 2 == 0; /* Latin Extended-A: capital, small, capital... */
    if (c >= 0x139 && c <= 0x148)
        return c % 2 == 1;
    if (c >= 0x14A && c <= 0x177)
        return c % 2 == 0;
    if (c >= 0x178 && c <= 0x17E)
        return c == 0x178 || c % 2 == 1; /* Y with diaeresis, Z with acute, dot, caron */
    if (c >= 0x386 && c <= 0x3AB)
        return c != 0x387 && c != 0x38B && c != 0x38D && c != 0x390 && c != 0x3A2; /* Greek capitals */
    return c >= 0x400 && c <= 0x42F; /* Cyrillic capitals */
}

#define CP_BLOCK 256

/* Sixteen bytes at a time where SSE2 is there: most hold no control character. */
size_t nx_blank_controls(char *s, size_t n)
{
    size_t i = 0, k = 0;
#ifdef NX_SSE2
    for (; i + 16 <= n; i += 16) {
        __m128i v = nx_load16(s + i);
        __m128i ok = _mm_or_si128(_mm_or_si128(nx_eq16(v, '\n'), nx_eq16(v, '\t')), nx_eq16(v, '\r'));
        if (!nx_mask16(_mm_andnot_si128(ok, nx_range16(v, 0, 0x1f))))
            continue;
        for (size_t j = i; j < i + 16; j++) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                s[j] = ' ';
                k++;
            }
        }
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            s[i] = ' ';
            k++;
        }
    }
    return k;
}

int nx_cpmap_init(nx_cpmap *m, const char *text, size_t len)
{
    memset(m, 0, sizeof *m);
    m->text = text;
    m->len = len;
    m->ascii = 1;
    size_t i0 = 0;
#ifdef NX_SSE2
    for (; i0 + 16 <= len; i0 += 16) /* sixteen bytes at a time: any with its high bit set? */
        if (nx_mask16(nx_load16(text + i0)))
            break;
#endif
    for (size_t i = i0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80) {
            m->ascii = 0;
            break;
        }
    if (m->ascii)
        return 0;
    m->nblock = len / CP_BLOCK + 1;
    m->block = nx_malloc(m->nblock * sizeof *m->block);
    if (!m->block)
        return -1;
    uint32_t c = 0;
    for (size_t b = 0; b < m->nblock; b++) {
        m->block[b] = c;
        size_t s = b * CP_BLOCK, e = s + CP_BLOCK < len ? s + CP_BLOCK : len;
        c += (uint32_t)nx_utf8_count(text + s, e - s);
    }
    return 0;
}

size_t nx_cpmap_cp(const nx_cpmap *m, size_t b)
{
    if (m->ascii)
        return b;
    if (b > m->len)
        b = m->len;
    size_t blk = b / CP_BLOCK;
    size_t s = blk * CP_BLOCK;
    return m->block[blk] + nx_utf8_count(m->text + s, b - s);
}

void nx_cpmap_free(nx_cpmap *m)
{
    nx_free(m->block);
    m->block = NULL;
}

/* ---- sentences ---- */

/* Words that end with a period without ending a sentence. Compared case-insensitively, without the
 * period. Single letters (initials) are handled apart. */
const char *const nx_abbrevs[] = {
    "a.g", "a.m", "al", "approx", "apr", "assn", "aug", "ave", "avg", "benj", "bln", "blvd", "bros",
    "ca", "cf", "chas", "co", "corp", "cos", "dec", "dept", "div", "dr", "e.g", "est", "etc", "feb",
    "fig", "ft", "gen", "geo", "gov", "h.k", "i.e", "inc", "inc'", "intl", "jan", "jas", "jr",
    "jul", "jun", "ltd", "mar", "mfg", "mln", "mr", "mrs", "ms", "mt", "mths", "n.a", "n.v", "natl",
    "no", "nos", "nov", "oct", "op", "p.l.c", "p.m", "pct", "plc", "pres", "prof", "qtly", "qtr",
    "rep", "rev", "robt", "s.a", "sen", "sep", "sept", "shr", "shrs", "sr", "st", "thos", "u.k",
    "u.n", "u.s", "v", "vol", "vs", "wm", "yr",
};
const size_t nx_nabbrevs = sizeof nx_abbrevs / sizeof *nx_abbrevs;

/* Words that, after "Inc." or "Co.", show a new sentence began. */
static const char *const STARTERS[] = {
    "The", "It", "He", "She", "They", "We", "In", "A", "An", "This", "That", "These", "Those",
    "But", "And", "Its", "His", "Their", "Shares", "Terms", "Under", "On", "At", "For", "As",
    "Analysts", "Officials", "There", "If", "When", "After", "Earlier", "Last", NULL};

static int is_abbrev(const char *w, size_t n)
{
    if (n == 1 && isalpha((unsigned char)w[0]))
        return 1; /* an initial: "John F. Kennedy" */
    if (nx_word_in_sorted(nx_abbrevs, nx_nabbrevs, w, n))
        return 1;
    /* dotted acronyms: U.S., N.Y., S.p.A. */
    int dots = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.')
            dots++;
        else if (isalpha((unsigned char)w[i]))
            letters++;
        else
            return 0;
    }
    return dots >= 1 && letters <= dots + 1;
}

static int is_corp_abbrev(const char *w, size_t n)
{
    static const char *const c[] = {"inc", "corp", "co", "ltd", "cos", "bros", "plc", "n.v", "s.a",
                                    "a.g", NULL};
    return nx_word_in(c, w, n, 1);
}

static int is_starter(const char *w, size_t n)
{
    return nx_word_in(STARTERS, w, n, 0);
}

/* Is the word at t[i..) (after spaces) "shares" or "stock"? After "Inc." and a capitalised word
 * ("...sources at Beta Inc. Gamma shares rose 5%") a new sentence began: a name ends at "Inc.". */
static int shares_follow(const char *t, size_t i, size_t e)
{
    while (i < e && (t[i] == ' ' || t[i] == '\t'))
        i++;
    size_t j = i;
    while (j < e && isalpha((unsigned char)t[j]))
        j++;
    static const char *const W[] = {"shares", "stock", NULL};
    return nx_word_in(W, t + i, j - i, 1);
}

static int push_span(nx_span **out, size_t *n, size_t *cap, const char *t, size_t s, size_t e)
{
    while (s < e && isspace((unsigned char)t[s]))
        s++;
    while (e > s && isspace((unsigned char)t[e - 1]))
        e--;
    if (s >= e)
        return 0;
    if (nx_grow((void **)out, cap, *n + 1, sizeof **out))
        return -1;
    (*out)[*n].start = s;
    (*out)[*n].end = e;
    (*n)++;
    return 0;
}

/* Is there a paragraph break at the newline at i: a blank line or indentation on the next line? */
static int para_break(const char *t, size_t len, size_t i)
{
    size_t j = i + 1;
    if (j < len && t[j] == '\r')
        j++;
    if (j >= len)
        return 1;
    if (t[j] == '\n')
        return 1;
    if (t[j] == ' ' || t[j] == '\t') {
        size_t k = j;
        while (k < len && (t[k] == ' ' || t[k] == '\t'))
            k++;
        return k < len && (k - j >= 2 || t[j] == '\t' || t[k] == '\n');
    }
    return 0;
}

/* The first position from i on of t[0..e) that holds a newline, '.', '!' or '?' (where a sentence
 * can end), or e. Sixteen bytes at a time where SSE2 is there. */
static size_t next_mark(const char *t, size_t i, size_t e)
{
#ifdef NX_SSE2
    for (; i + 16 <= e; i += 16) {
        __m128i v = nx_load16(t + i);
        unsigned mask = nx_mask16(_mm_or_si128(_mm_or_si128(nx_eq16(v, '\n'), nx_eq16(v, '.')),
                                               _mm_or_si128(nx_eq16(v, '!'), nx_eq16(v, '?'))));
        if (mask)
            return i + nx_first16(mask);
    }
#endif
    while (i < e && t[i] != '\n' && t[i] != '.' && t[i] != '!' && t[i] != '?')
        i++;
    return i;
}

static void split_region(const char *t, size_t s, size_t e, nx_span **out, size_t *n, size_t *cap,
                         int *oom)
{
    size_t start = s;
    for (size_t i = s; i < e; i++) {
        i = next_mark(t, i, e);
        if (i == e)
            break;
        char c = t[i];
        if (c == '\n' && para_break(t, e, i)) {
            if (push_span(out, n, cap, t, start, i))
                *oom = 1;
            start = i + 1;
            continue;
        }
        if (c != '.' && c != '!' && c != '?')
            continue;
        /* closing quotes and brackets belong to the sentence */
        size_t j = i + 1;
        while (j < e && (t[j] == '"' || t[j] == '\'' || t[j] == ')'))
            j++;
        if (j < e && !isspace((unsigned char)t[j]))
            continue; /* 1.5, U.S.-based, "Yahoo!" inside a word */
        size_t k = j;
        while (k < e && isspace((unsigned char)t[k]))
            k++;
        if (k < e) {
            unsigned char nc = (unsigned char)t[k];
            if (!(isupper(nc) || isdigit(nc) || nc == '"' || nc == '<' || nc == '(' || nc == '\''))
                continue; /* "...Inc. said" */
        }
        if (c == '.') {
            size_t w = i;
            while (w > start && !isspace((unsigned char)t[w - 1]) && t[w - 1] != '(' &&
                   t[w - 1] != '"')
                w--;
            if (w < i && is_abbrev(t + w, i - w)) {
                if (!is_corp_abbrev(t + w, i - w))
                    continue;
                /* "Inc." ends the sentence only when a typical sentence opener follows */
                size_t we = k;
                while (we < e && isalpha((unsigned char)t[we]))
                    we++;
                if (k >= e || (!is_starter(t + k, we - k) && !shares_follow(t, we, e)))
                    continue;
            }
        }
        if (push_span(out, n, cap, t, start, j))
            *oom = 1;
        start = j;
        i = j - 1;
    }
    if (push_span(out, n, cap, t, start, e))
        *oom = 1;
}

int nx_sentences(const char *text, size_t len, size_t title_len, nx_span **out, size_t *n)
{
    size_t cap = 0;
    int oom = 0;
    *out = NULL;
    *n = 0;
    if (title_len > len)
        title_len = len;
    if (title_len)
        split_region(text, 0, title_len, out, n, &cap, &oom);
    split_region(text, title_len, len, out, n, &cap, &oom);
    if (oom) {
        nx_free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
