/* study.c: the event study driver (see study.h). */
#include "study.h"

#include "realized.h"
#include "xsect.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tickermap.h"

const char *const nx_fe_status_names[NX_FE_NSTATUS] = {
    "ok", "no_ticker", "unknown_ticker", "no_prices_at_event", "estimation_short", "event_window_missing",
    "estimation_constant", "overlap_dropped"};

void nx_study_opts_init(nx_study_opts *o)
{
    memset(o, 0, sizeof *o);
    o->model = NX_MODEL_MARKET;
    o->est.a = -250;
    o->est.b = -11;
    o->win[0].a = -1;
    o->win[0].b = 1;
    o->nwin = 1;
    o->min_est = 100;
    o->close_secs = 16 * 3600;
    o->bootstrap = 2000;
    o->seed = 1;
    o->threads = 1;
    o->regressors[0] = NX_XR_LOG_AMOUNT;
    o->regressors[1] = NX_XR_TYPE;
    o->regressors[2] = NX_XR_ROLE;
    o->nregressors = 3;
    o->mismatch_tol = 2.0;
}

static void status(nx_fe *f, int st, const char *fmt, ...) NX_PRINTF(3, 4);
static void status(nx_fe *f, int st, const char *fmt, ...)
{
    f->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->reason, sizeof f->reason, fmt, ap);
    va_end(ap);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *reldays(int t, char buf[16])
{
    snprintf(buf, 16, t > 0 ? "+%d" : "%d", t);
    return buf;
}

/* ---- options ---- */

static int check_opts(const nx_study_opts *o, nx_error *err)
{
    if (!o->events || !o->prices)
        return nx_error_set(err, NX_EUSAGE, "--events and --prices are needed");
    if (o->nwin < 1 || o->nwin > NX_MAXWIN)
        return nx_error_set(err, NX_EUSAGE, "between 1 and %d event windows are needed", NX_MAXWIN);
    if (o->est.a > o->est.b)
        return nx_error_set(err, NX_EUSAGE, "the estimation window [%d,%d] is empty", o->est.a, o->est.b);
    int lo = o->nwin ? o->win[0].a : 0, hi = o->nwin ? o->win[0].b : 0;
    for (size_t w = 1; w < o->nwin && w < NX_MAXWIN; w++) {
        lo = o->win[w].a < lo ? o->win[w].a : lo;
        hi = o->win[w].b > hi ? o->win[w].b : hi;
    }
    if ((long)o->est.b - o->est.a + 1 + (long)hi - lo + 1 > NX_MAXDAYS)
        return nx_error_set(err, NX_EUSAGE, "the estimation and event windows span more than %d days", NX_MAXDAYS);
    for (size_t w = 0; w < o->nwin; w++) {
        if (o->win[w].a > o->win[w].b)
            return nx_error_set(err, NX_EUSAGE, "the event window (%d,%d) is empty", o->win[w].a, o->win[w].b);
        if (o->win[w].a <= o->est.b)
            return nx_error_set(err, NX_EUSAGE,
                                "the event window (%d,%d) overlaps the estimation window [%d,%d]; windows must "
                                "not overlap",
                                o->win[w].a, o->win[w].b, o->est.a, o->est.b);
        for (size_t v = 0; v < w; v++)
            if (o->win[v].a == o->win[w].a && o->win[v].b == o->win[w].b)
                return nx_error_set(err, NX_EUSAGE, "the event window (%d,%d) is given twice", o->win[w].a,
                                    o->win[w].b);
    }
    if ((o->model == NX_MODEL_MARKET || o->model == NX_MODEL_MARKET_ADJ) && !o->market)
        return nx_error_set(err, NX_EUSAGE, "the %s model needs --market", nx_model_names[o->model]);
    if (o->model == NX_MODEL_FACTORS && !o->factors)
        return nx_error_set(err, NX_EUSAGE, "the factors model needs --factors FILE");
    if (o->log_returns && o->returns != NX_RET_PRICES)
        return nx_error_set(err, NX_EUSAGE, "--log-returns applies to prices, not to a file of returns");
    if (o->min_est < 1)
        return nx_error_set(err, NX_EUSAGE, "--min-estimation must be at least 1");
    if ((long)o->min_est > (long)o->est.b - (long)o->est.a + 1)
        return nx_error_set(err, NX_EUSAGE,
                            "--min-estimation %ld is more than the %ld days of the estimation window %d,%d: "
                            "every firm-event would be estimation_short", (long)o->min_est,
                            (long)o->est.b - (long)o->est.a + 1, o->est.a, o->est.b);
    if (o->regress) {
        if (o->nregressors > NX_NXR)
            return nx_error_set(err, NX_EUSAGE, "at most %d regressors", NX_NXR);
        for (size_t i = 0; i < o->nregressors; i++) {
            if (o->regressors[i] < 0 || o->regressors[i] >= NX_NXR)
                return nx_error_set(err, NX_EUSAGE, "unknown regressor %d", o->regressors[i]);
            for (size_t j = 0; j < i; j++)
                if (o->regressors[j] == o->regressors[i])
                    return nx_error_set(err, NX_EUSAGE, "regressor '%s' given twice",
                                        nx_xregressor_names[o->regressors[i]]);
        }
        size_t w = 0;
        while (o->regress_window_set && w < o->nwin &&
               (o->win[w].a != o->regress_window.a || o->win[w].b != o->regress_window.b))
            w++;
        if (w == o->nwin) {
            char list[NX_MAXWIN * 24] = "";
            size_t len = 0;
            for (size_t v = 0; v < o->nwin && len < sizeof list; v++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%d,%d", v ? "; " : "", o->win[v].a,
                                        o->win[v].b);
            return nx_error_set(err, NX_EUSAGE, "--regress-window %d,%d is not one of the event windows (%s)",
                                o->regress_window.a, o->regress_window.b, list);
        }
    }
    return 0;
}

