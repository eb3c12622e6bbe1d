/* report.c: study.json and the CSV tables (see report.h). */
#include "report.h"

#include "numfmt.h"
#include "plot.h"
#include "realized.h"
#include "xsect.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- JSON helpers ---- */

static void jstr(nx_buf *b, const char *s)
{
    if (s)
        nx_buf_json_str(b, s, strlen(s));
    else
        nx_buf_adds(b, "null");
}

static void jkey(nx_buf *b, const char *k)
{
    nx_buf_json_str(b, k, strlen(k));
    nx_buf_addc(b, ':');
}

static void jdate(nx_buf *b, int days)
{
    char d[11];
    nx_format_date(days, d);
    nx_buf_addc(b, '"');
    nx_buf_adds(b, d);
    nx_buf_addc(b, '"');
}

static void jnums(nx_buf *b, const double *v, size_t n)
{
    nx_buf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            nx_buf_addc(b, ',');
        nx_buf_num(b, v[i]);
    }
    nx_buf_addc(b, ']');
}

static void jstat(nx_buf *b, const nx_stat *s)
{
    nx_buf_adds(b, "{\"value\":");
    nx_buf_num(b, s->value);
    nx_buf_adds(b, ",\"p\":");
    nx_buf_num(b, s->p);
    if (!isnan(s->df)) {
        nx_buf_adds(b, ",\"df\":");
        nx_buf_num(b, s->df);
    }
    for (int i = 0; i < s->nx; i++) {
        nx_buf_addc(b, ',');
        jkey(b, s->xname[i]);
        nx_buf_num(b, s->x[i]);
    }
    if (s->method) {
        nx_buf_adds(b, ",\"method\":");
        jstr(b, s->method);
    }
    if (isnan(s->value)) {
        nx_buf_adds(b, ",\"reason\":");
        jstr(b, s->reason ? s->reason : "not computed");
    }
    nx_buf_addc(b, '}');
}

static void jstats(nx_buf *b, const nx_row *r, int window)
{
    nx_buf_addc(b, '{');
    for (int k = 0; k < NX_NSTAT; k++) {
        if (k)
            nx_buf_addc(b, ',');
        jkey(b, nx_stat_names[k]);
        jstat(b, &r->st[k]);
    }
    if (window) {
        nx_buf_adds(b, ",\"csect_t_bhar\":");
        jstat(b, &r->csect_bhar);
        nx_buf_adds(b, ",\"skew_t_bhar\":");
        jstat(b, &r->skew_bhar);
    }
    nx_buf_addc(b, '}');
}

static void jtable(nx_buf *b, const nx_study *s, const nx_table *t)
{
    nx_buf_adds(b, "\"panel\":{\"n\":");
    nx_buf_printf(b, "%zu", t->n);
    nx_buf_adds(b, ",\"kp_r\":");
    nx_buf_num(b, t->kp_r);
    nx_buf_adds(b, ",\"kp_pair_days\":");
    nx_buf_num(b, t->kp_weight);
    nx_buf_adds(b, ",\"bw_s_a\":");
    nx_buf_num(b, t->bw_sa);
    nx_buf_adds(b, ",\"bw_df\":");
    nx_buf_num(b, t->bw_df);
    nx_buf_adds(b, ",\"rank_s_u\":");
    nx_buf_num(b, t->rank_su);
    nx_buf_adds(b, ",\"gsign_share\":");
    nx_buf_num(b, t->gsign_p);
    nx_buf_adds(b, "},\n\"aar\":[");
    for (size_t j = 0; j < t->nd; j++) {
        const nx_row *r = &t->aar[j];
        nx_buf_adds(b, j ? ",\n" : "\n");
        nx_buf_printf(b, "{\"day\":%d,\"aar\":", s->days[j]);
        nx_buf_num(b, r->mean);
        nx_buf_printf(b, ",\"n\":%zu,\"stats\":", r->n);
        jstats(b, r, 0);
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, "],\n\"caar\":[");
    for (size_t w = 0; w < t->nw; w++) {
        const nx_row *r = &t->caar[w];
        nx_buf_adds(b, w ? ",\n" : "\n");
        nx_buf_printf(b, "{\"window\":[%d,%d],\"caar\":", s->o.win[w].a, s->o.win[w].b);
        nx_buf_num(b, r->mean);
        nx_buf_adds(b, ",\"abhar\":");
        nx_buf_num(b, r->abhar);
        nx_buf_printf(b, ",\"n\":%zu,\"stats\":", r->n);
        jstats(b, r, 1);
        nx_buf_addc(b, '}');
    }
    nx_buf_addc(b, ']');
}

