/* prefilter.c: required words of a pattern (see prefilter.h).
 *
 * The analysis is conservative: an alternation requires the union of its branches' sets (unknown if
 * any branch is unknown); a sequence requires the best set among its elements (the one whose
 * shortest word is longest); an element that may be absent (?, *, {0,n}) requires nothing; letters
 * written one after another form a word; lookarounds, classes, escapes and anything not understood
 * require nothing. Words of one letter are not used; words of two are ("up" among the verbs of the
 * stock-move rules: a weak filter is still a filter, 5% fewer instructions on Reuters).
 */
#include "prefilter.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include "simd.h"

void nx_words_free(nx_words *ws)
{
    for (int i = 0; i < ws->n; i++)
        nx_free(ws->w[i]);
    ws->n = 0;
}

typedef struct parser {
    const char *p, *end;
    int oom;
    int bad; /* something not understood: the whole pattern is unknown */
    int lit; /* prefix literals: any literal byte, not only letters, makes a word */
} parser;

static int min_len(const nx_words *ws)
{
    int m = 1 << 30;
    for (int i = 0; i < ws->n; i++) {
        int l = (int)strlen(ws->w[i]);
        if (l < m)
            m = l;
    }
    return ws->n ? m : 0;
}

/* Is a better than b (b may be empty)? */
static int better(const nx_words *a, const nx_words *b)
{
    if (!b->n)
        return 1;
    int ma = min_len(a), mb = min_len(b);
    if (ma != mb)
        return ma > mb;
    return a->n < b->n;
}

static void take(nx_words *dst, nx_words *src)
{
    nx_words_free(dst);
    *dst = *src;
    src->n = 0;
}

static int add_word(parser *ps, nx_words *ws, const char *w, size_t n)
{
    for (int i = 0; i < ws->n; i++)
        if (strlen(ws->w[i]) == n && memcmp(ws->w[i], w, n) == 0)
            return 0;
    if (ws->n >= NX_WORDS_MAX)
        return -1; /* too many to be a useful filter */
    char *c = nx_strndup(w, n);
    if (!c) {
        ps->oom = 1;
        return -1;
    }
    ws->w[ws->n++] = c;
    return 0;
}

static int parse_alt(parser *ps, nx_words *out);

/* Skip a character class starting at '['. */
static void skip_class(parser *ps)
{
    const char *p = ps->p + 1;
    if (p < ps->end && *p == '^')
        p++;
    if (p < ps->end && *p == ']')
        p++;
    while (p < ps->end && *p != ']') {
        if (*p == '\\' && p + 1 < ps->end)
            p++;
        else if (*p == '[' && p + 1 < ps->end && p[1] == ':') { /* [:alpha:] */
            const char *q = strstr(p, ":]");
            if (q && q < ps->end)
                p = q + 1;
        }
        p++;
    }
    ps->p = p < ps->end ? p + 1 : p;
}

/* Step over white space (extended mode: no part of the pattern). */
static void space_skip(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

/* At an escape, a class or a "#" comment (to the line's end): ps moved past it and 1 returned. Else 0. */
static int skip_atom(parser *ps)
{
    char c = *ps->p;
    if (c == '\\' && ps->p + 1 < ps->end) {
        ps->p += 2;
        return 1;
    }
    if (c == '[') {
        skip_class(ps);
        return 1;
    }
    if (c == '#') { /* to the line's end */
        while (ps->p < ps->end && *ps->p != '\n')
            ps->p++;
        return 1;
    }
    return 0;
}

/* Skip a group from '(' to its ')' without looking inside (over escapes, classes and comments, which
 * may hold parentheses). */
static void skip_group(parser *ps)
{
    int depth = 0;
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (skip_atom(ps))
            continue;
        ps->p++;
        if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return;
    }
}

/* After an element: a quantifier? Returns 1 when the element may be absent. */
static int quantifier(parser *ps)
{
    const char *p = ps->p;
    while (p < ps->end && (*p == ' ' || *p == '\t' || *p == '\n'))
        p++;
    if (p >= ps->end)
        return 0;
    int optional = 0;
    if (*p == '?' || *p == '*') {
        optional = 1;
        p++;
    } else if (*p == '+') {
        p++;
    } else if (*p == '{' && p + 1 < ps->end && (isdigit((unsigned char)p[1]) || p[1] == ',')) {
        const char *q = p + 1;
        long lo = 0;
        int digits = 0;
        while (q < ps->end && isdigit((unsigned char)*q)) {
            if (lo < 1000000) /* only whether it is 0 matters: no overflow on {99999999999999999999} */
                lo = lo * 10 + (*q - '0');
            q++;
            digits = 1;
        }
        while (q < ps->end && (isdigit((unsigned char)*q) || *q == ','))
            q++;
        if (q < ps->end && *q == '}') {
            optional = !digits || lo == 0;
            p = q + 1;
        } else {
            return 0; /* a literal '{' */
        }
    } else {
        return 0;
    }
    if (p < ps->end && (*p == '?' || *p == '+'))
        p++; /* lazy or possessive */
    ps->p = p;
    return optional;
}

/* A sequence (one branch of an alternation), up to '|' or ')' at this level. */
/* A group's content from ps->p (after its opening) to its ')' and quantifier: when it requires a set
 * of words and is not optional, that set replaces *into if it is the better filter. */
static void group_words(parser *ps, nx_words *into)
{
    nx_words in = {{0}, 0};
    int known = parse_alt(ps, &in);
    if (ps->p < ps->end && *ps->p == ')')
        ps->p++;
    int opt = quantifier(ps);
    if (known > 0 && !opt && better(&in, into))
        take(into, &in);
    nx_words_free(&in);
}

