/* cmd_rules.c: newsfx rules test | list: check and inspect the rule set. */
#include <string.h>

#include "../extractor/ruletest.h"
#include "cli.h"

static const char USAGE[] = "newsfx rules test|list [options]";
static const char SUMMARY[] =
    "test: compile every rule and run every example (test+ must match with the expected fields,\n"
    "      test- must not match); exit 3 on any failure, listing each as file:line.\n"
    "list: one line per rule: id, stage, kind or type, priority, whether its first character is known\n"
    "      (start:any means every position of the text is tried: slow), file:line, examples.";
static const char EXAMPLES[] =
    "  newsfx rules test\n"
    "  newsfx rules test --add-rules my.rules\n"
    "  newsfx rules list | grep events\n";

/* `rules list -v`: the words a condition cannot match without (it is run only where one is). */
static void cond_words(const nx_ruleset *rs, const struct nx_condwords *cw)
{
    if (!cw->n)
        return;
    printf("      which is run only where one of these stands:");
    for (int w = 0; w < cw->n; w++) {
        int seen = 0;
        for (int v = 0; v < w && !seen; v++)
            seen = cw->words[v] == cw->words[w];
        if (!seen)
            printf(" %s", rs->words[cw->words[w]]);
    }
    printf("\n");
}

/* `rules list -v`: the words every match of r (a rule, or a condition's filter) begins with. */
static void prefix_line(const nx_ruleset *rs, const nx_rule *r, const char *indent)
{
    printf("%stried only where one begins%s:", indent,
           r->pword_start ? " (after \\b those that begin with a letter, digit or _)" : "");
    for (int w = 0; w < r->npwords; w++)
        printf(" %s", rs->words[r->pwords[w]]);
    for (int w = 0; w < r->npshort; w++)
        printf(" %s", r->pshort[w]);
    printf("\n");
}