static void jcounts(nx_buf *b, const size_t *count)
{
    nx_buf_addc(b, '{');
    for (int k = 0; k < NX_FE_NSTATUS; k++)
        nx_buf_printf(b, "%s\"%s\":%zu", k ? "," : "", nx_fe_status_names[k], count[k]);
    nx_buf_addc(b, '}');
}

static const char *const RET_NAMES[] = {"prices", "simple", "log", "percent"};

static void jclock(nx_buf *b, int secs)
{
    nx_buf_printf(b, "\"%02d:%02d:%02d\"", secs / 3600, secs / 60 % 60, secs % 60);
}

static void jfe(nx_buf *b, const nx_study *s, const nx_fe *f)
{
    const nx_fevent *e = &f->ev;
    nx_buf_adds(b, "{\"event_id\":");
    jstr(b, e->event_id);
    nx_buf_adds(b, ",\"ticker\":");
    jstr(b, e->ticker);
    nx_buf_adds(b, ",\"role\":");
    jstr(b, e->role);
    nx_buf_adds(b, ",\"name\":");
    jstr(b, e->name);
    nx_buf_adds(b, ",\"type\":");
    jstr(b, e->type);
    nx_buf_adds(b, ",\"doc_id\":");
    jstr(b, e->doc_id);
    nx_buf_adds(b, ",\"amount\":");
    if (isnan(e->amount)) {
        nx_buf_adds(b, "null");
    } else {
        nx_buf_adds(b, "{\"value\":");
        nx_buf_num(b, e->amount);
        nx_buf_adds(b, ",\"currency\":");
        jstr(b, e->currency);
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, ",\"change\":");
    if (isnan(e->change)) {
        nx_buf_adds(b, "null");
    } else {
        nx_buf_adds(b, "{\"value\":");
        nx_buf_num(b, e->change);
        nx_buf_adds(b, ",\"unit\":");
        jstr(b, e->change_unit);
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, ",\"event_date\":");
    jdate(b, e->date);
    nx_buf_adds(b, ",\"event_time\":");
    jstr(b, e->has_time ? e->time_text : NULL);
    int have_t0 = f->status != NX_FE_NO_TICKER && f->status != NX_FE_UNKNOWN_TICKER;
    nx_buf_adds(b, ",\"ny_date\":");
    if (have_t0)
        jdate(b, f->t0.local_date);
    else
        nx_buf_adds(b, "null");
    nx_buf_adds(b, ",\"ny_time\":");
    if (have_t0 && f->t0.local_secs >= 0)
        jclock(b, f->t0.local_secs);
    else
        nx_buf_adds(b, "null");
    nx_buf_adds(b, ",\"after_close\":");
    nx_buf_adds(b, have_t0 && f->t0.after_close ? "true" : "false");
    nx_buf_adds(b, ",\"day0\":");
    if (have_t0 && f->t0.index >= 0) {
        jdate(b, s->cal.d[f->t0.index]);
        nx_buf_printf(b, ",\"shift_days\":%d", f->t0.shift_days);
    } else {
        nx_buf_adds(b, "null,\"shift_days\":null");
    }
    nx_buf_adds(b, ",\"status\":");
    jstr(b, nx_fe_status_names[f->status]);
    nx_buf_adds(b, ",\"reason\":");
    jstr(b, f->status == NX_FE_OK ? NULL : f->reason);
    nx_buf_adds(b, ",\"overlaps\":");
    jstr(b, f->overlap_with);
    nx_buf_adds(b, ",\"model\":");
    if (f->status != NX_FE_OK && f->status != NX_FE_OVERLAP) {
        nx_buf_adds(b, "null,\"ar\":null,\"sar\":null,\"var_ar\":null,\"ar_p\":null,\"er\":null,\"windows\":null}");
        return;
    }
    const nx_fit *m = &f->fit;
    nx_buf_adds(b, "{\"name\":");
    jstr(b, nx_model_names[m->kind]);
    nx_buf_adds(b, ",\"alpha\":");
    nx_buf_num(b, m->alpha);
    if (m->kind == NX_MODEL_MARKET) {
        nx_buf_adds(b, ",\"beta\":");
        nx_buf_num(b, m->b[0]);
    } else if (m->kind == NX_MODEL_FACTORS) {
        nx_buf_adds(b, ",\"betas\":{");
        for (int j = 0; j < m->k; j++) {
            if (j)
                nx_buf_addc(b, ',');
            jkey(b, s->factor_names[j]);
            nx_buf_num(b, m->b[j]);
        }
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, ",\"s2\":");
    nx_buf_num(b, m->s2);
    nx_buf_printf(b, ",\"df\":%d,\"l1\":%zu,\"r2\":", m->df, m->l1);
    nx_buf_num(b, m->r2);
    nx_buf_adds(b, "},\"ar\":");
    if (f->status != NX_FE_OK) {
        /* overlap_dropped: the model was estimated, the firm-event is not studied */
        nx_buf_adds(b, "null,\"sar\":null,\"var_ar\":null,\"ar_p\":null,\"er\":null,\"windows\":null}");
        return;
    }
    jnums(b, f->ar, s->nd);
    nx_buf_adds(b, ",\"sar\":");
    jnums(b, f->sar, s->nd);
    nx_buf_adds(b, ",\"var_ar\":");
    jnums(b, f->var_ar, s->nd);
    nx_buf_adds(b, ",\"ar_p\":");
    jnums(b, f->t_p, s->nd);
    nx_buf_adds(b, ",\"er\":");
    jnums(b, f->er, s->nd);
    nx_buf_adds(b, ",\"windows\":[");
    for (size_t w = 0; w < s->o.nwin; w++) {
        nx_buf_printf(b, "%s{\"window\":[%d,%d],\"car\":", w ? "," : "", s->o.win[w].a, s->o.win[w].b);
        nx_buf_num(b, f->car[w]);
        nx_buf_adds(b, ",\"var_car\":");
        nx_buf_num(b, f->var_car[w]);
        nx_buf_adds(b, ",\"scar\":");
        nx_buf_num(b, f->scar[w]);
        nx_buf_adds(b, ",\"p\":");
        nx_buf_num(b, f->car_p[w]);
        nx_buf_adds(b, ",\"bhar\":");
        nx_buf_num(b, f->bhar[w]);
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, "]}");
}