static int parse_seq(parser *ps, nx_words *out)
{
    nx_words best = {{0}, 0};
    nx_words ahead = {{0}, 0}; /* the best of the lookaheads */
    char run[128];
    size_t rl = 0;
#define END_RUN()                                                                                  \
    do {                                                                                           \
        if (rl >= 2) {                                                                             \
            nx_words one = {{0}, 0};                                                               \
            if (add_word(ps, &one, run, rl) == 0 && better(&one, &best))                           \
                take(&best, &one);                                                                 \
            nx_words_free(&one);                                                                   \
        }                                                                                          \
        rl = 0;                                                                                    \
    } while (0)
    while (ps->p < ps->end && !ps->oom && !ps->bad) {
        char c = *ps->p;
        if (c == '|' || c == ')')
            break;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ps->p++;
            continue; /* extended mode: spaces are no part of the pattern */
        }
        if (c == '#') {
            while (ps->p < ps->end && *ps->p != '\n')
                ps->p++;
            continue;
        }
        if (isalpha((unsigned char)c)) {
            ps->p++;
            /* a quantified letter belongs to no word: "dlrs?" requires "dlr" */
            const char *save = ps->p;
            int q = quantifier(ps);
            if (ps->p != save) {
                if (!q && rl < sizeof run - 1)
                    run[rl++] = (char)tolower((unsigned char)c);
                END_RUN();
                continue;
            }
            if (rl < sizeof run - 1)
                run[rl++] = (char)tolower((unsigned char)c);
            continue;
        }
        END_RUN();
        if (c == '\\') {
            ps->p += ps->p + 1 < ps->end ? 2 : 1;
            if (ps->p[-1] == 'x' && ps->p < ps->end && *ps->p == '{') {
                while (ps->p < ps->end && *ps->p != '}')
                    ps->p++;
                ps->p++;
            } else if (ps->p[-1] == 'x') {
                for (int k = 0; k < 2 && ps->p < ps->end && isxdigit((unsigned char)*ps->p); k++)
                    ps->p++;
            } else if (ps->p[-1] == 'Q') {
                ps->bad = 1;
            }
            quantifier(ps);
            continue;
        }
        if (c == '[') {
            skip_class(ps);
            quantifier(ps);
            continue;
        }
        if (c == '(') {
            const char *g = ps->p;
            /* a positive lookahead must match inside the subject too: what it needs, the match
             * needs. Taken only when nothing else is (a short word of it, "to", would stand for the
             * longer words that begin with it, "today", in every rule: a weaker filter) */
            if (g + 2 < ps->end && g[1] == '?' && g[2] == '=') {
                ps->p = g + 3;
                group_words(ps, &ahead);
                continue;
            }
            /* negative lookarounds, DEFINE blocks, subroutine calls, verbs, option settings: nothing
             * required */
            if (g + 1 < ps->end && g[1] == '*') {
                skip_group(ps);
                continue;
            }
            if (g + 2 < ps->end && g[1] == '?' &&
                (g[2] == '=' || g[2] == '!' || g[2] == '&' || g[2] == 'R' || g[2] == '(' || isdigit((unsigned char)g[2]) ||
                 g[2] == '+' || g[2] == '-' || (g[2] == '<' && g + 3 < ps->end && (g[3] == '=' || g[3] == '!')) ||
                 g[2] == 'C')) {
                int option_only = 0;
                if (g[2] == '-' || g[2] == '+') { /* (?-i:...) is a group; (?-i) an option */
                    const char *q = g + 2;
                    while (q < ps->end && (isalpha((unsigned char)*q) || *q == '-' || *q == '+'))
                        q++;
                    if (q < ps->end && *q == ':') {
                        ps->p = q + 1;
                        goto inner;
                    }
                    option_only = 1;
                }
                (void)option_only;
                skip_group(ps);
                quantifier(ps);
                continue;
            }
            /* find where the group's content starts */
            if (g + 1 < ps->end && g[1] == '?') {
                const char *q = g + 2;
                if (q < ps->end && (*q == ':' || *q == '>' || *q == '|'))
                    q++;
                else if (q < ps->end && (*q == '<' || *q == '\'' || *q == 'P')) {
                    if (*q == 'P')
                        q++;
                    char close = *q == '\'' ? '\'' : '>';
                    while (q < ps->end && *q != close)
                        q++;
                    q++;
                } else if (q < ps->end && isalpha((unsigned char)*q)) { /* (?i:...) or (?i) */
                    while (q < ps->end && (isalpha((unsigned char)*q) || *q == '-'))
                        q++;
                    if (q < ps->end && *q == ')') { /* an option setting alone */
                        ps->p = q + 1;
                        continue;
                    }
                    q++;
                } else {
                    skip_group(ps);
                    quantifier(ps);
                    continue;
                }
                ps->p = q;
            } else {
                ps->p = g + 1;
            }
        inner:
            group_words(ps, &best);
            continue;
        }
        /* any other character: '.', '^', '$', digits, punctuation */
        ps->p++;
        quantifier(ps);
    }
    END_RUN();
#undef END_RUN
    if (!best.n && ahead.n)
        take(&best, &ahead);
    nx_words_free(&ahead);
    if (ps->oom || ps->bad || !best.n) {
        nx_words_free(&best);
        return 0;
    }
    take(out, &best);
    return 1;
}

/* A sequence's words: parse_seq (required words) or prefix_seq (words a match begins with, b and
 * all_b as there). Returns 1 when a set is known. */
typedef int (*seq_words_fn)(parser *ps, nx_words *out, int b, int *all_b);

/* The union of the word sets of the alternatives at ps->p ('|'-separated), each found by seq:
 * returns 1 with *out filled, 0 when some alternative has no known set (out left as it was). */
static int alt_union(parser *ps, nx_words *out, seq_words_fn seq, int b, int *all_b)
{
    nx_words all = {{0}, 0};
    int known = 1;
    for (;;) {
        nx_words br = {{0}, 0};
        if (!seq(ps, &br, b, all_b))
            known = 0;
        for (int i = 0; i < br.n && known; i++)
            if (add_word(ps, &all, br.w[i], strlen(br.w[i])))
                known = 0;
        nx_words_free(&br);
        if (ps->p < ps->end && *ps->p == '|') {
            ps->p++;
            continue;
        }
        break;
    }
    if (!known || !all.n) {
        nx_words_free(&all);
        return 0;
    }
    take(out, &all);
    return 1;
}

static int parse_seq_words(parser *ps, nx_words *out, int b, int *all_b)
{
    (void)b;
    (void)all_b;
    return parse_seq(ps, out);
}

static int parse_alt(parser *ps, nx_words *out) { return alt_union(ps, out, parse_seq_words, 0, NULL); }

int nx_required_words(const char *pattern, size_t len, nx_words *out)
{
    parser ps = {pattern, pattern + len, 0, 0, 0};
    out->n = 0;
    int k = parse_alt(&ps, out);
    if (ps.oom) {
        nx_words_free(out);
        return -1;
    }
    if (k && ps.p < ps.end) { /* a stray ')' or something unread: do not trust it */
        nx_words_free(out);
        return 0;
    }
    return k;
}

/* ---- prefix words: the words every match begins with ---- */

static int prefix_alt(parser *ps, nx_words *out, int b, int *all_b);

/* Skip the rest of a branch, up to '|' or ')' at this level (not taken). */
static void skip_branch(parser *ps)
{
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == '|' || c == ')')
            return;
        if (skip_atom(ps))
            continue;
        if (c == '(')
            skip_group(ps);
        else
            ps->p++;
    }
}

static int prefix_alt(parser *ps, nx_words *out, int b, int *all_b);

/* A word beginning with byte `first` was found, with \b before it when b: *all_b is cleared when it
 * may come without one. A literal that begins with a byte of no word needs no \b: that says nothing
 * of the byte before it, which the caller then does not test. */
static void word_b(const parser *ps, int b, char first, int *all_b)
{
    if (!b && !(ps->lit && !(isalnum((unsigned char)first) || first == '_')))
        *all_b = 0;
}

