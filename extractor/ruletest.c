/* ruletest.c: rule examples (see ruletest.h). */
#include "ruletest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int names_equal(const char *a, size_t al, const char *b, size_t bl)
{
    char *ka = nx_company_key(a, al), *kb = nx_company_key(b, bl);
    int eq = ka && kb && strcmp(ka, kb) == 0;
    nx_free(ka);
    nx_free(kb);
    return eq;
}

static int num_equal(nx_dec v, const char *want)
{
    if (strcmp(want, "null") == 0)
        return !v.ok;
    nx_dec w = nx_dec_parse(want, strlen(want));
    return w.ok && v.ok && nx_dec_cmp(v, w) == 0;
}

/* Check one expected key against a mention. Returns 1 ok, 0 mismatch (got written), -1 unknown key. */
static int check_mention(const nx_result *r, const nx_mention *mm, const nx_kv *kv, char *got, size_t gl)
{
    const char *k = kv->key, *v = kv->val;
    const char *t = r->doc->text;
    char tmp[128];
    if (strcmp(k, "text") == 0) {
        snprintf(got, gl, "%.*s", (int)(mm->e - mm->s), t + mm->s);
        return strlen(v) == mm->e - mm->s && memcmp(v, t + mm->s, mm->e - mm->s) == 0;
    }
    if (strcmp(k, "value") == 0) {
        snprintf(got, gl, "%s", nx_dec_str(mm->value, tmp, sizeof tmp));
        return num_equal(mm->value, v);
    }
    if (strcmp(k, "min") == 0 || strcmp(k, "max") == 0) {
        nx_dec d = mm->range ? (k[1] == 'i' ? mm->min : mm->max) : (nx_dec){0, 0, 0};
        snprintf(got, gl, "%s", nx_dec_str(d, tmp, sizeof tmp));
        return num_equal(d, v);
    }
    if (strcmp(k, "currency") == 0) {
        snprintf(got, gl, "%s", mm->cur[0] ? mm->cur : "null");
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "approx") == 0) {
        snprintf(got, gl, "%s", mm->approx ? "true" : "false");
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "kind") == 0) {
        snprintf(got, gl, "%s", nx_kind_names[mm->kind]);
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "name") == 0) {
        const char *nm = mm->ent >= 0 && r->ent[mm->ent].name ? r->ent[mm->ent].name : "";
        snprintf(got, gl, "%s", nm);
        return strcmp(nm, v) == 0;
    }
    if (strcmp(k, "ticker") == 0) {
        const char *tk = mm->ent >= 0 && r->ent[mm->ent].ticker[0] ? r->ent[mm->ent].ticker : mm->ticker;
        snprintf(got, gl, "%s", tk[0] ? tk : "null");
        return strcmp(got, v) == 0;
    }
    return -1;
}

static int check_event(const nx_result *r, const nx_event *ev, const nx_kv *kv, char *got, size_t gl)
{
    const char *k = kv->key, *v = kv->val;
    char tmp[128];
    if (strcmp(k, "type") == 0) {
        snprintf(got, gl, "%s", nx_type_names[ev->type]);
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "status") == 0) {
        snprintf(got, gl, "%s", ev->status >= 0 ? nx_status_names[ev->status] : "null");
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "modality") == 0) {
        snprintf(got, gl, "%s", nx_modality_names[ev->modality >= 0 ? ev->modality : 0]);
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "amount") == 0) {
        nx_dec d = ev->amount >= 0 ? r->m[ev->amount].value : (nx_dec){0, 0, ev->amount_zero};
        if (ev->amount_neg && d.ok && d.coef > 0)
            d = nx_dec_neg(d);
        snprintf(got, gl, "%s", nx_dec_str(d, tmp, sizeof tmp));
        return num_equal(d, v);
    }
    if (strcmp(k, "currency") == 0) {
        snprintf(got, gl, "%s", ev->amount >= 0 ? r->m[ev->amount].cur : ev->amount_zero ? r->doc_cur : "null");
        return strcmp(got, v) == 0;
    }
    if (strcmp(k, "change") == 0) {
        nx_dec d = ev->change >= 0 ? r->m[ev->change].value : (nx_dec){0, 0, 0};
        if (ev->change_sign < 0 && d.ok && d.coef > 0)
            d = nx_dec_neg(d);
        snprintf(got, gl, "%s", nx_dec_str(d, tmp, sizeof tmp));
        return num_equal(d, v);
    }
    if (strcmp(k, "unit") == 0) {
        const char *u = ev->change < 0 ? "null" : r->m[ev->change].kind == NX_K_PERCENT ? "percent" : r->m[ev->change].cur;
        snprintf(got, gl, "%s", u);
        return strcmp(u, v) == 0;
    }
    if (strcmp(k, "stake_pct") == 0) {
        nx_dec d = ev->stake >= 0 ? r->m[ev->stake].value : (nx_dec){0, 0, 0};
        snprintf(got, gl, "%s", nx_dec_str(d, tmp, sizeof tmp));
        return num_equal(d, v);
    }
    if (strcmp(k, "period") == 0) {
        snprintf(got, gl, "%.*s", (int)(ev->pe - ev->ps), r->doc->text + ev->ps);
        return strlen(v) == ev->pe - ev->ps && memcmp(v, r->doc->text + ev->ps, ev->pe - ev->ps) == 0;
    }
    int role = nx_name_index(nx_role_names, NX_NROLE, k, strlen(k));
    if (role < 0)
        return -1;
    got[0] = 0;
    for (int f = 0; f < ev->nfill; f++) {
        if (ev->fill[f].role != role)
            continue;
        const nx_mention *mm = &r->m[ev->fill[f].mention];
        const char *nm = mm->ent >= 0 && r->ent[mm->ent].name ? r->ent[mm->ent].name : "";
        size_t gl0 = strlen(got);
        snprintf(got + gl0, gl - gl0, "%s%s", gl0 ? "|" : "", nm);
        if (names_equal(nm, strlen(nm), v, strlen(v)) ||
            names_equal(r->doc->text + mm->s, mm->e - mm->s, v, strlen(v)))
            return 1;
    }
    if (!got[0])
        snprintf(got, gl, "none");
    return 0;
}