/* "caar_path": the CAAR over event time with its 95% band, for all and per group (plot.h); lo and hi
 * are null when N < 2. */
static void jcaar_path(nx_buf *b, const nx_study *s)
{
    nx_paths ps;
    if (nx_caar_paths(s, &ps, NULL)) {
        b->oom = 1;
        return;
    }
    nx_buf_adds(b, "\"caar_path\":[");
    for (size_t k = 0; k < ps.n; k++) {
        const nx_path *p = &ps.v[k];
        nx_buf_adds(b, k ? ",\n{\"group\":" : "\n{\"group\":");
        jstr(b, p->group);
        nx_buf_adds(b, ",\"points\":[");
        for (size_t j = 0; j < p->np; j++) {
            const nx_path_pt *q = &p->pt[j];
            nx_buf_printf(b, "%s{\"day\":%d,\"caar\":", j ? "," : "", q->day);
            nx_buf_num(b, q->caar);
            nx_buf_adds(b, ",\"lo\":");
            nx_buf_num(b, q->lo);
            nx_buf_adds(b, ",\"hi\":");
            nx_buf_num(b, q->hi);
            nx_buf_printf(b, ",\"n\":%zu}", q->n);
        }
        nx_buf_adds(b, "]}");
    }
    nx_buf_addc(b, ']');
    nx_paths_free(&ps);
}