/* At ps->p, a group that is not optional and whose every match begins with one of some words:
 * *out becomes run[0..rl) followed by each of them, ps moves past the group, and 1 is returned.
 * Else 0 with ps and out as they were. */
static int group_prefix_words(parser *ps, const char *run, size_t rl, nx_words *out)
{
    const char *g = ps->p, *q = g + 1;
    if (q < ps->end && *q == '*')
        return 0; /* a verb */
    if (q < ps->end && *q == '?') {
        q++;
        if (q < ps->end && (*q == ':' || *q == '>')) {
            q++;
        } else if (q + 1 < ps->end && ((*q == '<' && q[1] != '=' && q[1] != '!') || *q == '\'' || *q == 'P')) {
            if (*q == 'P' && q[1] != '<')
                return 0;
            char close = *q == '\'' ? '\'' : '>';
            while (q < ps->end && *q != close)
                q++;
            q++;
        } else {
            return 0; /* lookarounds, options, conditions, calls */
        }
    }
    parser in_ps = *ps;
    in_ps.p = q;
    nx_words in = {{0}, 0};
    int ib = 1;
    int k = prefix_alt(&in_ps, &in, 1, &ib);
    if (in_ps.oom)
        ps->oom = 1;
    if (k <= 0 || in_ps.p >= in_ps.end || *in_ps.p != ')') {
        nx_words_free(&in);
        return 0;
    }
    in_ps.p++;
    if (quantifier(&in_ps)) { /* optional: the match may begin with run and what follows */
        nx_words_free(&in);
        return 0;
    }
    nx_words cat = {{0}, 0};
    int ok = 1;
    for (int i = 0; i < in.n && ok; i++) {
        char buf[256];
        size_t wl = strlen(in.w[i]);
        if (rl + wl >= sizeof buf) {
            ok = 0;
            break;
        }
        memcpy(buf, run, rl);
        memcpy(buf + rl, in.w[i], wl);
        ok = add_word(ps, &cat, buf, rl + wl) == 0;
    }
    nx_words_free(&in);
    if (!ok || !cat.n) {
        nx_words_free(&cat);
        return 0;
    }
    take(out, &cat);
    ps->p = in_ps.p;
    return 1;
}

/* After a group of plain words that must stand once (group: its '('; every match of it is one of the
 * words *in, whole): when white
 * space the pattern cannot do without (\s, \s+) and a group or letters that must follow come next
 * ("(?<num>a|an|one) \s+ (?<scale>billion|million)"), each word goes on with a space into each of
 * theirs ("a billion", "one million": looked for apart from the word scan, the space standing for
 * one or more white-space bytes, instead of at every "a"); ps moves past them and 1 is returned.
 * Else 0, with ps and *in as they were. */
static int space_then_words(parser *ps, const char *group, nx_words *in)
{
    /* only a group of plain words ("(?<num>a|an|one)"): what a match of it is, is one of them whole */
    const char *g = group + 1;
    if (g < ps->end && *g == '?') {
        g++;
        if (g < ps->end && (*g == ':' || *g == '>')) {
            g++;
        } else if (g < ps->end && *g == '<' && g + 1 < ps->end && isalpha((unsigned char)g[1])) {
            while (g < ps->end && *g != '>')
                g++;
            g++;
        } else {
            return 0;
        }
    }
    for (; g < ps->p && *g != ')'; g++)
        if (!isalpha((unsigned char)*g) && *g != '|' && *g != ' ')
            return 0;
    if (g >= ps->p || g + 1 != ps->p) /* its ')' ends where the group did */
        return 0;
    parser q = *ps;
    while (q.p < q.end && (*q.p == ' ' || *q.p == '\t' || *q.p == '\n' || *q.p == '\r'))
        q.p++;
    if (!(q.p + 1 < q.end && q.p[0] == '\\' && q.p[1] == 's'))
        return 0;
    q.p += 2;
    if (quantifier(&q)) /* \s* or \s?: the word may run straight on */
        return 0;
    while (q.p < q.end && (*q.p == ' ' || *q.p == '\t' || *q.p == '\n' || *q.p == '\r'))
        q.p++;
    nx_words next = {{0}, 0};
    if (q.p < q.end && *q.p == '(') {
        if (!group_prefix_words(&q, "", 0, &next))
            return 0;
    } else {
        char run[64];
        size_t rl = 0;
        while (q.p < q.end && isalpha((unsigned char)*q.p) && rl < sizeof run - 1)
            run[rl++] = (char)tolower((unsigned char)*q.p++);
        const char *before = q.p;
        if (quantifier(&q) && q.p != before && rl) /* "dlrs?": "dlr" must follow */
            rl--;
        if (!rl || add_word(&q, &next, run, rl)) {
            nx_words_free(&next);
            return 0;
        }
    }
    nx_words cat = {{0}, 0};
    int ok = in->n * next.n <= NX_WORDS_MAX;
    for (int i = 0; i < in->n && ok; i++)
        for (int j = 0; j < next.n && ok; j++) {
            char buf[256];
            size_t a = strlen(in->w[i]), b = strlen(next.w[j]);
            if (a + 1 + b >= sizeof buf) {
                ok = 0;
                break;
            }
            memcpy(buf, in->w[i], a);
            buf[a] = ' ';
            memcpy(buf + a + 1, next.w[j], b);
            ok = add_word(&q, &cat, buf, a + 1 + b) == 0;
        }
    nx_words_free(&next);
    if (!ok || q.oom) {
        ps->oom |= q.oom;
        nx_words_free(&cat);
        return 0;
    }
    take(in, &cat);
    ps->p = q.p;
    return 1;
}

/* One branch: 1 with *out filled when every match of it begins with one of the words, else 0.
 * b: a \b stands before the branch; *all_b is cleared when a word may come without one. Leaves ps at
 * the branch's end. */