int nx_cmd_rules(int argc, char **argv)
{
    int help = 0, verbose = 0;
    nx_cli_model mo;
    nx_cli_model_init(&mo);
    const nx_opt opts[] = {{'v', "verbose", NX_OPT_FLAG, &verbose, NULL, "list: also the words each rule needs"},
                           NX_CLI_MODEL_OPTS(mo),
                           {0}};
    nx_strlist pos = {0};
    nx_error err = {0};
    int rc = 0;
    if (nx_opts_parse(opts, argc, argv, &pos, &help, &err)) {
        rc = nx_cli_usage("rules", "%s", err.msg);
        goto done;
    }
    if (help || pos.n == 0) {
        nx_opts_usage(help ? stdout : stderr, USAGE, SUMMARY, opts, EXAMPLES);
        rc = help ? 0 : NX_EXIT_FATAL;
        goto done;
    }
    int test = strcmp(pos.v[0], "test") == 0, list = strcmp(pos.v[0], "list") == 0;
    if ((!test && !list) || pos.n > 1) {
        rc = nx_cli_usage("rules", "unknown rules command '%s' (test, list)", pos.v[pos.n > 1 ? 1 : 0]);
        goto done;
    }
    int ok = 1;
    nx_model *m = nx_cli_load_model(&mo, 1, &ok, &rc);
    if (!m)
        goto done;
    int fail_rc = rc; /* the exit status of the rules' failure, when !ok */
    rc = 0;
    if (!ok)
        nx_cli_rule_diags(m); /* every diagnostic, not only the first */
    if (list) {
        for (size_t i = 0; i < m->rules->n; i++) {
            const nx_rule *r = &m->rules->rules[i];
            const char *what = r->stage == NX_STAGE_EVENTS ? (r->type >= 0 ? nx_type_names[r->type] : "?")
                               : r->kind >= 0                ? nx_kind_names[r->kind]
                                                             : "-";
            /* "any": the rule may start anywhere, so every position is tried (slow); give it a first
             * character, e.g. (?=[A-Z]), to let the scan skip text */
            char start[16];
            int bits = 0;
            for (int b = 0; b < 256; b++)
                bits += r->first[b / 8] >> (b % 8) & 1;
            snprintf(start, sizeof start, "%s", r->builtin ? "-" : !r->has_first ? "any" : "");
            if (r->has_first && !r->builtin)
                snprintf(start, sizeof start, "%d", bits);
            printf("%-32s %-9s %-13s %4d  start:%-5s %s:%d  %d example%s\n", r->id,
                   (int)r->stage >= 0 ? nx_stage_names[r->stage] : "?", what, r->priority, start, r->file, r->line,
                   r->ntests, r->ntests == 1 ? "" : "s");
            if (verbose) {
                printf("    needs one of:");
                if (!r->nwords)
                    printf(" (nothing: runs everywhere)");
                for (int w = 0; w < r->nwords; w++)
                    printf(" %s", m->rules->words[r->words[w]]);
                printf("\n");
                if (r->prefixed)
                    prefix_line(m->rules, r, "    ");
                if (r->literal)
                    printf("    tried only where the first bytes of its literals stand%s%s\n",
                           r->pword_start ? " (after \\b those that begin with a letter, digit or _)" : "",
                           r->litwords ? "; those that begin with a letter found by the word scan" : "");
                if (nx_rule_starts(r)) {
                    printf("    tried only where %s", r->starts == NX_STARTS_NUMBER ? "a number begins" : "");
                    for (int w = 0; w < r->nswords; w++)
                        printf("%s%s", w ? " " : r->starts == NX_STARTS_NUMBER ? " or one of these words: " : "one of these words begins: ",
                               r->swords[w]);
                    printf(" (starts)\n");
                }
                if (r->lead && (r->literal || r->prefixed || nx_rule_starts(r) || r->anchor_src))
                    printf("    and only where the bytes its first lookbehind or lookahead asks for stand (tested before PCRE2)\n");
                if (r->anchor_src)
                    printf("    tried only where a name leads to the anchor: %s\n", r->anchor_src);
                if (r->anchor_lit)
                    printf("    the anchor tried only where the first bytes of its literals stand\n");
                if (r->requires_src) {
                    printf("    tried only where this matches too: %s\n", r->requires_src);
                    cond_words(m->rules, &r->requires_words);
                    if (r->requires_pre)
                        prefix_line(m->rules, r->requires_pre, "      and ");
                }
                if (r->unless_src) {
                    printf("    not tried where this matches: %s\n", r->unless_src);
                    cond_words(m->rules, &r->unless_words);
                    if (r->unless_pre)
                        prefix_line(m->rules, r->unless_pre, "      and ");
                }
            }
        }
        rc = ok ? 0 : fail_rc; /* a rules path that cannot be read is 2, as for extract */
        nx_model_free(m);
        goto done;
    }
    nx_buf rep = NX_BUF_INIT;
    nx_ruletest_stats st;
    int t = nx_rules_test(m, &rep, &st, &err);
    if (t < 0) {
        rc = nx_cli_fail(&err);
    } else {
        fflush(stdout);
        for (const char *p = rep.p ? rep.p : ""; *p;) {
            const char *nl = strchr(p, '\n');
            size_t l = nl ? (size_t)(nl - p) : strlen(p);
            fprintf(stderr, "newsfx: %.*s\n", (int)l, p);
            p += l + (nl ? 1 : 0);
        }
        int nrules = (int)m->rules->n;
        printf("%d rules (%d with examples), %d examples, %d failed; %d compile error%s; rules sha256 %s\n", nrules,
               st.rules, st.examples, st.failed, m->rules->ndiag, m->rules->ndiag == 1 ? "" : "s",
               m->rules->sha256);
        rc = (t || !ok) ? NX_EXIT_RULES : 0;
    }
    (void)verbose;
    nx_buf_free(&rep);
    nx_model_free(m);
done:
    nx_strlist_free(&pos);
    nx_cli_model_free(&mo);
    return rc;
}