/* "reported_vs_realized": see report.h and realized.h */
static void jrvr(nx_buf *b, const nx_study *s)
{
    const nx_rvr *v = s->rvr;
    nx_buf_adds(b, "{\"tolerance_pct\":");
    nx_buf_num(b, v->tolerance);
    nx_buf_printf(b, ",\"n\":%zu,\"n_realized\":%zu,\"n_percent\":%zu,\"n_direction\":%zu,\"correlation\":", v->n,
                  v->n_realized, v->n_percent, v->n_direction);
    nx_buf_num(b, v->correlation);
    nx_buf_adds(b, ",\"mean_abs_diff\":");
    nx_buf_num(b, v->mean_abs_diff);
    nx_buf_adds(b, ",\"direction_agreement\":");
    nx_buf_num(b, v->direction_agreement);
    nx_buf_printf(b, ",\"mismatches\":%zu,\"rows\":[", v->mismatches);
    for (size_t i = 0; i < v->n; i++) {
        const nx_rvr_row *w = &v->rows[i];
        const nx_fe *f = &s->fe[w->fe];
        nx_buf_adds(b, i ? ",\n{\"event_id\":" : "\n{\"event_id\":");
        jstr(b, f->ev.event_id);
        nx_buf_adds(b, ",\"ticker\":");
        jstr(b, f->ev.ticker);
        nx_buf_adds(b, ",\"name\":");
        jstr(b, f->ev.name);
        nx_buf_adds(b, ",\"status\":");
        jstr(b, nx_fe_status_names[f->status]);
        nx_buf_adds(b, ",\"day0\":");
        jdate(b, s->cal.d[f->t0.index]);
        nx_buf_adds(b, ",\"reported\":{\"value\":");
        nx_buf_num(b, f->ev.change);
        nx_buf_adds(b, ",\"unit\":");
        jstr(b, f->ev.change_unit);
        nx_buf_adds(b, ",\"text\":");
        jstr(b, f->ev.change_text);
        nx_buf_printf(b, "},\"day\":%d,\"realized_pct\":", w->day);
        nx_buf_num(b, w->realized);
        const double r3[3] = {w->r_m1, w->r_0, w->r_p1};
        static const char *const k3[3] = {",\"r_m1\":", ",\"r_0\":", ",\"r_p1\":"};
        for (int k = 0; k < 3; k++) {
            nx_buf_adds(b, k3[k]);
            nx_buf_num(b, r3[k]);
        }
        nx_buf_adds(b, ",\"diff\":");
        nx_buf_num(b, w->diff);
        nx_buf_printf(b, ",\"mismatch\":%s,\"reason\":", w->mismatch ? "true" : "false");
        jstr(b, w->reason[0] ? w->reason : NULL);
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, "]}");
}

/* "regression": see report.h */
static void jregression(nx_buf *b, const nx_study *s)
{
    const nx_xsect *x = s->xsect;
    const nx_reg *r = x->reg && x->reg->ok ? x->reg : NULL;
    nx_window win = s->o.win[x->window];
    nx_buf_printf(b, "{\"window\":\"%d,%d\",\"y\":\"car\",\"weights\":\"%s\",\"n\":%zu,\"k\":", win.a, win.b,
                  x->wls ? "wls" : "ols", x->reg ? x->reg->n : x->n);
    if (r)
        nx_buf_printf(b, "%zu,\"clusters\":%zu", r->k, r->g);
    else
        nx_buf_adds(b, "null,\"clusters\":null");
    nx_buf_adds(b, ",\"dropped\":{");
    for (int q = 0, first = 1; q < NX_NXR; q++)
        if (nx_xdrop_names[q]) {
            nx_buf_printf(b, "%s\"%s\":%zu", first ? "" : ",", nx_xdrop_names[q], x->dropped[q]);
            first = 0;
        }
    nx_buf_adds(b, "},\"r2\":");
    nx_buf_num(b, r ? r->r2 : NAN);
    nx_buf_adds(b, ",\"adj_r2\":");
    nx_buf_num(b, r ? r->adj_r2 : NAN);
    nx_buf_adds(b, ",\"terms\":");
    if (r) {
        nx_buf_addc(b, '[');
        for (size_t j = 0, first = 1; j < r->k_in; j++) {
            if (!r->kept[j])
                continue;
            nx_buf_adds(b, first ? "\n{\"term\":" : ",\n{\"term\":");
            first = 0;
            jstr(b, x->terms[j]);
            nx_buf_adds(b, ",\"coef\":");
            nx_buf_num(b, r->coef[j]);
            static const char *const part[3] = {"se", "t", "p"};
            for (int m = 0; m < 3; m++) {
                nx_buf_printf(b, ",\"%s\":{", part[m]);
                for (int q = 0; q < NX_NSE; q++) {
                    const double *v = m == 0 ? r->se[q] : m == 1 ? r->t[q] : r->p[q];
                    nx_buf_printf(b, "%s\"%s\":", q ? "," : "", nx_se_names[q]);
                    nx_buf_num(b, v[j]);
                }
                nx_buf_addc(b, '}');
            }
            nx_buf_addc(b, '}');
        }
        nx_buf_addc(b, ']');
    } else {
        nx_buf_adds(b, "null");
    }
    nx_buf_adds(b, ",\"notes\":[");
    for (size_t i = 0; i < x->nnotes; i++) {
        if (i)
            nx_buf_addc(b, ',');
        jstr(b, x->notes[i]);
    }
    nx_buf_adds(b, "],\"reason\":");
    jstr(b, r ? NULL : x->reason);
    nx_buf_addc(b, '}');
}