static int prefix_seq(parser *ps, nx_words *out, int b, int *all_b)
{
    char run[128];
    size_t rl = 0;
    int known = 0;
    nx_words pending = {{0}, 0}; /* the words of optional groups before: "(?:a\s+)? million" */
    int bad = 0;
    while (ps->p < ps->end && !ps->oom) {
        char c = *ps->p;
        if (c == '|' || c == ')')
            break;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ps->p++;
            continue;
        }
        if (c == '#') {
            while (ps->p < ps->end && *ps->p != '\n')
                ps->p++;
            continue;
        }
        int lc = -1; /* the literal byte here, if any */
        size_t adv = 1;
        if (isalpha((unsigned char)c)) {
            lc = (unsigned char)c;
        } else if (!ps->lit && c == '\\' && ps->p + 1 < ps->end && ps->p[1] == '.') {
            lc = '.'; /* "L\.P": a word goes on over an escaped period (the word scan takes it for any
                       * byte that is no letter, which only lets more through) */
            adv = 2;
        } else if (ps->lit) {
            if (c == '\\' && ps->p + 1 < ps->end && (unsigned char)ps->p[1] < 0x80 && !isalnum((unsigned char)ps->p[1]) &&
                ps->p[1] != ' ' && ps->p[1] != '\n') {
                lc = (unsigned char)ps->p[1]; /* "\$", "\." */
                adv = 2;
            } else if (c == '\\' && ps->p + 3 < ps->end && ps->p[1] == 'x' && isxdigit((unsigned char)ps->p[2]) &&
                       isxdigit((unsigned char)ps->p[3]) && ps->p[2] < '8') {
                lc = (int)strtol((char[]){ps->p[2], ps->p[3], 0}, NULL, 16); /* "\x01": an ASCII byte */
                adv = 4;
            } else if (!strchr("\\^$.|?*+()[]{}", c)) {
                lc = (unsigned char)c; /* digits, punctuation, the bytes of other characters */
            }
        }
        if (lc >= 0) {
            ps->p += adv;
            const char *save = ps->p;
            int opt = quantifier(ps);
            if (ps->p != save) { /* a quantified letter ends the word: "dlrs?" begins with "dlr" */
                if (!opt && rl < sizeof run - 1)
                    run[rl++] = (char)tolower(lc);
                break;
            }
            if (rl < sizeof run - 1)
                run[rl++] = (char)tolower(lc);
            continue;
        }
        if (rl) {
            /* the word is over. A word of one letter followed by white space it cannot do without
             * ("a\s+half") keeps a ' ' for it: looked for as "a" and any white space after it,
             * not at every word that begins with an a (prefix words only: a literal is compared
             * byte for byte) */
            if (rl == 1 && !ps->lit && c == '\\' && ps->p + 1 < ps->end && ps->p[1] == 's') {
                parser q = *ps;
                q.p += 2;
                int opt = quantifier(&q);
                if (!opt) {
                    run[rl++] = ' ';
                    /* and the letters that must follow it ("a\s+half": "a half", its space any white
                     * space, looked for apart from the word scan) */
                    space_skip(&q);
                    size_t at = rl;
                    while (q.p < q.end && isalpha((unsigned char)*q.p) && rl < sizeof run - 1)
                        run[rl++] = (char)tolower((unsigned char)*q.p++);
                    const char *before = q.p;
                    if (rl > at && quantifier(&q) && q.p != before) /* "a\s+halfs?": "a half" */
                        rl--;
                }
            }
            /* a group that must follow: the word goes on into each of its words ("A(?:G|B|SA)" is
             * "ag", "ab", "asa", not "a") */
            if (c == '(' && group_prefix_words(ps, run, rl, out)) {
                rl = 0;
                known = 1;
                word_b(ps, b, run[0], all_b);
            }
            break;
        }
        if (c == '^' || c == '$') {
            ps->p++;
            continue;
        }
        if (c == '\\' && ps->p + 1 < ps->end && strchr("bBAGzZ", ps->p[1])) {
            b |= ps->p[1] == 'b';
            ps->p += 2;
            continue;
        }
        if (c != '(')
            break; /* a class, an escape, a digit, punctuation: no word */
        const char *g = ps->p;
        if (g + 2 < ps->end && g[1] == '?' &&
            (g[2] == '=' || g[2] == '!' || (g[2] == '<' && g + 3 < ps->end && (g[3] == '=' || g[3] == '!')))) {
            /* (?<![...\w...]): no letter, digit or '_' before, as after \b */
            if (g + 5 < ps->end && g[2] == '<' && g[3] == '!' && g[4] == '[' && g[5] != '^') {
                const char *q = g + 5;
                int w = 0;
                while (q + 1 < ps->end && *q != ']') {
                    if (*q == '\\') {
                        w |= q[1] == 'w';
                        q++;
                    }
                    q++;
                }
                if (w && q + 1 < ps->end && q[0] == ']' && q[1] == ')')
                    b = 1;
            }
            skip_group(ps); /* a lookaround takes no text */
            quantifier(ps);
            continue;
        }
        if (g + 2 < ps->end && g[1] == '?' && g[2] == '#') {
            while (ps->p < ps->end && *ps->p != ')')
                ps->p++;
            ps->p++;
            continue;
        }
        const char *q = g + 1;
        if (q < ps->end && *q == '?') {
            q++;
            if (q < ps->end && (*q == ':' || *q == '>' || *q == '|')) {
                q++;
            } else if (q < ps->end && (*q == '<' || *q == '\'' || *q == 'P')) {
                if (*q == 'P')
                    q++;
                char close = q < ps->end && *q == '\'' ? '\'' : '>';
                while (q < ps->end && *q != close)
                    q++;
                q++;
            } else if (q < ps->end && (isalpha((unsigned char)*q) || *q == '-')) { /* (?i) or (?i:...) */
                while (q < ps->end && (isalpha((unsigned char)*q) || *q == '-'))
                    q++;
                if (q < ps->end && *q == ')') {
                    ps->p = q + 1;
                    continue;
                }
                if (q >= ps->end || *q != ':')
                    break;
                q++;
            } else {
                break; /* conditionals, calls, verbs: no word */
            }
        }
        ps->p = q;
        nx_words in = {{0}, 0};
        int k = prefix_alt(ps, &in, b, all_b);
        if (ps->p < ps->end && *ps->p == ')')
            ps->p++;
        else
            k = 0;
        const char *after = ps->p;
        int opt = quantifier(ps);
        if (k > 0 && !opt && ps->p == after && !ps->lit) /* once: white space and words may follow */
            space_then_words(ps, g, &in);
        if (opt && k > 0) {
            /* an optional group: the match begins with one of its words or what follows it */
            for (int i = 0; i < in.n; i++)
                if (add_word(ps, &pending, in.w[i], strlen(in.w[i])))
                    bad = 1;
            nx_words_free(&in);
            if (bad)
                break;
            continue;
        }
        if (k > 0)
            take(out, &in);
        nx_words_free(&in);
        known = k > 0;
        break;
    }
    if (rl && !ps->oom) {
        nx_words one = {{0}, 0};
        if (add_word(ps, &one, run, rl) == 0) {
            take(out, &one);
            known = 1;
            word_b(ps, b, run[0], all_b);
        }
        nx_words_free(&one);
    }
    skip_branch(ps);
    for (int i = 0; i < pending.n && known; i++)
        if (add_word(ps, out, pending.w[i], strlen(pending.w[i])))
            known = 0;
    nx_words_free(&pending);
    if (!known || bad)
        nx_words_free(out);
    return known && !bad;
}

static int prefix_alt(parser *ps, nx_words *out, int b, int *all_b)
{
    return alt_union(ps, out, prefix_seq, b, all_b);
}