/* ---- loading ---- */

static int load(nx_study *s, nx_diags *d, nx_error *err)
{
    const nx_study_opts *o = &s->o;
    nx_events_opts eo = {o->roles, o->nroles};
    if (nx_events_read(o->events, &eo, &s->events, d, err))
        return -1;
    if (o->nticker_maps) {
        nx_tickermap tm;
        memset(&tm, 0, sizeof tm);
        int r = 0;
        for (size_t i = 0; i < o->nticker_maps && !r; i++)
            r = nx_tickermap_read(o->ticker_maps[i], &tm, d, err);
        if (!r)
            r = nx_tickermap_apply(&tm, &s->events, err);
        nx_tickermap_free(&tm);
        if (r)
            return -1;
    }
    /* only the series the events name (and the market) are kept */
    nx_names want;
    memset(&want, 0, sizeof want);
    int market_file = o->market && is_file(o->market);
    if (o->market_column && !market_file)
        return nx_error_set(err, NX_EUSAGE, "--market-column needs --market FILE ('%s' is not a file)",
                            o->market ? o->market : "");
    for (size_t i = 0; i < s->events.n; i++)
        if (s->events.v[i].ticker && nx_names_add(&want, s->events.v[i].ticker, strlen(s->events.v[i].ticker)) < 0)
            goto oom;
    if (o->market && !market_file && nx_names_add(&want, o->market, strlen(o->market)) < 0)
        goto oom;
    nx_price_opts po;
    memset(&po, 0, sizeof po);
    po.cols = o->cols;
    po.kind = o->returns;
    po.want = &want;
    int r = nx_rawset_read(o->prices, &po, &s->prices, d, err);
    nx_names_free(&want);
    if (r)
        return -1;
    int mi = -1;
    if (market_file) {
        nx_price_opts mo;
        memset(&mo, 0, sizeof mo);
        mo.kind = o->returns;
        mo.column = o->market_column;
        mo.series_name = o->market_column ? o->market_column : nx_basename(o->market);
        if (nx_rawset_read(o->market, &mo, &s->market_raw, d, err))
            return -1;
        if (s->market_raw.names.n != 1)
            return nx_error_set(err, NX_EUSAGE, "market file '%s' holds %zu series; name one with --market-column",
                                o->market, s->market_raw.names.n);
        s->market_name = nx_strdup(s->market_raw.names.s[0]);
    } else if (o->market) {
        mi = nx_names_find(&s->prices.names, o->market, strlen(o->market));
        if (mi < 0)
            return nx_error_set(err, NX_EUSAGE, "market '%s' is neither a file nor a ticker of '%s'", o->market,
                                o->prices);
        s->market_name = nx_strdup(o->market);
    }
    if (o->market && !s->market_name)
        return nx_error_nomem(err);
    if (o->model == NX_MODEL_FACTORS) {
        nx_price_opts fo;
        memset(&fo, 0, sizeof fo);
        fo.kind = o->factors_percent ? NX_RET_PERCENT : NX_RET_SIMPLE;
        if (nx_rawset_read(o->factors, &fo, &s->factors_raw, d, err))
            return -1;
        if (s->factors_raw.format == 'l')
            return nx_error_set(err, NX_EDATA, "%s: the factors file must be wide (date,Mkt-RF,SMB,HML[,RF])",
                                o->factors);
    }
    /* the calendar */
    const nx_raw *mraw = market_file ? &s->market_raw.s[0] : mi >= 0 ? &s->prices.s[mi] : NULL;
    if (o->calendar) {
        if (nx_cal_read(o->calendar, &s->cal, d, err))
            return -1;
        snprintf(s->cal_source, sizeof s->cal_source, "calendar '%s'", o->calendar);
    } else if (mraw) {
        size_t holes = 0;
        int prices = o->returns == NX_RET_PRICES;
        if (nx_calendar_from_raw(mraw, prices, &s->cal, &holes, err))
            return -1;
        snprintf(s->cal_source, sizeof s->cal_source, "dates of the market '%s'", s->market_name);
        if (holes && prices)
            nx_diags_add(d, 0, "%s: %zu date%s of the market '%s' %s no value: the returns on %s and on "
                               "the next trading day are missing (--calendar FILE gives the trading days)",
                         market_file ? o->market : o->prices, holes, holes == 1 ? "" : "s", s->market_name,
                         holes == 1 ? "has" : "have", holes == 1 ? "it" : "them");
    } else if (o->model == NX_MODEL_FACTORS) {
        if (nx_calendar_union(&s->factors_raw, &s->cal, err))
            return -1;
        snprintf(s->cal_source, sizeof s->cal_source, "dates of the factors '%s'", o->factors);
    } else {
        if (nx_calendar_union(&s->prices, &s->cal, err))
            return -1;
        snprintf(s->cal_source, sizeof s->cal_source, "dates of the prices '%s'", o->prices);
    }
    if (!s->cal.n)
        return nx_error_set(err, NX_EDATA, "no trading days: the %s hold no values", s->cal_source);
    /* return series on the calendar */
    s->log_returns = o->returns == NX_RET_LOG || (o->returns == NX_RET_PRICES && o->log_returns);
    size_t np = s->prices.names.n, off = 0;
    s->series = nx_calloc(np ? np : 1, sizeof *s->series);
    if (!s->series)
        goto oom;
    for (size_t i = 0; i < np; i++) {
        if (nx_series_build(&s->prices.s[i], &s->cal, o->returns, o->log_returns, &s->series[i], err) ||
            nx_series_plausible(&s->series[i], s->cal.n, o->returns, s->prices.names.s[i], o->prices, err))
            return -1;
        off += s->series[i].off_calendar;
        if (s->prices.s[i].nneg)
            nx_diags_add(d, 0, "%s: %zu negative prices of '%s' taken as bid/ask midpoints (absolute value)",
                         o->prices, s->prices.s[i].nneg, s->prices.names.s[i]);
    }
    if (off)
        nx_diags_add(d, 0, "%s: %zu values on dates that are not trading days (%s) were ignored", o->prices, off,
                     s->cal_source);
    if (mraw && (nx_series_build(mraw, &s->cal, o->returns, o->log_returns, &s->market, err) ||
                 nx_series_plausible(&s->market, s->cal.n, o->returns, s->market_name,
                                     market_file ? o->market : o->prices, err)))
        return -1;
    if (o->model == NX_MODEL_FACTORS) {
        size_t nf = s->factors_raw.names.n;
        s->fac = nx_calloc(nf ? nf : 1, sizeof *s->fac);
        s->factor_names = nx_calloc(nf ? nf : 1, sizeof *s->factor_names);
        if (!s->fac || !s->factor_names)
            goto oom;
        int have_rf = 0;
        for (size_t i = 0; i < nf; i++) {
            const char *nm = s->factors_raw.names.s[i];
            nx_series *dst = nx_strcaseeq(nm, "rf") ? &s->rf : &s->fac[s->nfactors];
            if (dst == &s->rf)
                have_rf = 1;
            else
                s->factor_names[s->nfactors++] = (char *)nm;
            if (nx_series_build(&s->factors_raw.s[i], &s->cal, o->factors_percent ? NX_RET_PERCENT : NX_RET_SIMPLE,
                                0, dst, err))
                return -1;
        }
        if (s->nfactors < 1 || s->nfactors > NX_MAXK)
            return nx_error_set(err, NX_EDATA, "%s: 1 to %d factor columns are needed, found %zu", o->factors,
                                NX_MAXK, s->nfactors);
        if (!have_rf)
            nx_diags_add(d, 0, "%s: no RF column: the risk-free rate is taken as 0", o->factors);
    }
    return 0;
oom:
    nx_names_free(&want);
    return nx_error_nomem(err);
}