static int report_json(const nx_study *s, size_t max_rows, nx_buf *b);

int nx_report_json(const nx_study *s, nx_buf *b) { return report_json(s, 0, b); }

int nx_report_json_brief(const nx_study *s, size_t max_rows, nx_buf *b) { return report_json(s, max_rows, b); }

/* the whole document; max_rows > 0 keeps only the first max_rows ok and max_rows other firm-events */
static int report_json(const nx_study *s, size_t max_rows, nx_buf *b)
{
    const nx_study_opts *o = &s->o;
    nx_buf_adds(b, "{\"v\":1,\n\"settings\":{\"events\":");
    jstr(b, o->events);
    nx_buf_adds(b, ",\"prices\":");
    jstr(b, o->prices);
    nx_buf_adds(b, ",\"market\":");
    jstr(b, s->market_name);
    nx_buf_adds(b, ",\"model\":");
    jstr(b, nx_model_names[o->model]);
    nx_buf_adds(b, ",\"factors\":");
    if (o->model == NX_MODEL_FACTORS) {
        nx_buf_addc(b, '[');
        for (size_t j = 0; j < s->nfactors; j++) {
            if (j)
                nx_buf_addc(b, ',');
            jstr(b, s->factor_names[j]);
        }
        nx_buf_addc(b, ']');
    } else {
        nx_buf_adds(b, "null");
    }
    nx_buf_adds(b, ",\"returns\":");
    jstr(b, RET_NAMES[o->returns]);
    nx_buf_printf(b, ",\"log_returns\":%s,\"estimation\":[%d,%d],\"windows\":[", s->log_returns ? "true" : "false",
                  o->est.a, o->est.b);
    for (size_t w = 0; w < o->nwin; w++)
        nx_buf_printf(b, "%s[%d,%d]", w ? "," : "", o->win[w].a, o->win[w].b);
    nx_buf_adds(b, "],\"days\":[");
    for (size_t j = 0; j < s->nd; j++)
        nx_buf_printf(b, "%s%d", j ? "," : "", s->days[j]);
    nx_buf_printf(b, "],\"min_estimation\":%ld,\"close_time\":", o->min_est);
    jclock(b, o->close_secs);
    nx_buf_printf(b, ",\"overlap\":\"%s\",\"roles\":",
                  o->overlap_keep ? "keep" : o->overlap_shared ? "drop-shared" : "drop-later");
    if (o->roles) {
        nx_buf_addc(b, '[');
        for (size_t i = 0; i < o->nroles; i++) {
            if (i)
                nx_buf_addc(b, ',');
            jstr(b, o->roles[i]);
        }
        nx_buf_addc(b, ']');
    } else {
        nx_buf_adds(b, "null");
    }
    nx_buf_adds(b, ",\"group_by\":");
    jstr(b, o->group_by == 't' ? "type" : o->group_by == 'r' ? "role" : o->group_by == 'b' ? "type-role" : NULL);
    nx_buf_printf(b, ",\"bootstrap\":%ld,\"seed\":%lu,\"calendar\":{\"source\":", o->bootstrap, o->seed);
    jstr(b, s->cal_source);
    nx_buf_adds(b, ",\"first\":");
    jdate(b, s->cal.d[0]);
    nx_buf_adds(b, ",\"last\":");
    jdate(b, s->cal.d[s->cal.n - 1]);
    nx_buf_printf(b, ",\"days\":%zu}},\n\"summary\":{\"firm_events\":%zu,\"ok\":%zu,\"by_status\":", s->cal.n, s->nfe,
                  s->count[NX_FE_OK]);
    jcounts(b, s->count);
    nx_buf_adds(b, "},\n\"firm_events\":[");
    size_t nok = 0, nother = 0, written = 0;
    for (size_t i = 0; i < s->nfe; i++) {
        size_t *c = s->fe[i].status == NX_FE_OK ? &nok : &nother;
        if (max_rows && (*c)++ >= max_rows)
            continue;
        nx_buf_adds(b, written++ ? ",\n" : "\n");
        jfe(b, s, &s->fe[i]);
    }
    nx_buf_adds(b, "],\n");
    jtable(b, s, &s->all);
    nx_buf_adds(b, ",\n");
    jcaar_path(b, s);
    nx_buf_adds(b, ",\n\"groups\":{");
    for (size_t k = 0; k < s->ngroups; k++) {
        const nx_study_group *g = &s->groups[k];
        nx_buf_adds(b, k ? ",\n" : "\n");
        jkey(b, g->name);
        nx_buf_printf(b, "{\"firm_events\":%zu,\"ok\":%zu,\"by_status\":", g->nfe, g->count[NX_FE_OK]);
        jcounts(b, g->count);
        nx_buf_adds(b, ",\n");
        jtable(b, s, &g->table);
        nx_buf_addc(b, '}');
    }
    nx_buf_addc(b, '}');
    if (s->xsect) {
        nx_buf_adds(b, ",\n\"regression\":");
        jregression(b, s);
    }
    if (s->rvr) {
        nx_buf_adds(b, ",\n\"reported_vs_realized\":");
        jrvr(b, s);
    }
    nx_buf_adds(b, "}\n");
    return b->oom ? -1 : 0;
}