/* nx_prefix_words and nx_prefix_literals: lit = 1 makes any literal byte a word, not only letters. */
static int prefix_words(const char *pattern, size_t len, nx_words *out, int *word_start, int lit)
{
    parser ps = {pattern, pattern + len, 0, 0, lit};
    out->n = 0;
    *word_start = 1;
    int k = prefix_alt(&ps, out, 0, word_start);
    if (ps.oom) {
        nx_words_free(out);
        return -1;
    }
    if (k && ps.p < ps.end) { /* a stray ')' */
        nx_words_free(out);
        return 0;
    }
    return k;
}

int nx_prefix_literals(const char *pattern, size_t len, nx_words *out, int *word_start)
{
    return prefix_words(pattern, len, out, word_start, 1);
}

int nx_prefix_words(const char *pattern, size_t len, nx_words *out, int *word_start)
{
    return prefix_words(pattern, len, out, word_start, 0);
}

/* ---- a lookahead run: (?= C1 C2*+ C3 ...) ---- */

/* Add what the escape letter e stands for to set (\d, \s, \w, an escaped ASCII punctuation byte).
 * Returns 1, or 0 for an escape not understood. */
static int escape_set(char e, unsigned char *set)
{
    if (e == 'd') {
        for (int c = '0'; c <= '9'; c++)
            set[c] = 1;
    } else if (e == 's') { /* PCRE2's \s without UCP */
        set[' '] = set['\t'] = set['\n'] = set['\v'] = set['\f'] = set['\r'] = 1;
    } else if (e == 'w') {
        for (int c = 0; c < 128; c++)
            set[c] |= (unsigned char)(isalnum(c) || c == '_');
    } else if ((unsigned char)e < 0x80 && ispunct((unsigned char)e)) {
        set[(unsigned char)e] = 1;
    } else {
        return 0;
    }
    return 1;
}

/* The escape at p (p[0] == '\\', before end) added to set: what escape_set knows, or \xHH (two hex
 * digits, below 0x80: a placeholder's \x01). Returns its length, or 0 for one not understood. */
static int escape_at(const char *p, const char *end, unsigned char *set)
{
    if (end - p >= 4 && p[1] == 'x' && isxdigit((unsigned char)p[2]) && isxdigit((unsigned char)p[3])) {
        unsigned c = 0;
        for (int k = 2; k < 4; k++)
            c = c * 16 + (unsigned)(isdigit((unsigned char)p[k]) ? p[k] - '0' : tolower((unsigned char)p[k]) - 'a' + 10);
        if (c >= 0x80)
            return 0;
        set[c] = 1;
        return 4;
    }
    return end - p >= 2 && escape_set(p[1], set) ? 2 : 0;
}

/* One item that matches a single ASCII character: a class [...] (not negated, no POSIX names), \d,
 * \s, \w, \xHH, an escaped punctuation byte, or a plain byte; its bytes set in set (ASCII letters in
 * both cases when caseless). Returns 1 with ps past it, else 0. */
static int ascii_item(parser *ps, unsigned char *set, int caseless)
{
    const char *p = ps->p;
    if (p >= ps->end)
        return 0;
    if (*p == '\\') {
        int el = escape_at(p, ps->end, set);
        if (!el)
            return 0;
        p += el;
    } else if (*p == '[') {
        p++;
        if (p >= ps->end || *p == '^' || *p == ']')
            return 0;
        while (p < ps->end && *p != ']') {
            if (*p == '\\') {
                int el = escape_at(p, ps->end, set);
                if (!el)
                    return 0;
                p += el;
                if (p + 1 < ps->end && p[0] == '-' && p[1] != ']') /* a range from an escape: not read */
                    return 0;
                continue;
            }
            unsigned char a = (unsigned char)*p;
            if (a >= 0x80 || a == '[')
                return 0;
            if (p + 2 < ps->end && p[1] == '-' && p[2] != ']') { /* a range */
                unsigned char b = (unsigned char)p[2];
                if (b >= 0x80 || b == '\\' || b < a)
                    return 0;
                for (unsigned c = a; c <= b; c++)
                    set[c] = 1;
                p += 3;
                continue;
            }
            set[a] = 1;
            p++;
        }
        if (p >= ps->end)
            return 0;
        p++;
    } else {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80 || c <= ' ' || strchr("\\^$.|?*+()[]{}#", c))
            return 0;
        set[c] = 1;
        p++;
    }
    if (caseless)
        for (int c = 'a'; c <= 'z'; c++)
            if (set[c] || set[c - 32])
                set[c] = set[c - 32] = 1;
    ps->p = p;
    return 1;
}

/* One branch of the lookahead: a word of ASCII letters (a \b after it allowed), or the run
 * C1 C2*+ C3 with anything after it. Returns 1 with it added to l (ps at the branch's end), else 0. */
static int lead_branch(parser *ps, int caseless, nx_lead *l)
{
    space_skip(ps);
    const char *st = ps->p;
    char w[sizeof l->words[0]];
    size_t wl = 0;
    while (ps->p < ps->end && isalpha((unsigned char)*ps->p) && wl < sizeof w - 1)
        w[wl++] = caseless ? (char)tolower((unsigned char)*ps->p++) : *ps->p++;
    if (wl) {
        w[wl] = 0;
        space_skip(ps);
        if (ps->end - ps->p >= 2 && ps->p[0] == '\\' && ps->p[1] == 'b')
            ps->p += 2;
        space_skip(ps);
        if (ps->p < ps->end && (*ps->p == '|' || *ps->p == ')') && l->nwords < NX_LEAD_WORDS) {
            memcpy(l->words[l->nwords++], w, wl + 1);
            return 1;
        }
        ps->p = st;
    }
    if (l->run) /* one run only */
        return 0;
    unsigned char *sets = l->sets;
    if (!ascii_item(ps, sets, caseless))
        return 0;
    space_skip(ps);
    if (!ascii_item(ps, sets + 256, caseless))
        return 0;
    /* the run possessive (*+): the third item is tried right after its longest stretch */
    if (ps->end - ps->p < 2 || ps->p[0] != '*' || ps->p[1] != '+')
        return 0;
    ps->p += 2;
    space_skip(ps);
    if (!ascii_item(ps, sets + 512, caseless))
        return 0;
    space_skip(ps);
    /* a quantifier that makes the third item optional refuses the run (C3+ holds one at least) */
    if (ps->p < ps->end && strchr("?*{", *ps->p))
        return 0;
    l->nitems = 3;
    l->star[1] = 1;
    /* more items while each is one character or a possessive run of them; the rest of the branch
     * is not looked at: from an item that is not a character, or has another quantifier on (C? C*
     * C{n}: not tested; C+: tested once, and nothing after it), on */
    int more = ps->p < ps->end && *ps->p != '+';
    while (more && l->nitems < NX_LEAD_ITEMS && ps->p < ps->end && !strchr("|)", *ps->p)) {
        unsigned char *set = sets + 256 * l->nitems;
        if (!ascii_item(ps, set, caseless)) {
            memset(set, 0, 256);
            break;
        }
        space_skip(ps);
        if (ps->end - ps->p >= 2 && ps->p[0] == '*' && ps->p[1] == '+') {
            l->star[l->nitems++] = 1;
            ps->p += 2;
        } else if (ps->p < ps->end && strchr("?*{", *ps->p)) {
            memset(set, 0, 256);
            break;
        } else {
            l->nitems++;
            more = ps->p >= ps->end || *ps->p != '+';
        }
        space_skip(ps);
    }
    l->run = 1;
    skip_branch(ps);
    return 1;
}

