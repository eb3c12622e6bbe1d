/* factor.c: lists of words read a first letter at a time (see factor.h).
 *
 * The pattern is read item by item, as PCRE2 reads it in extended mode: an escape, a class, a group
 * (to its matching parenthesis), a comment from # to the end of the line, white space, or one
 * character. Nothing is interpreted beyond what finds where an item ends and what a group is.
 */
#include "factor.h"

#include <ctype.h>
#include <string.h>

#include "base.h"

static int space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The length of the white space character of more than one byte at p[i] that PCRE2 ignores in
 * extended UTF mode (U+0085, U+200E, U+200F, U+2028, U+2029), or 0. */
static size_t wide_space(const char *p, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)p + i;
    if (i + 1 < n && u[0] == 0xC2 && u[1] == 0x85)
        return 2;
    if (i + 2 < n && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x8E || u[2] == 0x8F || u[2] == 0xA8 || u[2] == 0xA9))
        return 3;
    return 0;
}

static size_t skip_space_(const char *p, size_t n, size_t i);

/* The end of the white space and # comments from i on. */
static inline size_t skip_space(const char *p, size_t n, size_t i)
{
    return i < n && !space(p[i]) && p[i] != '#' && (unsigned char)p[i] < 0xC2 ? i : skip_space_(p, n, i);
}

static size_t skip_space_(const char *p, size_t n, size_t i)
{
    for (;;) {
        size_t w;
        while (i < n && (space(p[i]) || (w = wide_space(p, n, i)) != 0))
            i += space(p[i]) ? 1 : w;
        if (i < n && p[i] == '#') {
            while (i < n && p[i] != '\n')
                i++;
            continue;
        }
        return i;
    }
}

/* The end of the escape at p[i] ('\\'), in a class or not; \Q with its literal text to \E. *bad set
 * for \Q, \E and the escapes with a braced or bracketed argument (\x{...}, \g{...}, \k<...>: read as
 * PCRE2 reads them, or not, the group around them is left as it is). */