/* ---- one firm-event ---- */

typedef struct work {
    double *y, *f, *res, *fit, *pairs;  /* estimation days: returns, regressors, residuals; scratch */
    int *rel;                           /* relative day of each estimation return */
    double *fev, *yev, *rfev;           /* event days: regressors [nd * k], returns, risk-free rate */
} work;

/* The regressors of calendar day k into f (k values); the return into *y (factors: minus rf) and
 * the risk-free rate into *rf. Returns 0, or -1 when a value is missing. */
static int day_values(const nx_study *s, const nx_series *r, long k, double *y, double *f, double *rf)
{
    if (k < 0 || (size_t)k >= s->cal.n || isnan(r->r[k]))
        return -1;
    *rf = 0;
    switch (s->o.model) {
    case NX_MODEL_MARKET:
    case NX_MODEL_MARKET_ADJ:
        if (isnan(s->market.r[k]))
            return -1;
        f[0] = s->market.r[k];
        break;
    case NX_MODEL_MEAN: break;
    case NX_MODEL_FACTORS:
        for (size_t j = 0; j < s->nfactors; j++) {
            if (isnan(s->fac[j].r[k]))
                return -1;
            f[j] = s->fac[j].r[k];
        }
        if (s->rf.r) {
            if (isnan(s->rf.r[k]))
                return -1;
            *rf = s->rf.r[k];
        }
        break;
    }
    *y = r->r[k] - *rf;
    return 0;
}