/* ---- CSV ---- */

static void cstr(nx_buf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\n\r")) {
        nx_buf_adds(b, s);
        return;
    }
    nx_buf_addc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            nx_buf_addc(b, '"');
        nx_buf_addc(b, *p);
    }
    nx_buf_addc(b, '"');
}

static void cnum(nx_buf *b, double v) { nx_buf_num_cell(b, v); }

static void cday(nx_buf *b, int d)
{
    if (d < 0)
        nx_buf_printf(b, "m%d", -d);
    else if (d > 0)
        nx_buf_printf(b, "p%d", d);
    else
        nx_buf_addc(b, '0');
}

static void cwin(nx_buf *b, const char *prefix, nx_window w)
{
    nx_buf_adds(b, prefix);
    cday(b, w.a);
    nx_buf_addc(b, '_');
    cday(b, w.b);
}

int nx_report_firm_csv(const nx_study *s, nx_buf *b)
{
    const nx_study_opts *o = &s->o;
    nx_buf_adds(b, "event_id,ticker,role,name,type,doc_id,amount,currency,change,change_unit,event_date,"
                   "event_time,ny_date,ny_time,after_close,day0,shift_days,status,reason,overlaps,model,alpha");
    if (o->model == NX_MODEL_MARKET) {
        nx_buf_adds(b, ",beta");
    } else if (o->model == NX_MODEL_FACTORS) {
        for (size_t j = 0; j < s->nfactors; j++) {
            nx_buf_adds(b, ",beta_");
            cstr(b, s->factor_names[j]);
        }
    }
    nx_buf_adds(b, ",s2,df,l1,r2");
    static const char *const dayk[] = {"ar_", "sar_", "p_ar_"};
    for (int q = 0; q < 3; q++)
        for (size_t j = 0; j < s->nd; j++) {
            nx_buf_addc(b, ',');
            nx_buf_adds(b, dayk[q]);
            cday(b, s->days[j]);
        }
    static const char *const wink[] = {"car_", "var_car_", "scar_", "p_car_", "bhar_"};
    for (size_t w = 0; w < o->nwin; w++)
        for (int q = 0; q < 5; q++) {
            nx_buf_addc(b, ',');
            cwin(b, wink[q], o->win[w]);
        }
    nx_buf_addc(b, '\n');
    for (size_t i = 0; i < s->nfe; i++) {
        const nx_fe *f = &s->fe[i];
        const nx_fevent *e = &f->ev;
        char d[11];
        cstr(b, e->event_id);
        nx_buf_addc(b, ',');
        cstr(b, e->ticker);
        nx_buf_addc(b, ',');
        cstr(b, e->role);
        nx_buf_addc(b, ',');
        cstr(b, e->name);
        nx_buf_addc(b, ',');
        cstr(b, e->type);
        nx_buf_addc(b, ',');
        cstr(b, e->doc_id);
        nx_buf_addc(b, ',');
        cnum(b, e->amount);
        nx_buf_addc(b, ',');
        cstr(b, isnan(e->amount) ? NULL : e->currency);
        nx_buf_addc(b, ',');
        cnum(b, e->change);
        nx_buf_addc(b, ',');
        cstr(b, isnan(e->change) ? NULL : e->change_unit);
        nx_buf_addc(b, ',');
        nx_format_date(e->date, d);
        nx_buf_adds(b, d);
        nx_buf_addc(b, ',');
        cstr(b, e->has_time ? e->time_text : NULL);
        int have_t0 = f->status != NX_FE_NO_TICKER && f->status != NX_FE_UNKNOWN_TICKER;
        nx_buf_addc(b, ',');
        if (have_t0) {
            nx_format_date(f->t0.local_date, d);
            nx_buf_adds(b, d);
        }
        nx_buf_addc(b, ',');
        if (have_t0 && f->t0.local_secs >= 0)
            nx_buf_printf(b, "%02d:%02d:%02d", f->t0.local_secs / 3600, f->t0.local_secs / 60 % 60,
                          f->t0.local_secs % 60);
        nx_buf_adds(b, have_t0 && f->t0.after_close ? ",true," : ",false,");
        if (have_t0 && f->t0.index >= 0) {
            nx_format_date(s->cal.d[f->t0.index], d);
            nx_buf_printf(b, "%s,%d", d, f->t0.shift_days);
        } else {
            nx_buf_addc(b, ',');
        }
        nx_buf_addc(b, ',');
        nx_buf_adds(b, nx_fe_status_names[f->status]);
        nx_buf_addc(b, ',');
        cstr(b, f->status == NX_FE_OK ? NULL : f->reason);
        nx_buf_addc(b, ',');
        cstr(b, f->overlap_with);
        int fitted = f->status == NX_FE_OK || f->status == NX_FE_OVERLAP;
        nx_buf_addc(b, ',');
        if (fitted)
            nx_buf_adds(b, nx_model_names[f->fit.kind]);
        int nb = o->model == NX_MODEL_MARKET ? 1 : o->model == NX_MODEL_FACTORS ? (int)s->nfactors : 0;
        double vals[4 + NX_MAXK];
        int nv = 0;
        vals[nv++] = f->fit.alpha;
        for (int j = 0; j < nb; j++)
            vals[nv++] = f->fit.b[j];
        vals[nv++] = f->fit.s2;
        vals[nv++] = f->fit.df;
        vals[nv++] = (double)f->fit.l1;
        vals[nv++] = f->fit.r2;
        for (int j = 0; j < nv; j++) {
            nx_buf_addc(b, ',');
            if (fitted)
                cnum(b, vals[j]);
        }
        const double *arr[3] = {f->ar, f->sar, f->t_p};
        for (int q = 0; q < 3; q++)
            for (size_t j = 0; j < s->nd; j++) {
                nx_buf_addc(b, ',');
                if (f->status == NX_FE_OK)
                    cnum(b, arr[q][j]);
            }
        for (size_t w = 0; w < o->nwin; w++) {
            const double wv[5] = {f->car[w], f->var_car[w], f->scar[w], f->car_p[w], f->bhar[w]};
            for (int q = 0; q < 5; q++) {
                nx_buf_addc(b, ',');
                if (f->status == NX_FE_OK)
                    cnum(b, wv[q]);
            }
        }
        nx_buf_addc(b, '\n');
    }
    return b->oom ? -1 : 0;
}

