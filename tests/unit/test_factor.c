/* test_factor.c: lists of words with each first letter once (extractor/factor.c). What the rewrite
 * touches and what it leaves alone, and, for every shipped rule, that the rewritten pattern matches
 * exactly what the pattern as written matches (every group of every match), tried at every place of
 * real newswire text and of random texts made of the rules' own words, with and without case,
 * U+017F and U+212A among them. */
#include "../../extractor/factor.h"
#include "../../extractor/extract.h"
#include "../../extractor/rules.h"
#include "shipped.h"
#include "unit.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>

static pcre2_code *compile(const char *pat, uint32_t opts)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
    if (c)
        pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    return c;
}

/* Do a and b give the same result, the same ovector, tried anchored at every character of s? 1, or
 * 0 with the first place they differ reported. */
static int same_matches(const char *what, const pcre2_code *a, const pcre2_code *b, const char *s, size_t len)
{
    pcre2_match_data *ma = pcre2_match_data_create_from_pattern(a, NULL);
    pcre2_match_data *mb = pcre2_match_data_create_from_pattern(b, NULL);
    int ok = 1;
    for (size_t i = 0; i <= len && ok; i++) {
        if (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        int ra = pcre2_match(a, (PCRE2_SPTR)s, len, i, PCRE2_ANCHORED, ma, NULL);
        int rb = pcre2_match(b, (PCRE2_SPTR)s, len, i, PCRE2_ANCHORED, mb, NULL);
        if (ra != rb) {
            ok = 0;
        } else if (ra > 0) {
            uint32_t n = pcre2_get_ovector_count(ma);
            ok = n == pcre2_get_ovector_count(mb) &&
                 memcmp(pcre2_get_ovector_pointer(ma), pcre2_get_ovector_pointer(mb), 2 * n * sizeof(PCRE2_SIZE)) == 0;
        }
        if (!ok)
            fprintf(stderr, "%s: at %zu of '%.40s': as written %d, rewritten %d\n", what, i, s + i, ra, rb);
    }
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
    return ok;
}

/* The rewrite of pat, and the number of groups rewritten. */
static char *rewrite_of(const char *pat, int *changed) { return nx_factor_words(pat, strlen(pat), changed); }

static void check_case(const char *pat, int want_changed, const char *text)
{
    int changed = -1;
    char *t = rewrite_of(pat, &changed);
    CHECK(t != NULL);
    if (!t)
        return;
    if (changed != want_changed)
        fprintf(stderr, "'%s': %d groups rewritten, want %d: %s\n", pat, changed, want_changed, t);
    CHECK(changed == want_changed);
    if (!want_changed)
        CHECK_STR(t, pat);
    for (int caseless = 0; caseless < 2; caseless++) {
        uint32_t opts = PCRE2_UTF | PCRE2_EXTENDED | (caseless ? PCRE2_CASELESS : 0);
        pcre2_code *a = compile(pat, opts), *b = compile(t, opts);
        CHECK(a != NULL && b != NULL);
        if (a && b)
            CHECK(same_matches(pat, a, b, text, strlen(text)));
        pcre2_code_free(a);
        pcre2_code_free(b);
    }
    nx_free(t);
}

/* A random text of n pieces: words of the rules, numbers, punctuation, placeholders. */
static void random_text(nx_buf *b, char **words, size_t nwords, int n, unsigned *seed)
{
    static const char *const OTHER[] = {" ", " ", "  ", "\n", ", ", ".", "-", "'s", "$", "5", "12.5", "1,200",
                                        "3/4", "%", "(", ")", "<", ">", "\x01M\x02\x02", "\x01" "C\x02",
                                        "\xc5\xbf", "\xe2\x84\xaa", "\xc3\xa9", "vs", "\t"};
    nx_buf_clear(b);
    for (int k = 0; k < n; k++) {
        unsigned r = (unsigned)rand_r(seed);
        if (r % 3 && nwords) {
            const char *w = words[(r / 3) % nwords];
            int up = (r >> 20) % 4; /* as written, in capitals, capitalised */
            for (size_t i = 0; w[i]; i++) {
                char c = w[i];
                if (up == 1 || (up == 2 && i == 0))
                    c = (char)toupper((unsigned char)c);
                nx_buf_addc(b, c);
            }
            nx_buf_addc(b, ' ');
        } else {
            nx_buf_adds(b, OTHER[(r / 3) % (sizeof OTHER / sizeof *OTHER)]);
        }
    }
}

/* The words of letters (two or more) of a pattern, added to *words. */
static void pattern_words(const char *p, char ***words, size_t *n, size_t *cap)
{
    for (size_t i = 0; p[i];) {
        if (!isalpha((unsigned char)p[i]) || (i && p[i - 1] == '\\')) {
            i++;
            continue;
        }
        size_t j = i;
        while (isalpha((unsigned char)p[j]))
            j++;
        if (j - i >= 2 && j - i < 40 && !nx_grow((void **)words, cap, *n + 1, sizeof **words))
            (*words)[(*n)++] = nx_strndup(p + i, j - i);
        i = j;
    }
}

int main(void)
{
    int changed;
    char *t0;
    /* what is rewritten and what is not */
    const char *verbs = "rose fell gained lost dropped climbed, declined; Eased ADDED slipped slid up down off was up";
    check_case("\\b(?:rose|fell|gained|lost|dropped|climbed|declined|eased|added|slipped|slid|up|down|off|was\\s+up)\\b",
               1, verbs);
    check_case("(?:rose|fell)", 0, verbs);                               /* too few branches */
    check_case("(?:rose|fe(l)l|gained|lost|dropped|climbed)", 0, verbs); /* a capture inside */
    check_case("(?:rose|fe(?i)ll|gained|lost|dropped|climbed)", 0, verbs); /* an option setting inside */
    check_case("(?:r?ose|fell|gained|lost|dropped|climbed)", 0, verbs);   /* the first letter optional */
    check_case("(?:\\Qrose\\E|fell|gained|lost|dropped|climbed)", 0, verbs);
    check_case("(?:rose|fell|gained|lost|dropped|[c]limbed)", 0, verbs);  /* a class first */
    /* \Q quotes to \E or to the end: no group there (found by fuzz_factor) */
    check_case("\\Q(?:ab|ac|ad)\\E(?:ab|ac|ad)", 1, "(?:ab|ac|ad)ac ab");
    check_case("x\\Q(?:o|l|two)(\\w*)", 0, "x(?:o|l|two)(\\w*)");
    /* "[=" or "[:" in a class begins a POSIX name only when its end comes before a ']' (found by
     * fuzz_factor) */
    check_case("(?:f[(|[=|]|fo|ab|ac)(\\w*)", 1, "f= fo| f| ab ac f[x");
    check_case("(?:f[[:alpha:]|]|fo|ab|ac)(\\w*)", 1, "fx fo| f| ab ac");
    /* no reference in a class: "[\\g{]" is g and {, the empty branch after it stays (fuzz_factor) */
    check_case("(?:w|c|m[\\g{]|)", 0, "w c mg m{ x");
    /* what PCRE2 skips between a letter and its quantifier: a comment, wide white space */
    check_case("(?:a(?#c)?b|ac|ad|ba)", 0, "b ab ac ad ba");
    check_case("(?:a\xe2\x80\x8e?b|ac|ad|ba)", 0, "b ab ac ad ba");
    /* a callout's string may hold a ')' */
    check_case("(?:ab|ac|ad)(?C\"x)y\")(?:ab|ac|ad)", 2, "abab acad");
    /* extended mode turned off somewhere: white space and # may be literal, nothing is rewritten */
    check_case("(?:ab|ac|ad)(?-x: #)", 0, "ab #");
    /* '|' in a class, escaped, in a comment: no branch ends there */
    check_case("(?:r[|]ose|f\\|ell|gained # a | comment\n|lost|dropped|climbed)", 1, "r|ose f|ell gained lost");
    /* a branch that begins with a group: the group is left as it is (each of its letters would
     * hold the branch, and nested lists so written grow without bound: found by fuzz_factor); the
     * inner lists are rewritten */
    check_case("\\b(?:(?:twenty|thirty|forty)(?:-(?:one|two|three|four|five|six))?|one|two|three|four|five|ten)\\b",
               2, "thirty-two forty one ten twenty-six fifty tWENTY-FIVE");
    check_case("(?:ta|fo|(?:twenty|forty)|one|two)(\\w*)", 0, "forty twenty fo ta");
    /* groups inside a capture, a lookahead, an atomic group, a conditional's DEFINE are rewritten */
    check_case("(?<v>\\d+)\\s+(?=\\w)(?>(?:mln|billion|bln|thousand|million|trillion|crore))",
               1, "5 mln 3 billion 7 bln 2 thousand 9 crore 4 trillion");
    check_case("(?&w)\\s(?&w)(?(DEFINE)(?<w>(?:mln|billion|bln|thousand|million)))", 1, "5 mln billion bln thousand");
    /* a named group's own list: its content read as a (?: group's, what it captures the same; not a
     * lookbehind's (its branches must keep their fixed lengths) */
    check_case("(?<t>rose|fell|gained|lost|slid|slipped|was\\s+up)\\s*(\\w*)", 1, verbs);
    check_case("(?'t'rose|fell|gained|lost|slid)\\s*(\\w*)", 1, verbs);
    check_case("(?P<t>rose|fell|gained|lost|slid)\\s*(\\w*)", 1, verbs);
    check_case("(?<t>rose|fell)\\s*(\\w*)", 0, verbs);
    check_case("(?<t>rose|fe(l)l|gained|lost)\\s*(\\w*)", 0, verbs);
    check_case("(?<=rose|fell|gained|lost|slid)\\s*(\\w*)", 0, verbs);
    check_case("(?<!rose|fell|gained|lost|slid)\\s*(\\w*)", 0, verbs);
    t0 = rewrite_of("(?<t>ca|ab|ac)x", &changed);
    CHECK_STR(t0, "(?<t>(?:c(?:a)|a(?:b|c)))x");
    nx_free(t0);
    /* the branches of one letter keep their order: which one matches first decides the rest */
    check_case("(?:net|net\\s+profit|net\\s+loss|sales|revs|shr|shr\\s+loss)\\s*(\\w+)", 1,
               "Net profit 5 vs 4 shr loss 7 sales 9 NET LOSS 3");
    /* mixed case: no letter written once; the letters in the order of their first branch */
    check_case("(?:Shr|sales|Net|Oper|net)\\s*(\\w+)", 1, "Shr 5 sales 6 Net 7 net 8");
    char *t = rewrite_of("(?:ca|ab|ac|ba|bc|cb)", &changed);
    CHECK_STR(t, "(?:c(?:a|b)|a(?:b|c)|b(?:a|c))");
    nx_free(t);
    t = rewrite_of("(?:Shr|sales|Sh|two|t)", &changed);
    CHECK_STR(t, "(?:(?:Shr|sales|Sh)|t(?:wo|))"); /* mixed case: the letter not written once */
    nx_free(t);
    /* nested lists: no more than four bytes a letter of each group */
    const char *nest = "(?:ab|ac|(?:ab|ac|(?:ab|ac|(?:ab|ac|ad)d)d)d|ae)";
    t = rewrite_of(nest, &changed);
    CHECK(t && strlen(t) <= strlen(nest) + 4 * 5 * (size_t)changed);
    nx_free(t);
    /* every shipped rule: as written and rewritten, the same matches */
    nx_model *m = shipped_model();
    CHECK(m != NULL);
    if (!m)
        UNIT_DONE();
    /* real text: the first stories of the shipped Reuters slice */
    nx_buf news = NX_BUF_INIT;
    FILE *f = fopen("data/articles/reuters-1987-slice.jsonl", "r");
    CHECK(f != NULL);
    char line[65536];
    for (int k = 0; f && k < 12 && fgets(line, sizeof line, f); k++) {
        json_t *d = json_loads(line, 0, NULL);
        const char *ti = json_string_value(json_object_get(d, "title"));
        const char *bo = json_string_value(json_object_get(d, "body"));
        nx_buf_adds(&news, ti ? ti : "");
        nx_buf_addc(&news, '\n');
        nx_buf_adds(&news, bo ? bo : "");
        nx_buf_addc(&news, '\n');
        json_decref(d);
    }
    if (f)
        fclose(f);
    CHECK(news.len > 5000);
    char **words = NULL;
    size_t nwords = 0, capw = 0;
    for (size_t i = 0; i < m->rules->n; i++)
        if (m->rules->rules[i].expanded)
            pattern_words(m->rules->rules[i].expanded, &words, &nwords, &capw);
    unsigned seed = 20261127;
    nx_buf rnd = NX_BUF_INIT;
    int rewritten = 0, compared = 0;
    for (size_t i = 0; i < m->rules->n; i++) {
        const nx_rule *r = &m->rules->rules[i];
        if (!r->expanded || r->builtin)
            continue;
        int ch = 0;
        char *tr = rewrite_of(r->expanded, &ch);
        CHECK(tr != NULL);
        if (!tr || !ch) {
            nx_free(tr);
            continue;
        }
        rewritten++;
        uint32_t opts = PCRE2_UTF | PCRE2_EXTENDED | PCRE2_DUPNAMES | PCRE2_MULTILINE | (r->caseless ? PCRE2_CASELESS : 0);
        pcre2_code *a = compile(r->expanded, opts), *b = compile(tr, opts);
        CHECK(a != NULL && b != NULL);
        if (a && b) {
            compared++;
            CHECK(same_matches(r->id, a, b, news.p, news.len));
            for (int k = 0; k < 12; k++) {
                random_text(&rnd, words, nwords, 60, &seed);
                CHECK(same_matches(r->id, a, b, rnd.p, rnd.len));
            }
        }
        pcre2_code_free(a);
        pcre2_code_free(b);
        nx_free(tr);
    }
    /* the shipped rules do have lists the rewriter takes */
    CHECK(rewritten >= 50);
    CHECK(compared == rewritten);
    for (size_t i = 0; i < nwords; i++)
        nx_free(words[i]);
    nx_free(words);
    nx_buf_free(&rnd);
    nx_buf_free(&news);
    nx_model_free(m);
    UNIT_DONE();
}