/* A lookbehind (ps just past "(?<=") of one to NX_LEAD_BEHIND single ASCII characters and nothing
 * else: its sets in l->behind. Returns 1 with ps past its ')', else 0 (ps anywhere). */
static int lead_behind(parser *ps, int caseless, nx_lead *l)
{
    int n = 0;
    for (;;) {
        space_skip(ps);
        if (ps->p < ps->end && *ps->p == ')')
            break;
        if (n == NX_LEAD_BEHIND || !ascii_item(ps, l->behind[n], caseless))
            return 0;
        n++;
        space_skip(ps);
        if (ps->p < ps->end && strchr("?*+{|", *ps->p)) /* a quantifier, another branch */
            return 0;
    }
    if (!n)
        return 0;
    ps->p++;
    l->nbehind = n;
    return 1;
}

int nx_lead_run(const char *pattern, size_t len, int caseless, nx_lead *l)
{
    parser ps = {pattern, pattern + len, 0, 0, 0};
    memset(l, 0, sizeof *l);
    l->caseless = caseless;
    for (;;) { /* other assertions first: they hold at the same place */
        space_skip(&ps);
        if (ps.end - ps.p >= 4 && ps.p[0] == '(' && ps.p[1] == '?' && ps.p[2] == '<' && (ps.p[3] == '!' || ps.p[3] == '=')) {
            const char *at = ps.p;
            if (!l->nbehind && ps.p[3] == '=') { /* the first lookbehind of single characters */
                ps.p += 4;
                if (lead_behind(&ps, caseless, l))
                    continue;
                memset(l->behind, 0, sizeof l->behind);
                ps.p = at;
            }
            skip_group(&ps);
            continue;
        }
        break;
    }
    int ahead = 0;
    if (ps.end - ps.p >= 3 && memcmp(ps.p, "(?=", 3) == 0) {
        ps.p += 3;
        for (ahead = 1;;) { /* its branches */
            if (!lead_branch(&ps, caseless, l)) {
                ahead = 0;
                break;
            }
            if (ps.p < ps.end && *ps.p == '|') {
                ps.p++;
                continue;
            }
            if (ps.p >= ps.end || *ps.p != ')')
                ahead = 0;
            break;
        }
        if (!l->run) /* words alone: the prefix words do that */
            ahead = 0;
    }
    if (!ahead) { /* the lookbehind alone, if any */
        memset(l->sets, 0, sizeof l->sets);
        l->run = l->nwords = 0;
        if (!l->nbehind)
            return 0;
    }
    /* the pattern may have no other branch: (?= ...) x | y */
    parser q = {pattern, pattern + len, 0, 0, 0};
    for (;;) {
        skip_branch(&q);
        if (q.p >= q.end)
            break;
        if (*q.p == '|')
            return 0;
        q.p++; /* a stray ')' */
    }
    return 1;
}

/* ---- Aho-Corasick ---- */

#define AC_SYMS 28 /* a..z, "anything else", then '$' (US$: not every "us" before a space) */
#define AC_ROW 32  /* a state's row in the scan's table: AC_SYMS entries, then room to a power of two */

struct nx_ac {
    int32_t *next;  /* nstates x AC_SYMS: the full transition table (failures folded in), to build */
    /* the same for the scan, nstates x AC_ROW: each entry the next state times two, plus one when it
     * has an output. Two bytes an entry when the states allow (up to 32768; the rules' words make
     * about 1500), else four: the table the scan reads at every byte is then 94 KB, not 165 KB as
     * with four-byte row offsets, and the scan takes 17 % less time (perf samples) though each step
     * shifts once more */
    uint16_t *scan16;
    uint32_t *scan32;
    int32_t *more;  /* per state: the state whose outputs also apply (the longest proper suffix), -1 */
    int32_t *word;  /* per state: the word ending exactly here, -1 */
    size_t nstates;
    size_t maxlen;  /* the longest word's length */
};

static int sym(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    return c == '$' ? 27 : 26;
}

void nx_ac_free(nx_ac *ac)
{
    if (!ac)
        return;
    nx_free(ac->next);
    nx_free(ac->scan16);
    nx_free(ac->scan32);
    nx_free(ac->more);
    nx_free(ac->word);
    nx_free(ac);
}