static void stat_header(nx_buf *b, int window)
{
    for (int k = 0; k < NX_NSTAT; k++)
        nx_buf_printf(b, ",%s,%s_p", nx_stat_names[k], nx_stat_names[k]);
    if (window)
        nx_buf_adds(b, ",csect_t_bhar,csect_t_bhar_p,skew_t_bhar,skew_t_bhar_p");
    nx_buf_adds(b, ",bootstrap_lo,bootstrap_hi,kp_r\n");
}

static void stat_cells(nx_buf *b, const nx_row *r, const nx_table *t, int window)
{
    for (int k = 0; k < NX_NSTAT; k++) {
        nx_buf_addc(b, ',');
        cnum(b, r->st[k].value);
        nx_buf_addc(b, ',');
        cnum(b, r->st[k].p);
    }
    if (window) {
        const nx_stat *x[2] = {&r->csect_bhar, &r->skew_bhar};
        for (int k = 0; k < 2; k++) {
            nx_buf_addc(b, ',');
            cnum(b, x[k]->value);
            nx_buf_addc(b, ',');
            cnum(b, x[k]->p);
        }
    }
    const nx_stat *bs = &r->st[NX_ST_BOOT];
    nx_buf_addc(b, ',');
    if (bs->nx >= 2)
        cnum(b, bs->x[0]);
    nx_buf_addc(b, ',');
    if (bs->nx >= 2)
        cnum(b, bs->x[1]);
    nx_buf_addc(b, ',');
    cnum(b, t->kp_r);
    nx_buf_addc(b, '\n');
}