static size_t escape_end(const char *p, size_t n, size_t i, int in_class, int *bad)
{
    i++;
    if (i >= n)
        return n;
    char c = p[i];
    if (c == 'Q' || c == 'E')
        *bad = 1;
    if (c == 'Q') { /* literal up to \E or the end: no group, class or '|' in it */
        for (size_t j = i + 1; j + 1 < n; j++)
            if (p[j] == '\\' && p[j + 1] == 'E')
                return j + 2;
        return n;
    }
    int ref = c == 'g' || c == 'k'; /* no reference in a class: "[\g{]" is g, { */
    if (i + 1 < n && (strchr("xopPN", c) || (ref && !in_class)) &&
        (p[i + 1] == '{' || (ref && (p[i + 1] == '<' || p[i + 1] == '\'')))) {
        *bad = 1;
        char close = p[i + 1] == '{' ? '}' : p[i + 1] == '<' ? '>' : '\'';
        const char *q = memchr(p + i + 2, close, n - i - 2);
        if (q)
            return (size_t)(q - p) + 1;
    }
    if (c == 'c' && i + 1 < n)
        return i + 2;
    i++; /* the escaped character, with the rest of its bytes */
    while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* The end of the class at p[i] ('['). */
static size_t class_end(const char *p, size_t n, size_t i, int *bad)
{
    i++;
    if (i < n && p[i] == '^')
        i++;
    if (i < n && p[i] == ']') /* a ']' first is a member */
        i++;
    while (i < n) {
        if (p[i] == '\\') {
            i = escape_end(p, n, i, 1, bad);
        } else if (p[i] == '[' && i + 1 < n && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            /* [:alpha:] and the like, as PCRE2 reads them: to the same character and ']', unless a
             * ']' comes first (then the '[' is a member: "[(|[=|]" found by fuzz_factor) */
            char k = p[i + 1];
            size_t j = i + 2, end = 0;
            for (; j + 1 < n; j++) {
                if (p[j] == '\\' && (p[j + 1] == ']' || p[j + 1] == '\\'))
                    j++;
                else if ((p[j] == '[' && p[j + 1] == k) || p[j] == ']')
                    break;
                else if (p[j] == k && p[j + 1] == ']') {
                    end = j + 2;
                    break;
                }
            }
            i = end ? end : i + 1;
        } else if (p[i] == ']') {
            return i + 1;
        } else {
            i++;
        }
    }
    return n;
}

static size_t group_end(const char *p, size_t n, size_t i, int *bad);

/* The end of the item at p[i] (not white space): an escape, a class, a group, or one character. */
static size_t item_end(const char *p, size_t n, size_t i, int *bad)
{
    if (p[i] == '\\')
        return escape_end(p, n, i, 0, bad);
    if (p[i] == '[')
        return class_end(p, n, i, bad);
    if (p[i] == '(')
        return group_end(p, n, i, bad);
    i++;
    while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* The ends of the groups found so far in the pattern nx_factor_words reads (by the position of their
 * '('; 0: not yet), and whether each holds what makes *bad: a group is read once, however deep. */
static _Thread_local const char *memo_p;
static _Thread_local size_t *memo_end;
static _Thread_local unsigned char *memo_bad;

static size_t group_end_(const char *p, size_t n, size_t i, int *bad);

/* The end of the group at p[i] ('('), after its ')'. */
static size_t group_end(const char *p, size_t n, size_t i, int *bad)
{
    if (p != memo_p || !memo_end)
        return group_end_(p, n, i, bad);
    if (!memo_end[i]) {
        int b = 0;
        memo_end[i] = group_end_(p, n, i, &b);
        memo_bad[i] = (unsigned char)b;
    }
    *bad |= memo_bad[i];
    return memo_end[i] < n ? memo_end[i] : n;
}

static size_t group_end_(const char *p, size_t n, size_t i, int *bad)
{
    if (i + 2 < n && p[i + 1] == '?' && p[i + 2] == '#') { /* a comment: to the first ')' */
        *bad = 1;
        const char *q = memchr(p + i, ')', n - i);
        return q ? (size_t)(q - p) + 1 : n;
    }
    if (i + 3 < n && p[i + 1] == '?' && p[i + 2] == 'C' && strchr("`'\"^%#$", p[i + 3])) {
        /* a callout with a string: to its closing delimiter (doubled inside), then ')' */
        *bad = 1;
        char d = p[i + 3];
        size_t j = i + 4;
        for (; j < n; j++)
            if (p[j] == d) {
                if (j + 1 < n && p[j + 1] == d)
                    j++;
                else
                    break;
            }
        const char *q = j < n ? memchr(p + j, ')', n - j) : NULL;
        return q ? (size_t)(q - p) + 1 : n;
    }
    if (i + 3 < n && p[i + 1] == '?' && p[i + 2] == 'C' && p[i + 3] == '{') { /* (?C{...}) */
        *bad = 1;
        const char *q = memchr(p + i + 4, '}', n - i - 4);
        q = q ? memchr(q, ')', n - (size_t)(q - p)) : NULL;
        return q ? (size_t)(q - p) + 1 : n;
    }
    i++;
    while (i < n) {
        i = skip_space(p, n, i);
        if (i >= n)
            break;
        if (p[i] == ')')
            return i + 1;
        i = item_end(p, n, i, bad);
    }
    return n;
}

/* The length of the opening of the group at p[i] when its content is a pattern to read on ("(?:",
 * "(?=", "(?<name>", "(", "(?i:", "(?" of a conditional, whose condition is then the content's first
 * item: "(?(DEFINE)" holds the macros called as subroutines), or 0 (a comment, a verb, an option
 * setting, a recursion, a callout, a branch reset: copied as they are). */
static size_t opening(const char *p, size_t n, size_t i)
{
    if (i + 1 >= n)
        return 0;
    if (p[i + 1] != '?')
        return p[i + 1] == '*' ? 0 : 1;
    if (i + 2 >= n)
        return 0;
    char c = p[i + 2];
    if (c == ':' || c == '=' || c == '!' || c == '>')
        return 3;
    if (c == '(') /* a conditional: its condition ("(DEFINE)", "(?=...)") is its first item */
        return 2;
    if (c == '<' && i + 3 < n && (p[i + 3] == '=' || p[i + 3] == '!'))
        return 4;
    if (c == '<' || c == '\'' || (c == 'P' && i + 3 < n && p[i + 3] == '<')) { /* a named group */
        char close = c == '\'' ? '\'' : '>';
        size_t j = i + (c == 'P' ? 4 : 3);
        while (j < n && (isalnum((unsigned char)p[j]) || p[j] == '_'))
            j++;
        return j < n && p[j] == close ? j + 1 - i : 0;
    }
    size_t j = i + 2; /* options for the group only: "(?i:", "(?-i:" */
    while (j < n && (isalpha((unsigned char)p[j]) || p[j] == '-' || p[j] == '^'))
        j++;
    return j > i + 2 && j < n && p[j] == ':' ? j + 1 - i : 0;
}

/* Does p[s..e) hold only groups of the kinds a rewritten group may hold: (?:, lookarounds and atomic
 * groups (no capture, no option setting, nothing else that depends on the order of the branches),
 * and no \Q? 1 or 0. */
static int plain_content(const char *p, size_t s, size_t e)
{
    int bad = 0;
    for (size_t i = s; i < e;) {
        i = skip_space(p, e, i);
        if (i >= e)
            break;
        if (p[i] == '(') {
            size_t o = opening(p, e, i); /* 3: (?: (?= (?! (?>; 4 and '<': (?<= (?<! */
            if (!(o == 3 || (o == 4 && p[i + 2] == '<' && (p[i + 3] == '=' || p[i + 3] == '!'))))
                return 0;
            i += o; /* read the content on */
            continue;
        }
        if (p[i] == '\\' || p[i] == '[') {
            i = item_end(p, e, i, &bad);
            if (bad)
                return 0;
            continue;
        }
        i++;
    }
    return 1;
}

#define MAX_BRANCHES 256

static void emit(nx_buf *b, const char *p, size_t s, size_t e, int *changed);

typedef struct branch {
    size_t s, e;
    size_t first;     /* where its first letter stands, when key */
    char key;         /* that letter, lowercase; 0: it begins otherwise */
} branch;

/* The branches of the content p[cs..ce) of a group: split at each '|' outside groups and classes,
 * into br[0..max). Returns their number, or -1 when there are more. */
static int split(const char *p, size_t cs, size_t ce, branch *br, int max, int *bad)
{
    int nb = 0;
    size_t bs = cs;
    for (size_t i = cs;;) {
        i = skip_space(p, ce, i);
        if (i >= ce || p[i] == '|') {
            if (nb == max)
                return -1;
            br[nb].s = bs;
            br[nb].e = i < ce ? i : ce;
            br[nb].key = 0;
            nb++;
            if (i >= ce)
                return nb;
            bs = ++i;
            continue;
        }
        i = item_end(p, ce, i, bad);
    }
}

/* Branch br's first letter (br->key, lowercase, and br->first), when its first item is an ASCII letter
 * that is not quantified; else br->key stays 0 (a branch that begins with a group is not taken: its
 * letters would have it written once for each, and nested lists so written grow without bound). */
static void first_letter(const char *p, branch *br)
{
    size_t f = skip_space(p, br->e, br->s), e = br->e;
    if (f >= e)
        return;
    unsigned char c = (unsigned char)p[f];
    size_t q = skip_space(p, e, f + 1);
    /* a quantifier, or a comment (a quantifier may follow it) */
    if (c >= 0x80 || !isalpha(c) || (q < e && strchr("?*+{", p[q])) || (q + 2 < e && memcmp(p + q, "(?#", 3) == 0))
        return;
    br->key = (char)tolower(c);
    br->first = f;
}

/* The branches that begin with letter key, in their order, as one branch: the letter written once
 * when they all begin with the same byte, "S(?:hr|ales)" (PCRE2 then reads it once), else as they are
 * ("(?:Shr|sales)", case-sensitive). */
static void letter(nx_buf *b, const char *p, const branch *br, int nb, char key, int *changed)
{
    int byte = -1, factor = 1;
    for (int k = 0; k < nb; k++) {
        if (br[k].key != key)
            continue;
        unsigned char c = (unsigned char)p[br[k].first];
        if (byte >= 0 && c != byte)
            factor = 0;
        byte = c;
    }
    if (factor)
        nx_buf_addc(b, (char)byte);
    nx_buf_adds(b, "(?:");
    int first = 1;
    for (int k = 0; k < nb; k++) {
        if (br[k].key != key)
            continue;
        if (!first)
            nx_buf_addc(b, '|');
        first = 0;
        emit(b, p, factor ? br[k].first + 1 : br[k].s, br[k].e, changed);
    }
    nx_buf_addc(b, ')');
}

/* The group "(?:" ... ")" at p[s..e): its branches by first letter when it may be so written, else as
 * it is (its groups rewritten). named: p[s..e) is the content of a named group instead, written as it
 * is when it may not be so written, and else as a "(?:" group of the letters inside it (the content of
 * "(?<trigger>declared|set|raised)" as "(?:d(?:eclared)|s(?:et)|r(?:aised))": the same matches, the
 * group capturing what it did). */
static void emit_group_(nx_buf *b, const char *p, size_t s, size_t e, int named, int *changed)
{
    size_t cs = named ? s : s + 3, ce = named ? e : e - 1; /* its content */
    branch br[MAX_BRANCHES];
    int bad = 0;
    int nb = split(p, cs, ce, br, MAX_BRANCHES, &bad);
    int ok = nb >= NX_FACTOR_MIN_BRANCHES && !bad;
    unsigned seen = 0;
    char keys[26]; /* the letters, in the order of their first branch */
    int nkeys = 0;
    for (int k = 0; ok && k < nb; k++) {
        first_letter(p, &br[k]);
        ok = br[k].key != 0;
        if (ok && !(seen >> (br[k].key - 'a') & 1)) {
            seen |= 1u << (br[k].key - 'a');
            keys[nkeys++] = br[k].key;
        }
    }
    if (named && (!ok || !plain_content(p, cs, ce))) {
        emit(b, p, cs, ce, changed);
        return;
    }
    if (!ok || !plain_content(p, cs, ce)) { /* plain_content last: it reads the whole group */
        nx_buf_add(b, p + s, 3);
        if (nb < 0) { /* too many branches: as it is, its groups read on */
            emit(b, p, cs, ce, changed);
        } else {
            for (int k = 0; k < nb; k++) {
                if (k)
                    nx_buf_addc(b, '|');
                emit(b, p, br[k].s, br[k].e, changed);
            }
        }
        nx_buf_addc(b, ')');
        return;
    }
    nx_buf_adds(b, "(?:");
    for (int x = 0; x < nkeys; x++) {
        if (x)
            nx_buf_addc(b, '|');
        letter(b, p, br, nb, keys[x], changed);
    }
    nx_buf_addc(b, ')');
    (*changed)++;
}

static void emit_group(nx_buf *b, const char *p, size_t s, size_t e, int *changed)
{
    emit_group_(b, p, s, e, 0, changed);
}

/* p[s..e) with its (?: groups rewritten where they may be. What lies between groups is copied in one
 * piece. */
static void emit(nx_buf *b, const char *p, size_t s, size_t e, int *changed)
{
    int bad = 0;
    size_t i = s, run = s; /* run: the start of what is still to copy */
    while (i < e) {
        if (p[i] == '#' || space(p[i])) {
            i = skip_space(p, e, i);
            continue;
        }
        if (p[i] != '(') {
            i = item_end(p, e, i, &bad);
            continue;
        }
        size_t j = group_end(p, e, i, &bad);
        size_t o = opening(p, e, i);
        int factor = o == 3 && p[i + 2] == ':' && j - i >= 4 && p[j - 1] == ')';
        int inner = !factor && o && j - i > o && p[j - 1] == ')';
        if (factor || inner) {
            nx_buf_add(b, p + run, i - run);
            if (factor) {
                emit_group(b, p, i, j, changed);
            } else {
                nx_buf_add(b, p + i, o);
                /* a named group: its content read as a (?: group's */
                if (o > 4 && (p[i + 2] == '<' || p[i + 2] == '\'' || p[i + 2] == 'P') && p[i + 3] != '=' &&
                    p[i + 3] != '!')
                    emit_group_(b, p, i + o, j - 1, 1, changed);
                else
                    emit(b, p, i + o, j - 1, changed);
                nx_buf_addc(b, ')');
            }
            run = j;
        }
        i = j;
    }
    nx_buf_add(b, p + run, e - run);
}

/* Does p[0..n) turn extended mode off somewhere ("(?-x)", "(?^)")? Then white space and '#' may be
 * literal: the pattern is left as it is. 1 or 0 (1 also for such text inside a class or quoted). */
static int extended_off(const char *p, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (p[i] != '(' || p[i + 1] != '?')
            continue;
        if (p[i + 2] == '^')
            return 1;
        int minus = 0;
        for (size_t j = i + 2; j < n && (isalpha((unsigned char)p[j]) || p[j] == '-'); j++) {
            minus |= p[j] == '-';
            if (minus && p[j] == 'x')
                return 1;
        }
    }
    return 0;
}

char *nx_factor_words(const char *pattern, size_t len, int *changed)
{
    int ch = 0;
    if (!pattern) /* an empty condition's text ("unless" with nothing after it) */
        pattern = "", len = 0;
    char *out;
    if (extended_off(pattern, len)) {
        out = nx_strndup(pattern, len);
    } else {
        nx_buf b = NX_BUF_INIT;
        memo_end = nx_calloc(len + 1, sizeof *memo_end);
        memo_bad = nx_calloc(len + 1, 1);
        memo_p = memo_end && memo_bad ? pattern : NULL; /* without memory: read again each time */
        emit(&b, pattern, 0, len, &ch);
        nx_free(memo_end);
        nx_free(memo_bad);
        memo_end = NULL;
        memo_bad = NULL;
        memo_p = NULL;
        /* NULL when out of memory; an empty pattern gives an empty string */
        out = b.p || b.oom ? nx_buf_take(&b) : nx_strndup("", 0);
    }
    if (changed)
        *changed = ch;
    return out;
}