nx_ac *nx_ac_new(char *const *words, size_t n)
{
    nx_ac *ac = nx_calloc(1, sizeof *ac);
    if (!ac)
        return NULL;
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += strlen(words[i]);
    if (cap > UINT32_MAX / 2 / AC_ROW) { /* the scan's entries would not fit */
        nx_ac_free(ac);
        return NULL;
    }
    ac->next = nx_malloc(cap * AC_SYMS * sizeof *ac->next);
    ac->more = nx_malloc(cap * sizeof *ac->more);
    ac->word = nx_malloc(cap * sizeof *ac->word);
    int32_t *fail = nx_malloc(cap * sizeof *fail), *queue = nx_malloc(cap * sizeof *queue);
    if (!ac->next || !ac->more || !ac->word || !fail || !queue) {
        nx_free(fail);
        nx_free(queue);
        nx_ac_free(ac);
        return NULL;
    }
    for (size_t i = 0; i < cap * AC_SYMS; i++)
        ac->next[i] = -1;
    ac->nstates = 1;
    ac->word[0] = -1;
    /* the trie */
    for (size_t i = 0; i < n; i++) {
        int32_t s = 0;
        if (strlen(words[i]) > ac->maxlen)
            ac->maxlen = strlen(words[i]);
        for (const char *p = words[i]; *p; p++) {
            int c = sym((unsigned char)*p);
            if (ac->next[s * AC_SYMS + c] < 0) {
                ac->next[s * AC_SYMS + c] = (int32_t)ac->nstates;
                ac->word[ac->nstates] = -1;
                ac->nstates++;
            }
            s = ac->next[s * AC_SYMS + c];
        }
        ac->word[s] = (int32_t)i;
    }
    /* failures breadth first, folded into a full transition table */
    size_t qh = 0, qt = 0;
    fail[0] = 0;
    ac->more[0] = -1;
    for (int c = 0; c < AC_SYMS; c++) {
        int32_t t = ac->next[c];
        if (t < 0) {
            ac->next[c] = 0;
        } else {
            fail[t] = 0;
            queue[qt++] = t;
        }
    }
    while (qh < qt) {
        int32_t s = queue[qh++];
        int32_t f = fail[s];
        ac->more[s] = ac->word[f] >= 0 ? f : ac->more[f];
        for (int c = 0; c < AC_SYMS; c++) {
            int32_t t = ac->next[s * AC_SYMS + c];
            if (t < 0) {
                ac->next[s * AC_SYMS + c] = ac->next[f * AC_SYMS + c];
            } else {
                fail[t] = ac->next[f * AC_SYMS + c];
                queue[qt++] = t;
            }
        }
    }
    /* for the scan: each entry the next state times two, plus one when that state has an output (a
     * word ends there or at a suffix of it) */
    int narrow = ac->nstates <= 32768;
    if (narrow)
        ac->scan16 = nx_calloc(ac->nstates * AC_ROW, sizeof *ac->scan16);
    else
        ac->scan32 = nx_calloc(ac->nstates * AC_ROW, sizeof *ac->scan32);
    if (!ac->scan16 && !ac->scan32) {
        nx_free(fail);
        nx_free(queue);
        nx_ac_free(ac);
        return NULL;
    }
    for (size_t st = 0; st < ac->nstates; st++)
        for (int c = 0; c < AC_SYMS; c++) {
            int32_t t = ac->next[st * AC_SYMS + c];
            uint32_t e = (uint32_t)t * 2u | (ac->word[t] >= 0 || ac->more[t] >= 0);
            if (narrow)
                ac->scan16[st * AC_ROW + c] = (uint16_t)e;
            else
                ac->scan32[st * AC_ROW + c] = e;
        }
    nx_free(ac->next); /* built: the scan reads its own table */
    ac->next = NULL;
    nx_free(fail);
    nx_free(queue);
    return ac;
}

/* sym() as a table, for the scan: a..z and A..Z are 0..25, '$' 27, any other byte 26 */
static const unsigned char SYM[256] = {
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    26, 26, 26, 26, 27, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    26, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 26, 26, 26, 26,
    26, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 26, 26, 26, 26,
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
};

#if defined(__GNUC__)
#define AC_INLINE static inline __attribute__((always_inline))
#else
#define AC_INLINE static inline
#endif

/* The words that end at state entry v (its output flag set), longest first, at end. */
AC_INLINE void ac_report(const nx_ac *ac, uint32_t v, size_t end, void (*hit)(void *ctx, int word, size_t end),
                         void *ctx)
{
    for (int32_t t = (int32_t)(v >> 1); t >= 0; t = ac->more[t])
        if (ac->word[t] >= 0)
            hit(ctx, ac->word[t], end);
}

/* One step from state entry v on byte c, in the two-byte table (n16) or else the four-byte one. */
AC_INLINE uint32_t ac_step(const uint16_t *n16, const uint32_t *n32, uint32_t v, unsigned char c)
{
    size_t at = (size_t)(v >> 1) * AC_ROW + SYM[c];
    return n16 ? n16[at] : n32[at];
}

/* nx_ac_scan over one of the tables (the other NULL): inlined once for each, so that a step reads
 * its table without asking which. */
AC_INLINE void ac_scan(const nx_ac *ac, const uint16_t *n16, const uint32_t *n32, const char *text, size_t len,
                       void (*hit)(void *ctx, int word, size_t end), void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t half = len / 2, i = 0;
    uint32_t v = 0;
    if (len >= 256 && half > ac->maxlen + 16) {
        /* Two walks at once: each step waits for the load of the step before, so two independent
         * walks take little longer than one. The first reports the words ending up to half; the
         * second starts maxlen bytes earlier, which brings it to the state of a whole walk before
         * any word it reports (those ending after half) can have begun. Its hits wait in buf, to
         * come after the first walk's: the caller gets them in text order. */
        struct {
            uint32_t v;
            size_t end;
        } buf[128];
        int nb = 0, room = (int)(sizeof buf / sizeof buf[0]);
        size_t j = half - ac->maxlen;
        uint32_t v2 = 0;
        while (i < half && nb < room) {
            v = ac_step(n16, n32, v, s[i]);
            v2 = ac_step(n16, n32, v2, s[j]);
            i++;
            j++;
            if ((v | v2) & 1) {
                if (v & 1)
                    ac_report(ac, v, i, hit, ctx);
                if ((v2 & 1) && j > half) {
                    buf[nb].v = v2;
                    buf[nb++].end = j;
                }
            }
        }
        /* the first walk alone to half (when buf filled), then the second walk's hits */
        for (; i < half; i++) {
            v = ac_step(n16, n32, v, s[i]);
            if (v & 1)
                ac_report(ac, v, i + 1, hit, ctx);
        }
        for (int k = 0; k < nb; k++)
            ac_report(ac, buf[k].v, buf[k].end, hit, ctx);
        /* the second walk, on alone where it stopped */
        i = j;
        v = v2;
    }
    for (; i < len; i++) {
        v = ac_step(n16, n32, v, s[i]);
        if (v & 1)
            ac_report(ac, v, i + 1, hit, ctx);
    }
}

void nx_ac_scan(const nx_ac *ac, const char *text, size_t len, void (*hit)(void *ctx, int word, size_t end),
                void *ctx)
{
    if (ac->scan16)
        ac_scan(ac, ac->scan16, NULL, text, len, hit, ctx);
    else
        ac_scan(ac, NULL, ac->scan32, text, len, hit, ctx);
}

/* ---- name reach ---- */

#define C_ 1 /* NX_NAME_CHAR */
#define S_ 2 /* NX_NAME_SEP */
const unsigned char nx_name_class[256] = {
    ['\t'] = S_, ['\n'] = S_, ['\v'] = S_, ['\f'] = S_, ['\r'] = S_, [' '] = S_, [','] = S_,
    ['_'] = C_, ['&'] = C_, ['.'] = C_, ['-'] = C_, ['/'] = C_, ['\''] = C_, ['('] = C_, [')'] = C_,
    ['0'] = C_, ['1'] = C_, ['2'] = C_, ['3'] = C_, ['4'] = C_, ['5'] = C_, ['6'] = C_, ['7'] = C_, ['8'] = C_, ['9'] = C_,
    ['A'] = C_, ['B'] = C_, ['C'] = C_, ['D'] = C_, ['E'] = C_, ['F'] = C_, ['G'] = C_, ['H'] = C_, ['I'] = C_,
    ['J'] = C_, ['K'] = C_, ['L'] = C_, ['M'] = C_, ['N'] = C_, ['O'] = C_, ['P'] = C_, ['Q'] = C_, ['R'] = C_,
    ['S'] = C_, ['T'] = C_, ['U'] = C_, ['V'] = C_, ['W'] = C_, ['X'] = C_, ['Y'] = C_, ['Z'] = C_,
    ['a'] = C_, ['b'] = C_, ['c'] = C_, ['d'] = C_, ['e'] = C_, ['f'] = C_, ['g'] = C_, ['h'] = C_, ['i'] = C_,
    ['j'] = C_, ['k'] = C_, ['l'] = C_, ['m'] = C_, ['n'] = C_, ['o'] = C_, ['p'] = C_, ['q'] = C_, ['r'] = C_,
    ['s'] = C_, ['t'] = C_, ['u'] = C_, ['v'] = C_, ['w'] = C_, ['x'] = C_, ['y'] = C_, ['z'] = C_,
    /* every byte of a character beyond ASCII: the names' letters (\p{L}, \p{M}: "Nestlé", "Société") */
#define C16_ C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    [0x80] = C16_ C16_ C16_ C16_ C16_ C16_ C16_ C16_
#undef C16_
};
#undef C_
#undef S_