static int fe_compute(nx_study *s, nx_fe *fe, work *w, nx_error *err)
{
    const nx_study_opts *o = &s->o;
    char da[11], db[11], rb[16];
    int K = s->o.model == NX_MODEL_FACTORS ? (int)s->nfactors : s->o.model == NX_MODEL_MEAN ? 0 : 1;
    size_t Ks = K ? (size_t)K : 1;
    if (!fe->ev.ticker) {
        status(fe, NX_FE_NO_TICKER, "%s%s%shas no ticker", fe->ev.name ? "'" : "", fe->ev.name ? fe->ev.name : "",
               fe->ev.name ? "' " : "the company ");
        return 0;
    }
    if (fe->ev.map_reason) {
        status(fe, NX_FE_UNKNOWN_TICKER, "%s", fe->ev.map_reason);
        return 0;
    }
    fe->series = nx_names_find(&s->prices.names, fe->ev.ticker, strlen(fe->ev.ticker));
    if (fe->series < 0 || s->series[fe->series].first < 0) {
        status(fe, NX_FE_UNKNOWN_TICKER, "no prices for '%s' in '%s'", fe->ev.ticker, o->prices);
        return 0;
    }
    const nx_series *r = &s->series[fe->series];
    nx_find_day0(&s->cal, fe->ev.date, fe->ev.has_time, fe->ev.utc, o->close_secs, &fe->t0);
    if (fe->t0.index < 0) {
        nx_format_date(fe->t0.local_date, da);
        if (fe->t0.before_first) {
            nx_format_date(s->cal.d[0], db);
            status(fe, NX_FE_NO_PRICES, "the event date %s is before the first trading day %s", da, db);
        } else {
            nx_format_date(s->cal.d[s->cal.n - 1], db);
            status(fe, NX_FE_NO_PRICES, "day 0 of the event date %s%s is after the last trading day %s", da,
                   fe->t0.after_close ? " (after the close)" : "", db);
        }
        return 0;
    }
    long d0 = fe->t0.index;
    if (d0 < r->first || d0 > r->last) {
        nx_format_date(s->cal.d[d0], da);
        nx_format_date(s->cal.d[d0 < r->first ? r->first : r->last], db);
        status(fe, NX_FE_NO_PRICES, "day 0 (%s) is %s the %s price of '%s' (%s)", da,
               d0 < r->first ? "before" : "after", d0 < r->first ? "first" : "last", fe->ev.ticker, db);
        return 0;
    }
    /* the estimation window */
    size_t n = 0;
    double rf;
    for (int e = o->est.a; e <= o->est.b; e++) {
        if (day_values(s, r, d0 + e, &w->y[n], &w->f[n * Ks], &rf))
            continue;
        w->rel[n++] = e - o->est.a;
    }
    if (n < (size_t)o->min_est) {
        status(fe, NX_FE_EST_SHORT, "%zu returns in the estimation window [%d,%d] (at least %ld needed)", n,
               o->est.a, o->est.b, o->min_est);
        return 0;
    }
    /* the event days */
    for (size_t j = 0; j < s->nd; j++) {
        long k = d0 + s->days[j];
        if (k >= (long)s->cal.n) {
            nx_format_date(s->cal.d[s->cal.n - 1], db);
            status(fe, NX_FE_WINDOW_MISSING, "the event window reaches day %s, after the last trading day %s",
                   reldays(s->days[j], rb), db);
            return 0;
        }
        if (day_values(s, r, k, &w->yev[j], &w->fev[j * Ks], &w->rfev[j])) {
            nx_format_date(s->cal.d[k], da);
            status(fe, NX_FE_WINDOW_MISSING, "no %s on day %s (%s)",
                   isnan(r->r[k]) ? "return" : o->model == NX_MODEL_FACTORS ? "factor value" : "market return",
                   reldays(s->days[j], rb), da);
            return 0;
        }
    }
    char why[160] = "";
    int st = nx_fit_model(o->model, K, w->y, w->f, n, w->fit, &fe->fit, w->res, why, sizeof why, err);
    if (st < 0)
        return -1;
    if (st == NX_FIT_SHORT) {
        status(fe, NX_FE_EST_SHORT, "%s", why);
        return 0;
    }
    if (st == NX_FIT_CONSTANT) {
        status(fe, NX_FE_EST_CONSTANT, "%s", why);
        return 0;
    }
    const nx_fit *fit = &fe->fit;
    double s2 = fit->s2, sd = sqrt(s2), df = fit->df;
    /* estimation residuals by relative day */
    size_t npos = 0;
    double em = 0, ev = 0;
    for (size_t u = 0; u < n; u++) {
        double e = w->res[u];
        fe->est[w->rel[u]] = e;
        npos += e > 0;
        em += e;
    }
    em /= (double)n;
    for (size_t u = 0; u < n; u++) {
        double e = fe->est[w->rel[u]] - em;
        ev += e * e;
    }
    fe->pf.l1 = n;
    fe->pf.s = sd;
    fe->pf.df = df;
    fe->pf.est_mean = em;
    fe->pf.est_sd = sqrt(ev / (double)n);
    fe->pf.ppos = (double)npos / (double)n;
    /* event days: AR, its variance with the prediction error, SAR, the AR's t-test */
    for (size_t j = 0; j < s->nd; j++) {
        double ex = nx_fit_expected(fit, &w->fev[j * Ks]);
        fe->ar[j] = w->yev[j] - ex;
        fe->er[j] = ex + w->rfev[j]; /* the expected (raw) return */
        fe->var_ar[j] = s2 * (1 + nx_fit_var_factor(fit, &w->fev[j * Ks]));
        fe->sar[j] = fe->ar[j] / sqrt(fe->var_ar[j]);
        fe->t_p[j] = nx_p_t(fe->sar[j], df);
    }
    /* windows: CAR with the full-form variance, SCAR, BHAR */
    for (size_t v = 0; v < o->nwin; v++) {
        double car = 0, dsum[NX_MAXK] = {0}, br = 1, be = 1, sr = 0, se = 0;
        int l2 = 0;
        for (size_t j = 0; j < s->nd; j++) {
            if (s->days[j] < o->win[v].a || s->days[j] > o->win[v].b)
                continue;
            car += fe->ar[j];
            l2++;
            for (int q = 0; q < K; q++)
                dsum[q] += w->fev[j * Ks + (size_t)q] - fit->fbar[q];
            double rr = r->r[d0 + s->days[j]];
            br *= 1 + rr;
            be *= 1 + fe->er[j];
            sr += rr;
            se += fe->er[j];
        }
        fe->car[v] = car;
        fe->var_car[v] = s2 * (l2 + nx_fit_car_factor(fit, dsum, l2));
        fe->scar[v] = car / sqrt(fe->var_car[v]);
        fe->car_p[v] = nx_p_t(fe->scar[v], df);
        fe->bhar[v] = s->log_returns ? exp(sr) - exp(se) : br - be;
    }
    fe->status = NX_FE_OK;
    fe->reason[0] = 0;
    return 0;
}