static void fail(nx_buf *rep, const nx_rule *ru, const nx_example *ex, const char *fmt, ...) NX_PRINTF(4, 5);
static void fail(nx_buf *rep, const nx_rule *ru, const nx_example *ex, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nx_buf_printf(rep, "%s:%d: rule '%s': %s \"", ru->file, ex->line, ru->id, ex->positive ? "test+" : "test-");
    for (const char *p = ex->text; *p; p++) {
        if (*p == '\n')
            nx_buf_adds(rep, "\\n");
        else
            nx_buf_addc(rep, *p);
    }
    nx_buf_adds(rep, "\": ");
    for (const char *p = msg; *p; p++) {
        if (*p == '\n')
            nx_buf_adds(rep, "\\n");
        else
            nx_buf_addc(rep, *p);
    }
    nx_buf_addc(rep, '\n');
}

int nx_rules_test(const nx_model *m, nx_buf *rep, nx_ruletest_stats *st, nx_error *err)
{
    memset(st, 0, sizeof *st);
    nx_worker *w = nx_worker_new(m, err);
    if (!w)
        return -1;
    nx_result res;
    nx_result_init(&res);
    int rc = 0;
    for (size_t ri = 0; ri < m->rules->n; ri++) {
        const nx_rule *ru = &m->rules->rules[ri];
        if (!ru->ntests)
            continue;
        st->rules++;
        for (int ti = 0; ti < ru->ntests; ti++) {
            const nx_example *ex = &ru->tests[ti];
            st->examples++;
            if (!ru->code && !ru->builtin) {
                st->failed++;
                fail(rep, ru, ex, "the rule did not compile");
                continue;
            }
            char *text = nx_strdup(ex->text);
            if (!text) {
                rc = nx_error_nomem(err);
                goto out;
            }
            nx_doc doc = {"example", text, strlen(text), 0, NULL, NULL, NULL};
            nx_error e = {0};
            if (nx_extract(w, &doc, 0, &res, &e) && e.code == NX_ENOMEM) {
                nx_free(text);
                rc = nx_error_nomem(err);
                goto out;
            }
            /* candidates from this rule */
            int found = 0, best_ok = 0;
            char why[400] = "";
            int is_event = ru->stage == NX_STAGE_EVENTS;
            int is_mod = ru->stage == NX_STAGE_MODIFIERS;
            size_t n = is_event || is_mod ? res.nev : res.nm;
            for (size_t i = 0; i < n && !best_ok; i++) {
                if (is_event && (int)res.ev[i].rule != (int)ri)
                    continue;
                if (!is_event && !is_mod && (res.m[i].rule != (int)ri || res.m[i].dropped))
                    continue;
                found = 1;
                int ok = 1;
                for (int k = 0; k < ex->nexpect && ok; k++) {
                    char got[300];
                    int c = is_event || is_mod ? check_event(&res, &res.ev[i], &ex->expect[k], got, sizeof got)
                                               : check_mention(&res, &res.m[i], &ex->expect[k], got, sizeof got);
                    if (c < 0) {
                        snprintf(why, sizeof why, "unknown expected field '%s'", ex->expect[k].key);
                        ok = 0;
                    } else if (c == 0) {
                        snprintf(why, sizeof why, "expected %s=%s, got %s", ex->expect[k].key, ex->expect[k].val,
                                 got);
                        ok = 0;
                    }
                }
                if (ok)
                    best_ok = 1;
            }
            if (res.limit_hits) {
                /* a verdict reached because PCRE2 gave up says nothing about the rule */
                st->failed++;
                fail(rep, ru, ex, "%d match%s stopped by a PCRE2 limit (rule '%s'): the example proves nothing",
                     res.limit_hits, res.limit_hits == 1 ? "" : "es", res.limit_rule ? res.limit_rule : "?");
            } else if (ex->positive && !best_ok) {
                st->failed++;
                if (!found)
                    fail(rep, ru, ex, "the rule produced nothing");
                else
                    fail(rep, ru, ex, "%s", why);
            } else if (!ex->positive && found) {
                st->failed++;
                fail(rep, ru, ex, "the rule matched");
            }
            nx_result_free(&res);
            nx_free(text);
        }
    }
    if (rep->oom)
        rc = nx_error_nomem(err);
out:
    nx_result_free(&res);
    nx_worker_free(w);
    if (rc)
        return -1;
    return st->failed ? 1 : 0;
}