/* May the word w[0..n) stand inside a name? */
static int name_word(const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[0];
    if (c == '(' && n > 1) /* "(Pacific)" of "Industrial Equity (Pacific) Ltd" */
        c = (unsigned char)w[1];
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c >= 0xC0)
        return 1; /* (a character beyond ASCII may be a capital: "Électricité") */
    if (n >= 3 && memcmp(w, "plc", 3) == 0) /* "plc", "plc.", "plc's": a legal form, then no letter */
        return n == 3 || !(isalnum((unsigned char)w[3]) || w[3] == '_');
    /* "of", "the", "and", and the particles of names in other languages ("Petroleos de Venezuela SA") */
    static const char *const SMALL[] = {"of", "the", "and", "de", "du", "di", "et", "des", "del", "van", "von",
                                        "der", "della", NULL};
    for (int k = 0; SMALL[k]; k++)
        if (strlen(SMALL[k]) == n && memcmp(w, SMALL[k], n) == 0)
            return 1;
    return 0;
}

void nx_name_reach(const char *s, size_t len, unsigned char *flags)
{
    /* Right to left, a word at a time. In a word, ok(i) = an anchor in the word at or after i, or ok
     * at the word's end. Reached from the white space before it, a word must itself be a name word
     * unless an anchor begins in it: `next` is that value for the position after the current one. */
    int next = 0;
    size_t i = len;
    while (i > 0) {
        if (!next) {
            /* nothing reaches here from the right: no position is marked before the next anchor
             * to the left, so go there (the end of its word, or just after it) */
            size_t k = i;
            while (k >= 8) { /* eight flags at a time: anchors are few */
                uint64_t x;
                memcpy(&x, flags + k - 8, 8);
                if (x & 0x0101010101010101ULL * NX_REACH_ANCHOR)
                    break;
                k -= 8;
            }
            while (k > 0 && !(flags[k - 1] & NX_REACH_ANCHOR))
                k--;
            if (k == 0)
                break;
            k--;
            if (NX_IS_NAME_CHAR(s[k])) {
                size_t j = k + 1;
                while (j < i && NX_IS_NAME_CHAR(s[j]))
                    j++;
                i = j;
            } else {
                i = k + 1;
            }
        }
        unsigned char c = (unsigned char)s[i - 1];
        if (!NX_IS_NAME_CHAR(c)) {
            i--;
            next = (flags[i] & NX_REACH_ANCHOR) || (NX_IS_NAME_SEP(c) && next);
            if (next)
                flags[i] |= NX_REACH_OK;
            continue;
        }
        size_t end = i, a = i - 1;
        while (a > 0 && NX_IS_NAME_CHAR(s[a - 1]))
            a--;
        size_t last = end; /* the last anchor in the word, end if none */
        for (size_t k = end; k-- > a;)
            if (flags[k] & NX_REACH_ANCHOR) {
                last = k;
                break;
            }
        size_t upto = next ? end : last < end ? last + 1 : a;
        for (size_t k = a; k < upto; k++)
            flags[k] |= NX_REACH_OK;
        next = last < end || (next && name_word(s + a, end - a));
        i = a;
    }
}

/* The bytes a number can begin with: digits and the period */
static const unsigned char NUM_BYTE[256] = {
    ['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
};

const unsigned char nx_word_byte[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* Sixteen bytes at a time where SSE2 is there: the word bytes of a block as a mask m, the starts
 * those whose byte before (bit below, or the last of the block before) is none. */
long nx_word_starts(const char *s, size_t len, size_t **pos, size_t *cap)
{
    size_t n = 0, i = 0;
    unsigned prev = 0; /* s[i - 1] is a word byte */
#ifdef NX_SSE2
    for (; i + 16 <= len; i += 16) {
        __m128i v = nx_load16(s + i);
        __m128i wb = _mm_or_si128(_mm_or_si128(nx_range16(v, '0', 9), nx_range16(v, 'A', 25)),
                                  _mm_or_si128(nx_range16(v, 'a', 25), nx_eq16(v, '_')));
        unsigned m = nx_mask16(wb);
        unsigned starts = m & ~((m << 1) | prev);
        prev = m >> 15 & 1;
        if (!starts)
            continue;
        if (nx_grow((void **)pos, cap, n + 16, sizeof **pos))
            return -1;
        for (; starts; starts &= starts - 1)
            (*pos)[n++] = i + nx_first16(starts);
    }
#endif
    for (; i < len; i++) {
        unsigned wb = nx_word_byte[(unsigned char)s[i]];
        if (wb && !prev) {
            if (nx_grow((void **)pos, cap, n + 1, sizeof **pos))
                return -1;
            (*pos)[n++] = i;
        }
        prev = wb;
    }
    return (long)n;
}

/* Sixteen bytes at a time where SSE2 is there: most hold no digit and no period. */
long nx_number_starts(const char *s, size_t len, size_t **pos, size_t *cap)
{
    size_t n = 0, i = 0;
#ifdef NX_SSE2
    for (; i + 16 <= len; i += 16) {
        __m128i v = nx_load16(s + i);
        unsigned mask = nx_mask16(_mm_or_si128(nx_range16(v, '0', 9), nx_eq16(v, '.')));
        while (mask) {
            size_t at = i + nx_first16(mask);
            mask &= mask - 1;
            if (!nx_number_start(s, len, at))
                continue;
            if (nx_grow((void **)pos, cap, n + 1, sizeof **pos))
                return -1;
            (*pos)[n++] = at;
        }
    }
#endif
    for (; i < len; i++) {
        if (!NUM_BYTE[(unsigned char)s[i]] || !nx_number_start(s, len, i))
            continue;
        if (nx_grow((void **)pos, cap, n + 1, sizeof **pos))
            return -1;
        (*pos)[n++] = i;
    }
    return (long)n;
}