/* Corrado-Zivney ranks (estimation and event ARs together) and the estimation-only ranks (GRANK). */
static void fe_ranks(const nx_study *s, nx_fe *fe, double *pairs)
{
    size_t m = 0, le = s->le, nd = s->nd;
    for (size_t t = 0; t < le; t++) {
        fe->krank_est[t] = fe->grank[t] = 0;
        if (!isnan(fe->est[t])) {
            pairs[2 * m] = fe->est[t];
            pairs[2 * m + 1] = (double)t;
            m++;
        }
    }
    for (size_t j = 0; j < nd; j++) {
        pairs[2 * m] = fe->ar[j];
        pairs[2 * m + 1] = (double)(le + j);
        m++;
    }
    nx_sort_pairs(pairs, m, pairs + 2 * (s->le + s->nd));
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && pairs[2 * j] == pairs[2 * i])
            j++;
        uint16_t rk = (uint16_t)(i + 1 + j); /* twice the mean of the positions i+1..j */
        for (size_t q = i; q < j; q++) {
            size_t id = (size_t)pairs[2 * q + 1];
            if (id < le)
                fe->krank_est[id] = rk;
            else
                fe->krank_evt[id - le] = rk;
        }
        i = j;
    }
    /* estimation only: the estimation entries in sorted order, ties by equal keys */
    size_t pos = 0;
    for (size_t i = 0; i < m;) {
        if ((size_t)pairs[2 * i + 1] >= le) {
            i++;
            continue;
        }
        size_t j = i, cnt = 0;
        while (j < m && pairs[2 * j] == pairs[2 * i]) {
            cnt += (size_t)pairs[2 * j + 1] < le;
            j++;
        }
        uint16_t rk = (uint16_t)(2 * pos + cnt + 1); /* twice the mean of the positions pos+1..pos+cnt */
        for (size_t q = i; q < j; q++)
            if ((size_t)pairs[2 * q + 1] < le)
                fe->grank[(size_t)pairs[2 * q + 1]] = rk;
        pos += cnt;
        i = j;
    }
}

/* ---- the firm-events of one thread ---- */

/* Threads take chunks of firm-events from a shared counter (a slow or preempted thread does not
 * hold the others up); each firm-event is computed alone, so the results do not depend on who
 * computed what. */