int nx_report_aar_csv(const nx_study *s, const nx_table *t, const char *group, int header, nx_buf *b)
{
    if (header) {
        nx_buf_adds(b, group ? "group,day,aar,n" : "day,aar,n");
        stat_header(b, 0);
    }
    for (size_t j = 0; j < t->nd; j++) {
        if (group) {
            cstr(b, group);
            nx_buf_addc(b, ',');
        }
        nx_buf_printf(b, "%d,", s->days[j]);
        cnum(b, t->aar[j].mean);
        nx_buf_printf(b, ",%zu", t->aar[j].n);
        stat_cells(b, &t->aar[j], t, 0);
    }
    return b->oom ? -1 : 0;
}

int nx_report_caar_csv(const nx_study *s, const nx_table *t, const char *group, int header, nx_buf *b)
{
    if (header) {
        nx_buf_adds(b, group ? "group,window_start,window_end,caar,abhar,n" : "window_start,window_end,caar,abhar,n");
        stat_header(b, 1);
    }
    for (size_t w = 0; w < t->nw; w++) {
        if (group) {
            cstr(b, group);
            nx_buf_addc(b, ',');
        }
        nx_buf_printf(b, "%d,%d,", s->o.win[w].a, s->o.win[w].b);
        cnum(b, t->caar[w].mean);
        nx_buf_addc(b, ',');
        cnum(b, t->caar[w].abhar);
        nx_buf_printf(b, ",%zu", t->caar[w].n);
        stat_cells(b, &t->caar[w], t, 1);
    }
    return b->oom ? -1 : 0;
}

int nx_report_rvr_csv(const nx_study *s, nx_buf *b)
{
    nx_buf_adds(b, "event_id,ticker,name,status,day0,reported,reported_unit,reported_text,day,realized_pct,r_m1,r_0,r_p1,"
                   "diff,mismatch,reason\n");
    const nx_rvr *v = s->rvr;
    for (size_t i = 0; v && i < v->n; i++) {
        const nx_rvr_row *w = &v->rows[i];
        const nx_fe *f = &s->fe[w->fe];
        char d0[11];
        nx_format_date(s->cal.d[f->t0.index], d0);
        const char *txt[4] = {f->ev.event_id, f->ev.ticker, f->ev.name, nx_fe_status_names[f->status]};
        for (int k = 0; k < 4; k++) {
            cstr(b, txt[k]);
            nx_buf_addc(b, ',');
        }
        nx_buf_printf(b, "%s,", d0);
        cnum(b, f->ev.change);
        nx_buf_addc(b, ',');
        cstr(b, f->ev.change_unit);
        nx_buf_addc(b, ',');
        cstr(b, f->ev.change_text);
        nx_buf_printf(b, ",%d", w->day);
        const double r[5] = {w->realized, w->r_m1, w->r_0, w->r_p1, w->diff};
        for (int k = 0; k < 5; k++) {
            nx_buf_addc(b, ',');
            cnum(b, r[k]);
        }
        nx_buf_adds(b, w->mismatch ? ",true," : ",false,");
        cstr(b, w->reason[0] ? w->reason : NULL);
        nx_buf_addc(b, '\n');
    }
    return b->oom ? -1 : 0;
}

int nx_report_regression_csv(const nx_study *s, nx_buf *b)
{
    nx_buf_adds(b, "term,coef");
    for (int q = 0; q < NX_NSE; q++)
        nx_buf_printf(b, ",se_%s,t_%s,p_%s", nx_se_names[q], nx_se_names[q], nx_se_names[q]);
    nx_buf_adds(b, ",n,k,r2,adj_r2,weights\n");
    const nx_xsect *x = s->xsect;
    const nx_reg *r = x && x->reg && x->reg->ok ? x->reg : NULL;
    for (size_t j = 0; r && j < r->k_in; j++) {
        if (!r->kept[j])
            continue;
        cstr(b, x->terms[j]);
        nx_buf_addc(b, ',');
        cnum(b, r->coef[j]);
        for (int q = 0; q < NX_NSE; q++) {
            const double v[3] = {r->se[q][j], r->t[q][j], r->p[q][j]};
            for (int m = 0; m < 3; m++) {
                nx_buf_addc(b, ',');
                cnum(b, v[m]);
            }
        }
        nx_buf_printf(b, ",%zu,%zu,", r->n, r->k);
        cnum(b, r->r2);
        nx_buf_addc(b, ',');
        cnum(b, r->adj_r2);
        nx_buf_adds(b, x->wls ? ",wls\n" : ",ols\n");
    }
    return b->oom ? -1 : 0;
}
