/* test_places.c: a rule with short prefix words ("up", "a half": looked for apart from the word scan,
 * sixteen bytes at a time, by their first letter and what stands second) finds what PCRE2 finds
 * searching its pattern over the whole text. Each rule alone in a model, over random texts made of
 * the words' pieces in both cases, words that begin as they do ("and", "any", "upon"), white space
 * and other bytes: its mentions must be PCRE2's successive matches. */
#include "../../extractor/extract.h"
#include "../../extractor/rules.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const PATTERNS[] = {
    /* a \b before the words: the places are word starts */
    "\\b (?: a \\s+ half | an \\s+ ox | up | upon | at \\s+ a | on ) \\b",
    /* none: any place of the first letter ("a" second letters: white space, 'n', 't') */
    "(?: a \\s+ half | an \\s+ ox | at \\s+ a | up )",
    /* a first letter whose words have anything second (a word of one letter) */
    "\\b (?: o | of \\s+ it | x\\s+y ) \\b",
};

static const char *const PIECES[] = {
    "a", "A", "an", "AN", "and", "any", "at", "half", "HALF", "ox", "up", "UP", "upon", "on", "of", "it",
    "o", "x", "y", "data", "plan", "ha", " ", " ", "  ", "\n", "\t", " \t\n", ",", ".", "-",
    "_", "1", "é", "ta", "oa", "u"};
/* (no other control characters: the extractor mends them before the rules see the text) */

/* The rule file of pattern p in path (a new file). Returns 0 or -1. */
static int write_rules(const char *path, const char *p)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "rule t.places\n  stage    values\n  kind     date\n  priority 1\n  pattern  %s\n", p);
    return fclose(f) ? -1 : 0;
}

int main(void)
{
    char path[] = "/tmp/newsfx-test-places-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        UNIT_DONE();
    close(fd);
    unsigned seed = 5;
    static char text[2048];
    for (size_t pi = 0; pi < sizeof PATTERNS / sizeof *PATTERNS; pi++) {
        CHECK(write_rules(path, PATTERNS[pi]) == 0);
        const char *paths[] = {path};
        nx_model_opts o = {0};
        o.rule_paths = paths;
        o.nrule_paths = 1;
        o.data_dir = "data";
        o.rules_dir = "rules";
        nx_error err = {0};
        nx_model *m = nx_model_load(&o, &err);
        CHECK(m != NULL);
        if (!m) {
            fprintf(stderr, "%s\n", err.msg);
            continue;
        }
        const nx_rule *r = nx_ruleset_find(m->rules, "t.places");
        CHECK(r && r->prefixed && r->npshort > 0); /* the words looked for apart */
        nx_worker *w = nx_worker_new(m, &err);
        pcre2_match_data *md = pcre2_match_data_create(16, NULL);
        int ok = 1;
        long found = 0;
        for (int t = 0; t < 600 && ok && w && r && md; t++) {
            size_t len = 2;
            memcpy(text, "z ", 2); /* a first line in capitals would be a headline, matched apart */
            int np = 1 + (int)(seed % 200);
            for (int k = 0; k < np; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *pc = PIECES[(seed >> 16) % (sizeof PIECES / sizeof *PIECES)];
                size_t pl = strlen(pc);
                if (len + pl + 1 >= sizeof text)
                    break;
                memcpy(text + len, pc, pl);
                len += pl;
            }
            text[len] = 0;
            nx_doc doc = {0};
            doc.id = "t";
            doc.text = text;
            doc.len = len;
            nx_result res;
            nx_result_init(&res);
            if (nx_extract(w, &doc, 0, &res, &err) != 0) {
                ok = 0;
                nx_result_free(&res);
                break;
            }
            /* PCRE2's matches, each search going on from the end of the last match */
            size_t k = 0, start = 0;
            while (start <= len) {
                int rc = pcre2_match(r->code, (PCRE2_SPTR)text, len, start, 0, md, NULL);
                if (rc < 0)
                    break;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                if (ov[1] == ov[0]) {
                    start = ov[1] + 1;
                    continue;
                }
                found++;
                if (k >= res.nm || res.m[k].s != ov[0] || res.m[k].e != ov[1]) {
                    fprintf(stderr, "pattern %zu, text \"%s\": PCRE2 matches at %zu-%zu, the rule has %s (%zu-%zu)\n",
                            pi, text, (size_t)ov[0], (size_t)ov[1], k < res.nm ? "another mention" : "none",
                            k < res.nm ? res.m[k].s : 0, k < res.nm ? res.m[k].e : 0);
                    if (k < res.nm)
                        fprintf(stderr, "[%.*s]\n", (int)(res.m[k].e - res.m[k].s), text + res.m[k].s);
                    ok = 0;
                }
                k++;
                start = ov[1];
            }
            if (ok && k != res.nm) {
                fprintf(stderr, "pattern %zu, text \"%s\": %zu mentions, PCRE2 %zu matches\n", pi, text, res.nm, k);
                ok = 0;
            }
            nx_result_free(&res);
        }
        CHECK(ok);
        CHECK(found > 100); /* the texts hold many of them */
        pcre2_match_data_free(md);
        nx_worker_free(w);
        nx_model_free(m);
    }
    unlink(path);
    UNIT_DONE();
}