#define FE_CHUNK 32

typedef struct fejob {
    nx_study *s;
    atomic_size_t *next;
    size_t perd;
    int rc;
    size_t bad; /* the firm-event whose computation failed */
    nx_error err;
} fejob;

static void work_free(work *w)
{
    nx_free(w->y);
    nx_free(w->f);
    nx_free(w->res);
    nx_free(w->fit);
    nx_free(w->rel);
    nx_free(w->fev);
    nx_free(w->yev);
    nx_free(w->rfev);
    nx_free(w->pairs);
    memset(w, 0, sizeof *w);
}

static int work_alloc(work *w, size_t le, size_t nd, size_t k)
{
    w->y = nx_malloc(le * sizeof *w->y);
    w->f = nx_malloc(le * k * sizeof *w->f);
    w->res = nx_malloc(le * sizeof *w->res);
    w->fit = nx_malloc(le * (k + 2) * sizeof *w->fit);
    w->rel = nx_malloc(le * sizeof *w->rel);
    w->fev = nx_malloc(nd * k * sizeof *w->fev);
    w->yev = nx_malloc(nd * sizeof *w->yev);
    w->rfev = nx_malloc(nd * sizeof *w->rfev);
    w->pairs = nx_malloc(4 * (le + nd) * sizeof *w->pairs); /* pairs and the sort's scratch */
    if (!w->y || !w->f || !w->res || !w->fit || !w->rel || !w->fev || !w->yev || !w->rfev || !w->pairs) {
        work_free(w);
        return -1;
    }
    return 0;
}

static void *fe_thread(void *arg)
{
    fejob *j = arg;
    nx_study *s = j->s;
    work w;
    memset(&w, 0, sizeof w);
    if (work_alloc(&w, s->le, s->nd, s->nfactors > 1 ? s->nfactors : 1)) {
        j->rc = nx_error_nomem(&j->err);
        return NULL;
    }
    for (;;) {
        size_t a = atomic_fetch_add(j->next, FE_CHUNK), b = a + FE_CHUNK < s->nfe ? a + FE_CHUNK : s->nfe;
        if (a >= s->nfe || j->rc)
            break;
        for (size_t i = a; i < b; i++) {
            nx_fe *f = &s->fe[i];
            if (fe_compute(s, f, &w, &j->err)) {
                j->rc = -1;
                j->bad = i;
                break;
            }
            if (f->status == NX_FE_OK)
                fe_ranks(s, f, w.pairs); /* an overlap may drop it later: then unused */
            else
                for (size_t q = 0; q < j->perd; q++)
                    s->dstore[i * j->perd + q] = NAN; /* nothing half-computed is reported */
        }
    }
    work_free(&w);
    return NULL;
}

/* ---- overlap ---- */

typedef struct okey {
    int series;
    long d0;
    size_t i;
} okey;

