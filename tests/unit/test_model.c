/* test_model.c: the model's generated macros (extractor/model.c). {CURWORD}, the currency forms
 * written after a number, is generated as a tree of conditionals on the first letter; it must match
 * exactly what the plain alternation of the forms (longest first) matches, with and without case. */
#include "../../extractor/extract.h"
#include "../../extractor/rules.h"
#include "shipped.h"
#include "unit.h"

#include <ctype.h>
#include <stdlib.h>

/* The plain alternation of the post forms, as the tree's leaves write each form. */
static void plain_alternation(const nx_model *m, nx_buf *b)
{
    nx_buf_adds(b, "(?:");
    int n = 0;
    for (size_t i = 0; i < m->ncur; i++) {
        if (!m->cur[i].post)
            continue;
        if (n++)
            nx_buf_addc(b, '|');
        for (const char *s = m->cur[i].form; *s; s++) {
            if (*s == ' ')
                nx_buf_adds(b, "\\s+");
            else if (strchr("\\^$.|?*+()[]{}#-", *s)) {
                nx_buf_addc(b, '\\');
                nx_buf_addc(b, *s);
            } else
                nx_buf_addc(b, *s);
        }
    }
    nx_buf_addc(b, ')');
}

/* The end of the anchored match at i, or -1. */
static long match_end(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t len, size_t i)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, i, PCRE2_ANCHORED, md, NULL);
    return rc < 0 ? -1 : (long)pcre2_get_ovector_pointer(md)[1];
}

/* Tree and plain agree at every place of s; returns 1, or 0 (reported) at the first place they do not. */
static int agree(const pcre2_code *tree, const pcre2_code *plain, pcre2_match_data *md, const char *s, size_t len)
{
    for (size_t i = 0; i <= len; i++) {
        if (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        long a = match_end(tree, md, s, len, i), b = match_end(plain, md, s, len, i);
        if (a != b) {
            fprintf(stderr, "CURWORD at %zu of '%.*s': tree %ld, plain %ld\n", i, (int)len, s, a, b);
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    /* the patterns as written: the plain alternation's list is not to be rewritten (factor.h,
     * tested apart) */
    setenv("NEWSFX_NO_FACTOR", "1", 1);
    nx_model *m = shipped_model();
    CHECK(m != NULL);
    if (!m)
        UNIT_DONE();
    nx_error err = {0};
    nx_buf pb = NX_BUF_INIT;
    plain_alternation(m, &pb);
    CHECK(!pb.oom);
    for (int caseless = 0; caseless < 2; caseless++) {
        pcre2_code *tree = nx_ruleset_compile_pattern(m->rules, "(?:{CURWORD})", caseless, &err);
        pcre2_code *plain = nx_ruleset_compile_pattern(m->rules, pb.p, caseless, &err);
        CHECK(tree != NULL && plain != NULL);
        if (!tree || !plain)
            break;
        pcre2_match_data *md = pcre2_match_data_create(8, NULL);
        /* every form, as written and in capitals, is matched whole */
        int nforms = 0;
        for (size_t i = 0; i < m->ncur; i++) {
            if (!m->cur[i].post)
                continue;
            nforms++;
            char t[128], u[128];
            snprintf(t, sizeof t, "%s", m->cur[i].form);
            size_t len = strlen(t);
            for (size_t k = 0; k <= len; k++)
                u[k] = (char)toupper((unsigned char)t[k]);
            CHECK(match_end(tree, md, t, len, 0) == (long)len);
            CHECK(agree(tree, plain, md, t, len));
            CHECK(agree(tree, plain, md, u, len));
        }
        CHECK(nforms > 100);
        /* random texts of forms, pieces of forms and other words: the same match at every place */
        static const char *const piece[] = {"dlrs", "dlr", "d", "cts", "c", "u.s.", " ", "  ", "\n", "marks", "mar",
                                            "stg", "yen", "y", "pesos", "Philippine", "new", "zealand", "NZ",
                                            "x", "-", "$", "hong kong", "US", "can", "\xc3\xa9", "pence", "p", "s",
                                            "\xc5\xbf", "\xe2\x84\xaa", "k", "tg"}; /* U+017F, U+212A: s, k without case */
        unsigned seed = 99u + (unsigned)caseless;
        int all = 1;
        for (int t = 0; t < 3000 && all; t++) {
            char buf[256];
            size_t len = 0, want = (size_t)(t % 60);
            while (len < want) {
                seed = seed * 1103515245u + 12345u;
                const char *pc = piece[(seed >> 16) % (sizeof piece / sizeof *piece)];
                size_t pl = strlen(pc);
                if (len + pl >= sizeof buf)
                    break;
                memcpy(buf + len, pc, pl);
                len += pl;
            }
            all = agree(tree, plain, md, buf, len);
        }
        CHECK(all);
        pcre2_match_data_free(md);
        pcre2_code_free(tree);
        pcre2_code_free(plain);
    }
    nx_buf_free(&pb);
    nx_model_free(m);
    UNIT_DONE();
}