static int cmp_okey(const void *a, const void *b)
{
    const okey *x = a, *y = b;
    if (x->series != y->series)
        return x->series < y->series ? -1 : 1;
    if (x->d0 != y->d0)
        return x->d0 < y->d0 ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int overlap(nx_study *s, nx_error *err)
{
    okey *idx = nx_malloc((s->nfe ? s->nfe : 1) * sizeof *idx);
    size_t m = 0;
    if (!idx)
        return nx_error_nomem(err);
    for (size_t i = 0; i < s->nfe; i++)
        if (s->fe[i].status == NX_FE_OK) {
            idx[m].series = s->fe[i].series;
            idx[m].d0 = s->fe[i].t0.index;
            idx[m++].i = i;
        }
    qsort(idx, m, sizeof *idx, cmp_okey);
    int lo = s->o.win[0].a, hi = s->o.win[0].b;
    for (size_t w = 1; w < s->o.nwin; w++) {
        lo = s->o.win[w].a < lo ? s->o.win[w].a : lo;
        hi = s->o.win[w].b > hi ? s->o.win[w].b : hi;
    }
    /* Two firm-events of one firm overlap (spec/eventstudy.md: "second event inside the first's
     * windows") when the later one's day 0 lies inside the earlier one's event windows, lo <= d <= hi
     * for d = day0_2 - day0_1 (the same day always); with drop-shared, when their windows share a
     * trading day, d <= hi - lo. Sorted by day 0, the last kept one decides. */
    const nx_fe *kept = NULL;
    for (size_t q = 0; q < m; q++) {
        nx_fe *f = &s->fe[idx[q].i];
        long d = kept ? f->t0.index - kept->t0.index : 0;
        int hit = kept && kept->series == f->series &&
                  (s->o.overlap_shared ? d <= hi - lo : d == 0 || (d >= lo && d <= hi));
        if (hit) {
            f->overlap_with = kept->ev.event_id;
            f->overlap_index = (size_t)(kept - s->fe);
            if (!s->o.overlap_keep) {
                char da[11];
                nx_format_date(s->cal.d[kept->t0.index], da);
                if (s->o.overlap_shared)
                    status(f, NX_FE_OVERLAP, "its event window shares days with that of '%s' (day 0 %s) for '%s'",
                           kept->ev.event_id, da, f->ev.ticker);
                else
                    status(f, NX_FE_OVERLAP, "its day 0 lies inside the event window of '%s' (day 0 %s) for '%s'",
                           kept->ev.event_id, da, f->ev.ticker);
            }
            if (s->o.overlap_keep)
                kept = f;
            continue;
        }
        kept = f;
    }
    nx_free(idx);
    return 0;
}

/* ---- tables ---- */

/* the group of a firm-event: its type, its role, or both as "type/role"; "(none)" for a missing one */
static const char *group_of(const nx_study *s, const nx_fe *f, char *buf, size_t cap)
{
    const char *t = f->ev.type ? f->ev.type : "(none)", *r = f->ev.role ? f->ev.role : "(none)";
    if (s->o.group_by == 't')
        return t;
    if (s->o.group_by == 'r')
        return r;
    snprintf(buf, cap, "%s/%s", t, r);
    return buf;
}

const char *nx_study_group_of(const nx_study *s, const nx_fe *f, char *buf, size_t cap)
{
    return group_of(s, f, buf, cap);
}

static int table_for(nx_study *s, const char *group, nx_table *t, nx_error *err)
{
    const nx_panel_fe **pf = nx_malloc((s->nfe ? s->nfe : 1) * sizeof *pf);
    if (!pf)
        return nx_error_nomem(err);
    size_t n = 0;
    for (size_t i = 0; i < s->nfe; i++) {
        nx_fe *f = &s->fe[i];
        if (f->status != NX_FE_OK)
            continue;
        if (group) {
            char buf[256];
            if (strcmp(group_of(s, f, buf, sizeof buf), group) != 0)
                continue;
        }
        pf[n++] = &f->pf;
    }
    nx_panel p = {pf, n, s->le, s->nd, s->days, s->o.nwin, s->o.win};
    nx_table_opts to = {s->o.bootstrap, s->o.seed, s->o.threads};
    int r = nx_table_compute(&p, &to, t, err);
    nx_free(pf);
    return r;
}

static int make_groups(nx_study *s, nx_error *err)
{
    size_t cap = 0;
    for (size_t i = 0; i < s->nfe; i++) {
        nx_fe *f = &s->fe[i];
        char buf[256];
        const char *g = group_of(s, f, buf, sizeof buf);
        size_t k = 0;
        while (k < s->ngroups && strcmp(s->groups[k].name, g) != 0)
            k++;
        if (k == s->ngroups) {
            if (nx_grow((void **)&s->groups, &cap, s->ngroups + 1, sizeof *s->groups))
                return nx_error_nomem(err);
            memset(&s->groups[k], 0, sizeof s->groups[k]);
            s->groups[k].name = nx_strdup(g);
            if (!s->groups[k].name)
                return nx_error_nomem(err);
            s->ngroups++;
        }
        s->groups[k].nfe++;
        s->groups[k].count[f->status]++;
    }
    for (size_t k = 0; k < s->ngroups; k++)
        if (table_for(s, s->groups[k].name, &s->groups[k].table, err))
            return -1;
    return 0;
}

/* ---- the run ---- */

nx_study *nx_study_run(const nx_study_opts *o, nx_diags *d, nx_error *err)
{
    gsl_set_error_handler_off();
    if (check_opts(o, err))
        return NULL;
    nx_study *s = nx_calloc(1, sizeof *s);
    if (!s) {
        nx_error_nomem(err);
        return NULL;
    }
    s->o = *o;
    /* the event days: the union of the windows */
    int lo = o->win[0].a, hi = o->win[0].b;
    for (size_t v = 1; v < o->nwin; v++) {
        lo = o->win[v].a < lo ? o->win[v].a : lo;
        hi = o->win[v].b > hi ? o->win[v].b : hi;
    }
    s->days = nx_malloc((size_t)(hi - lo + 1) * sizeof *s->days);
    if (!s->days)
        goto oom;
    for (int t = lo; t <= hi; t++)
        for (size_t v = 0; v < o->nwin; v++)
            if (t >= o->win[v].a && t <= o->win[v].b) {
                s->days[s->nd++] = t;
                break;
            }
    s->le = (size_t)(o->est.b - o->est.a + 1);
    if (load(s, d, err))
        goto fail;
    /* firm-events and their storage */
    s->nfe = s->events.n;
    size_t nd = s->nd, nw = o->nwin, le = s->le, perd = 5 * nd + 5 * nw + le, perr = 2 * le + nd;
    size_t nfe1 = s->nfe ? s->nfe : 1;
    s->fe = nx_calloc(nfe1, sizeof *s->fe);
    s->dstore = nx_malloc(nfe1 * perd * sizeof *s->dstore);
    s->rstore = nx_calloc(nfe1 * perr, sizeof *s->rstore);
    if (!s->fe || !s->dstore || !s->rstore)
        goto oom;
    for (size_t i = 0; i < nfe1 * perd; i++)
        s->dstore[i] = NAN; /* a missing estimation day stays NAN */
    for (size_t i = 0; i < s->nfe; i++) {
        nx_fe *f = &s->fe[i];
        double *p = s->dstore + i * perd;
        uint16_t *q = s->rstore + i * perr;
        f->ev = s->events.v[i];
        f->series = -1;
        f->t0.index = -1;
        f->ar = p, p += nd;
        f->sar = p, p += nd;
        f->var_ar = p, p += nd;
        f->t_p = p, p += nd;
        f->er = p, p += nd;
        f->car = p, p += nw;
        f->scar = p, p += nw;
        f->var_car = p, p += nw;
        f->bhar = p, p += nw;
        f->car_p = p, p += nw;
        f->est = p;
        f->krank_est = q, q += le;
        f->grank = q, q += le;
        f->krank_evt = q;
    }
    /* the firm-events are independent: threads share them out in chunks */
    size_t T = o->threads > 1 ? (size_t)o->threads : 1;
    if (T > s->nfe / 256 + 1)
        T = s->nfe / 256 + 1;
    if (T > NX_MAXTHREADS)
        T = NX_MAXTHREADS;
    fejob jobs[NX_MAXTHREADS];
    pthread_t th[NX_MAXTHREADS];
    int started[NX_MAXTHREADS] = {0};
    atomic_size_t next;
    atomic_init(&next, 0);
    for (size_t t = 0; t < T; t++) {
        memset(&jobs[t], 0, sizeof jobs[t]);
        jobs[t].s = s;
        jobs[t].next = &next;
        jobs[t].perd = perd;
        if (t > 0 && pthread_create(&th[t], NULL, fe_thread, &jobs[t]) == 0)
            started[t] = 1;
    }
    fe_thread(&jobs[0]);
    for (size_t t = 1; t < T; t++)
        if (started[t])
            pthread_join(th[t], NULL);
    size_t bad = SIZE_MAX, bt = 0;
    for (size_t t = 0; t < T; t++)
        if (jobs[t].rc && jobs[t].bad < bad) {
            bad = jobs[t].bad;
            bt = t;
        }
    if (bad != SIZE_MAX) {
        nx_error_set(err, jobs[bt].err.code, "%s", jobs[bt].err.msg); /* the first firm-event's */
        goto fail;
    }
    if (overlap(s, err))
        goto fail;
    for (size_t i = 0; i < s->nfe; i++) {
        nx_fe *f = &s->fe[i];
        s->count[f->status]++;
        if (f->status != NX_FE_OK)
            continue;
        f->pf.ar = f->ar;
        f->pf.sar = f->sar;
        f->pf.car = f->car;
        f->pf.scar = f->scar;
        f->pf.bhar = f->bhar;
        f->pf.est = f->est;
        f->pf.krank_est = f->krank_est;
        f->pf.krank_evt = f->krank_evt;
        f->pf.grank = f->grank;
    }
    if (table_for(s, NULL, &s->all, err))
        goto fail;
    if (o->group_by && make_groups(s, err))
        goto fail;
    if (o->regress && !(s->xsect = nx_xsect_run(s, err)))
        goto fail;
    if (!(s->rvr = nx_calloc(1, sizeof *s->rvr)) || nx_rvr_run(s, o->mismatch_tol, s->rvr, err))
        goto oom;
    return s;
oom:
    nx_error_nomem(err);
fail:
    nx_study_free(s);
    return NULL;
}

void nx_study_free(nx_study *s)
{
    if (!s)
        return;
    nx_table_free(&s->all);
    nx_xsect_free(s->xsect);
    if (s->rvr)
        nx_rvr_free(s->rvr);
    nx_free(s->rvr);
    for (size_t k = 0; k < s->ngroups; k++) {
        nx_free(s->groups[k].name);
        nx_table_free(&s->groups[k].table);
    }
    nx_free(s->groups);
    for (size_t i = 0; s->series && i < s->prices.names.n; i++)
        nx_series_free(&s->series[i]);
    nx_free(s->series);
    nx_series_free(&s->market);
    nx_series_free(&s->rf);
    for (size_t j = 0; s->fac && j < s->nfactors; j++)
        nx_series_free(&s->fac[j]);
    nx_free(s->fac);
    nx_free(s->factor_names);
    nx_rawset_free(&s->prices);
    nx_rawset_free(&s->market_raw);
    nx_rawset_free(&s->factors_raw);
    nx_cal_free(&s->cal);
    nx_free(s->market_name);
    nx_free(s->days);
    nx_free(s->fe);
    nx_free(s->dstore);
    nx_free(s->rstore);
    nx_fevents_free(&s->events);
    nx_free(s);
}
