/* stats.c: event-study test statistics (see stats.h for every definition and convention). */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

const char *const nx_stat_names[NX_NSTAT] = {"csect_t", "bw_cda_t", "patell_z", "bmp_t",   "kp_patell_z",
                                             "kp_bmp_t", "sign_z",  "gsign_z",  "rank_z",  "grank_t",
                                             "skew_t",   "wilcoxon", "bootstrap"};

static const char NEED2[] = "needs at least 2 firm-events";

/* ---- p-values ---- */

double nx_p_t(double t, double df)
{
    if (!(df > 0) || isnan(t))
        return NAN;
    double t2 = t * t;
    gsl_sf_result r;
    int st;
    double p;
    /* P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2) = 1 - q, q = I_{t^2/(df+t^2)}(1/2, df/2) = P(|T| < t).
     * 1 - q is exact enough while q < 1/2 (p > 1/2, a small |t|); every other p comes from the first
     * form directly (1 - q would cancel in the tail). One incomplete beta function either way.
     * gsl_cdf_tdist_Q is not used: for df > 30 it switches to a Cornish-Fisher expansion, accurate
     * to about 1e-7 relative only in the tails. */
    if (t2 < 0.36) {
        /* |t| < 0.6 < 0.6745 <= the 75% quantile of t(df) for every df: q < 1/2 */
        st = gsl_sf_beta_inc_e(0.5, df / 2, t2 / (df + t2), &r);
        p = 1 - r.val;
    } else {
        st = gsl_sf_beta_inc_e(df / 2, 0.5, df / (df + t2), &r);
        p = r.val;
    }
    if (st == GSL_EUNDRFLW)
        p = 0; /* below the smallest double */
    else if (st)
        p = 2 * gsl_cdf_tdist_Q(fabs(t), df);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

double nx_p_z(double z)
{
    if (isnan(z))
        return NAN;
    double p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
    return p > 1 ? 1 : p;
}

void nx_stat_null(nx_stat *s, const char *reason)
{
    s->value = s->p = NAN;
    s->reason = reason;
}

static void stat_init(nx_stat *s)
{
    memset(s, 0, sizeof *s);
    s->value = s->p = s->df = NAN;
}

static void stat_t(nx_stat *s, double t, double df)
{
    s->value = t;
    s->df = df;
    s->p = nx_p_t(t, df);
}

static void stat_z(nx_stat *s, double z)
{
    s->value = z;
    s->p = nx_p_z(z);
}

static void stat_x(nx_stat *s, const char *name, double v)
{
    if (s->nx < NX_STAT_MAXX) {
        s->xname[s->nx] = name;
        s->x[s->nx++] = v;
    }
}

/* ---- sorting and ranks ---- */

/* the 64-bit image of a double that orders as the double does (-0 just before +0) */
static uint64_t order_key(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u >> 63 ? ~u : u | (1ULL << 63);
}

/* insertion sort of pairs by key, stable; fast on nearly sorted input */
static void insertion_pairs(double *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double k = a[2 * i], v = a[2 * i + 1];
        size_t j = i;
        while (j > 0 && a[2 * (j - 1)] > k) {
            a[2 * j] = a[2 * (j - 1)];
            a[2 * j + 1] = a[2 * (j - 1) + 1];
            j--;
        }
        a[2 * j] = k;
        a[2 * j + 1] = v;
    }
}

void nx_sort_pairs(double *a, size_t n, double *tmp)
{
    if (n < 48 || n > 0xffffffffu) {
        insertion_pairs(a, n);
        return;
    }
    /* LSD radix on the high 32 bits of the keys' order-preserving images (a byte per pass, stable;
     * a pass whose byte is the same for all keys is skipped), pairs held in the two buffers as
     * 64-bit words through memcpy; then the doubles are back and an insertion pass orders the few
     * neighbours whose high 32 bits are equal: exact and stable, about half the passes */
    double *src = tmp, *dst = a;
    uint32_t cnt[4][256];
    memset(cnt, 0, sizeof cnt);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = order_key(a[2 * i]), v = (uint64_t)a[2 * i + 1];
        memcpy(&src[2 * i], &u, sizeof u);
        memcpy(&src[2 * i + 1], &v, sizeof v);
        for (int b = 0; b < 4; b++)
            cnt[b][(u >> (32 + 8 * b)) & 255]++;
    }
    uint64_t first;
    memcpy(&first, &src[0], sizeof first);
    for (int b = 0; b < 4; b++) {
        int shift = 32 + 8 * b;
        if (cnt[b][(first >> shift) & 255] == n)
            continue;
        uint32_t pos[256], sum = 0;
        for (int d = 0; d < 256; d++) {
            pos[d] = sum;
            sum += cnt[b][d];
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t u;
            memcpy(&u, &src[2 * i], sizeof u);
            size_t q = pos[(u >> shift) & 255]++;
            memcpy(&dst[2 * q], &src[2 * i], 2 * sizeof *src);
        }
        double *t = src;
        src = dst;
        dst = t;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t u, v;
        memcpy(&u, &src[2 * i], sizeof u);
        memcpy(&v, &src[2 * i + 1], sizeof v);
        u = u >> 63 ? u & ~(1ULL << 63) : ~u;
        memcpy(&a[2 * i], &u, sizeof u);
        a[2 * i + 1] = (double)v;
    }
    insertion_pairs(a, n);
}

void nx_avg_ranks(const double *v, size_t n, double *rank, double *scratch)
{
    for (size_t i = 0; i < n; i++) {
        scratch[2 * i] = v[i];
        scratch[2 * i + 1] = (double)i;
    }
    nx_sort_pairs(scratch, n, scratch + 2 * n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && scratch[2 * j] == scratch[2 * i])
            j++;
        double r = (double)(i + 1 + j) / 2; /* positions i+1..j */
        for (size_t k = i; k < j; k++)
            rank[(size_t)scratch[2 * k + 1]] = r;
        i = j;
    }
}

/* ---- tests on an array ---- */

void nx_mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m = n ? m / (double)n : NAN;
    *mean = m;
    if (n < 2) {
        *sd = NAN;
        return;
    }
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    *sd = sqrt(ss / (double)(n - 1));
}

void nx_test_csect(const double *x, size_t n, nx_stat *s)
{
    stat_init(s);
    if (n < 2)
        return nx_stat_null(s, NEED2);
    double m, sd;
    nx_mean_sd(x, n, &m, &sd);
    if (!(sd > 0))
        return nx_stat_null(s, "zero cross-sectional variance");
    stat_t(s, m / (sd / sqrt((double)n)), (double)(n - 1));
}

void nx_test_sign(const double *x, size_t n, nx_stat *s)
{
    stat_init(s);
    if (n < 1)
        return nx_stat_null(s, "no firm-events");
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += x[i] > 0;
    stat_z(s, ((double)w - n / 2.0) / sqrt(n / 4.0));
    stat_x(s, "positive", (double)w);
}

void nx_test_gsign(const double *x, size_t n, double p, nx_stat *s)
{
    stat_init(s);
    if (n < 1)
        return nx_stat_null(s, "no firm-events");
    if (!(p > 0 && p < 1))
        return nx_stat_null(s, "the share of positive estimation-window ARs is 0 or 1");
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += x[i] > 0;
    stat_z(s, ((double)w - n * p) / sqrt(n * p * (1 - p)));
    stat_x(s, "positive", (double)w);
    stat_x(s, "share", p);
}

void nx_test_skew(const double *x, size_t n, nx_stat *s)
{
    stat_init(s);
    if (n < 2)
        return nx_stat_null(s, NEED2);
    double m, sd;
    nx_mean_sd(x, n, &m, &sd);
    if (!(sd > 0))
        return nx_stat_null(s, "zero cross-sectional variance");
    double m3 = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;
        m3 += d * d * d;
    }
    double N = (double)n, g = m3 / (N * sd * sd * sd), S = m / sd;
    stat_z(s, sqrt(N) * (S + g * S * S / 3 + g * g * S * S * S / 27 + g / (6 * N)));
}

void nx_test_wilcoxon(const double *x, size_t n, double *scratch, nx_stat *s)
{
    stat_init(s);
    double *rk = scratch, *pairs = scratch + n; /* rk: n, pairs: 2 n, the sort's 2 n */
    size_t nz = 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] != 0) {
            pairs[2 * nz] = fabs(x[i]);
            pairs[2 * nz + 1] = (double)nz;
            nz++;
        }
    if (nz == 0)
        return nx_stat_null(s, n ? "all values are zero" : "no firm-events");
    /* ranks of |x| (ties: mean rank), rk[m] for the m-th non-zero value in input order */
    nx_sort_pairs(pairs, nz, scratch + 3 * n);
    double wplus = 0, ties = 0;
    for (size_t i = 0; i < nz;) {
        size_t j = i + 1;
        while (j < nz && pairs[2 * j] == pairs[2 * i])
            j++;
        double r = (double)(i + 1 + j) / 2, t = (double)(j - i);
        ties += t * t * t - t;
        for (size_t q = i; q < j; q++)
            rk[(size_t)pairs[2 * q + 1]] = r;
        i = j;
    }
    for (size_t i = 0, k = 0; i < n; i++)
        if (x[i] != 0) {
            if (x[i] > 0)
                wplus += rk[k];
            k++;
        }
    s->value = wplus;
    stat_x(s, "n", (double)nz);
    if (nz <= 50) {
        /* exact: the permutation distribution of the sum of the positive doubled ranks */
        double cnt[50 * 51 + 1];
        int total = 0;
        cnt[0] = 1;
        for (size_t i = 0; i < nz; i++) {
            int ai = (int)(2 * rk[i] + 0.5);
            for (int v = total + 1; v <= total + ai; v++)
                cnt[v] = 0;
            for (int v = total; v >= 0; v--)
                if (cnt[v] != 0)
                    cnt[v + ai] += cnt[v];
            total += ai;
        }
        int w2 = (int)(2 * wplus + 0.5);
        double lo = 0, hi = 0;
        for (int v = 0; v <= total; v++) {
            if (v <= w2)
                lo += cnt[v];
            if (v >= w2)
                hi += cnt[v];
        }
        double p = 2 * (lo < hi ? lo : hi) / ldexp(1.0, (int)nz);
        s->p = p > 1 ? 1 : p;
        s->method = "exact";
    } else {
        double N = (double)nz, mean = N * (N + 1) / 4, var = N * (N + 1) * (2 * N + 1) / 24 - ties / 48;
        if (!(var > 0))
            return nx_stat_null(s, "zero variance");
        double z = (wplus - mean) / sqrt(var);
        s->p = nx_p_z(z);
        s->method = "normal";
        stat_x(s, "z", z);
    }
}

/* ---- tables ---- */

void nx_table_free(nx_table *t)
{
    nx_free(t->aar);
    nx_free(t->caar);
    memset(t, 0, sizeof *t);
}

/* GRANK-T for the collapsed values g[i] (SCAR or SAR), see stats.h. */
/* cnt[t]: the firm-events observed on estimation day t (the panel's, the same for every row) */
static void grank(const nx_panel *p, const double *g, double *usum, const double *cnt, nx_stat *s)
{
    stat_init(s);
    size_t N = p->n;
    if (N < 2)
        return nx_stat_null(s, NEED2);
    double m, sd;
    nx_mean_sd(g, N, &m, &sd);
    if (!(sd > 0))
        return nx_stat_null(s, "zero cross-sectional variance of the standardized CARs");
    memset(usum, 0, p->le * sizeof *usum);
    double u0 = 0;
    for (size_t i = 0; i < N; i++) {
        const nx_panel_fe *f = p->fe[i];
        double gi = g[i] / sd, denom = (double)f->l1 + 2, si = f->s;
        double lt = 0, eq = 0;
        for (size_t t = 0; t < p->le; t++) {
            double e = f->est[t];
            if (isnan(e))
                continue;
            /* the rank among the estimation values moves up by 1 (0.5 on a tie) when the collapsed
             * value lies below (branch-free: the comparisons are unpredictable) */
            double v = e / si;
            int below = v < gi, tie = v == gi;
            lt += below;
            eq += tie;
            usum[t] += (0.5 * f->grank[t] + (double)(!below && !tie) + 0.5 * tie) / denom - 0.5;
        }
        u0 += (lt + 1 + eq / 2) / denom - 0.5;
    }
    double ubar0 = u0 / (double)N, ss = ubar0 * ubar0, T = 1;
    for (size_t t = 0; t < p->le; t++)
        if (cnt[t] > 0) {
            double ub = usum[t] / cnt[t];
            ss += cnt[t] / (double)N * ub * ub;
            T++;
        }
    double S = sqrt(ss / T);
    if (!(S > 0) || T < 3)
        return nx_stat_null(s, "too few estimation days");
    double Z = ubar0 / S;
    if (!(T - 1 - Z * Z > 0))
        return nx_stat_null(s, "|Z| too large for the t transformation");
    stat_t(s, Z * sqrt((T - 2) / (T - 1 - Z * Z)), T - 2);
}

/* The statistics built on the estimation-window series of the panel, for a day (l2 = 1, zsum the
 * day's Corrado Z) or a window of l2 days (zsum the sum of its days' Z): Brown-Warner's
 * mean / (sqrt(l2) S_A) and Corrado-Zivney's zsum / (sqrt(l2) S_U). */
static void row_time(const nx_table *t, nx_row *r, size_t N, double zsum, int l2)
{
    nx_stat *bw = &r->st[NX_ST_BWCDA], *rk = &r->st[NX_ST_RANK];
    stat_init(bw);
    stat_init(rk);
    double sl = sqrt((double)l2);
    if (!N)
        nx_stat_null(bw, "no firm-events");
    else if (!(t->bw_sa > 0))
        nx_stat_null(bw, "no variance of the estimation-window AARs");
    else
        stat_t(bw, r->mean / (sl * t->bw_sa), t->bw_df);
    if (!(t->rank_su > 0))
        nx_stat_null(rk, N ? "no variance of the ranks" : "no firm-events");
    else
        stat_z(rk, zsum / (sl * t->rank_su));
}

typedef struct scratch {
    double *x, *y, *w3, *usum;
    const double *nt; /* firm-events observed on each estimation day */
} scratch;

/* the statistics that depend only on the values x (ARs or CARs), standardized values y (SARs or
 * SCARs) and the panel-level quantities */
static void row_common(const nx_panel *p, const nx_table *t, scratch *sc, nx_row *r)
{
    size_t N = p->n;
    const double *x = sc->x, *y = sc->y;
    double m, sd;
    nx_mean_sd(x, N, &m, &sd);
    r->mean = m;
    r->n = N;
    nx_test_csect(x, N, &r->st[NX_ST_CSECT]);
    nx_test_csect(y, N, &r->st[NX_ST_BMP]);
    nx_test_sign(x, N, &r->st[NX_ST_SIGN]);
    nx_test_gsign(x, N, t->gsign_p, &r->st[NX_ST_GSIGN]);
    nx_test_skew(x, N, &r->st[NX_ST_SKEW]);
    nx_test_wilcoxon(x, N, sc->w3, &r->st[NX_ST_WILCOXON]);
    grank(p, y, sc->usum, sc->nt, &r->st[NX_ST_GRANK]);
    /* Patell: sum of standardized values over sqrt(sum df/(df-2)) */
    nx_stat *pz = &r->st[NX_ST_PATELL];
    stat_init(pz);
    double sy = 0, q = 0;
    int ok = N > 0;
    for (size_t i = 0; i < N; i++) {
        double df = p->fe[i]->df;
        if (!(df > 2))
            ok = 0;
        sy += y[i];
        q += df / (df - 2);
    }
    if (ok)
        stat_z(pz, sy / sqrt(q));
    else
        nx_stat_null(pz, N ? "a firm-event has 2 or fewer residual degrees of freedom" : "no firm-events");
    /* Kolari-Pynnonen */
    nx_stat *kz = &r->st[NX_ST_KP_PATELL], *kt = &r->st[NX_ST_KP_BMP];
    stat_init(kz);
    stat_init(kt);
    double rr = t->kp_r, den = 1 + ((double)N - 1) * rr;
    if (N < 2) {
        nx_stat_null(kz, NEED2);
        nx_stat_null(kt, NEED2);
    } else if (!(den > 0) || !(rr < 1)) {
        nx_stat_null(kz, "the residual correlation is outside (-1/(N-1), 1)");
        nx_stat_null(kt, "the residual correlation is outside (-1/(N-1), 1)");
    } else {
        if (isnan(pz->value))
            nx_stat_null(kz, pz->reason);
        else
            stat_z(kz, pz->value / sqrt(den));
        nx_stat *b = &r->st[NX_ST_BMP];
        if (isnan(b->value))
            nx_stat_null(kt, b->reason);
        else
            stat_t(kt, b->value * sqrt((1 - rr) / den), b->df);
        stat_x(kz, "r", rr);
        stat_x(kt, "r", rr);
    }
}

/* gsl_rng_uniform_int(r, n) without its division per draw: the same values from the same raw
 * numbers (GSL: scale = range / n, k = raw / scale, retried while k >= n). floor(x / scale) is
 * (x * inv) >> 64 with inv = floor(2^64 / scale) + 1 exactly for x, scale < 2^32 (the error is
 * below 2^-32 <= 1/scale, less than the distance of x / scale to the next integer). */
typedef struct udraw {
    unsigned long n, scale, min;
    unsigned __int128 inv;
} udraw;

static void udraw_init(udraw *u, const gsl_rng *r, unsigned long n)
{
    u->n = n;
    u->min = r->type->min;
    u->scale = (r->type->max - r->type->min) / n;
    u->inv = (((unsigned __int128)1) << 64) / u->scale + 1;
}

static unsigned long udraw_next(const udraw *u, gsl_rng *r)
{
    for (;;) {
        unsigned long x = r->type->get(r->state) - u->min;
        unsigned long k = (unsigned long)(((unsigned __int128)x * u->inv) >> 64);
        if (k < u->n)
            return k;
    }
}

unsigned long nx_boot_draw_test(gsl_rng *r, unsigned long n, size_t count, unsigned long *out)
{
    udraw u;
    udraw_init(&u, r, n);
    for (size_t i = 0; i < count; i++)
        out[i] = udraw_next(&u, r);
    return u.scale;
}

static uint64_t splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

unsigned long nx_boot_seed(unsigned long seed, size_t b)
{
    return (unsigned long)(splitmix64(splitmix64(seed) + b) & 0xffffffffULL);
}

/* The resamples of a table. Resample b draws its N indices from its own taus2, seeded with
 * nx_boot_seed(seed, b): the resamples do not depend on each other's draws, so they are computed
 * in parallel and the result is the same for any number of threads. */
typedef struct bootjob {
    const nx_panel *p;
    size_t B, K;
    unsigned long seed;
    const double *vals;   /* K columns of N: the ARs of each day, then the CARs of each window */
    double *boot;         /* K x B resample means */
    atomic_size_t *next;  /* the next resample to take (parts take chunks of BOOT_CHUNK) */
    int rc;
} bootjob;

#define BOOT_CHUNK 16

static int boot_part(bootjob *j)
{
    size_t N = j->p->n, K = j->K, B = j->B;
    unsigned long *idx = nx_malloc(N * sizeof *idx);
    /* the generator's state through nx_malloc: gsl_rng's fields are public (gsl_rng.h) */
    gsl_rng rng = {gsl_rng_taus2, nx_calloc(1, gsl_rng_taus2->size)};
    int rc = -1;
    if (!idx || !rng.state)
        goto done;
    udraw u;
    udraw_init(&u, &rng, N);
    for (;;) {
        size_t first = atomic_fetch_add(j->next, BOOT_CHUNK);
        if (first >= B)
            break;
        size_t lim = first + BOOT_CHUNK < B ? first + BOOT_CHUNK : B;
        for (size_t b = first; b < lim; b++) {
            gsl_rng_set(&rng, nx_boot_seed(j->seed, b));
            /* the indices first, then the sums: the loads do not wait on the generator */
            for (size_t i = 0; i < N; i++)
                idx[i] = udraw_next(&u, &rng);
            for (size_t k = 0; k < K; k++) {
                /* column k (N values): four partial sums, in a fixed order */
                const double *col = j->vals + k * N;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                size_t i = 0;
                for (; i + 4 <= N; i += 4) {
                    s0 += col[idx[i]];
                    s1 += col[idx[i + 1]];
                    s2 += col[idx[i + 2]];
                    s3 += col[idx[i + 3]];
                }
                for (; i < N; i++)
                    s0 += col[idx[i]];
                j->boot[k * B + b] = ((s0 + s1) + (s2 + s3)) / (double)N;
            }
        }
    }
    rc = 0;
done:
    nx_free(rng.state);
    nx_free(idx);
    return rc;
}

static void *boot_thread(void *arg)
{
    bootjob *j = arg;
    j->rc = boot_part(j);
    return NULL;
}

int nx_table_compute(const nx_panel *p, const nx_table_opts *o, nx_table *t, nx_error *err)
{
    memset(t, 0, sizeof *t);
    size_t N = p->n, le = p->le, nd = p->nd, nw = p->nw, K = nd + nw;
    t->nd = nd;
    t->nw = nw;
    t->n = N;
    t->aar = nx_calloc(nd ? nd : 1, sizeof *t->aar);
    t->caar = nx_calloc(nw ? nw : 1, sizeof *t->caar);
    size_t nn = N ? N : 1;
    scratch sc;
    sc.x = nx_malloc(nn * sizeof(double));
    sc.y = nx_malloc(nn * sizeof(double));
    sc.w3 = nx_malloc(5 * nn * sizeof(double));
    sc.usum = nx_malloc((le ? le : 1) * sizeof(double));
    double *S = nx_calloc(le ? le : 1, sizeof *S), *Q = nx_calloc(le ? le : 1, sizeof *Q);
    double *A = nx_calloc(le ? le : 1, sizeof *A), *nt = nx_calloc(le ? le : 1, sizeof *nt);
    double *zu = nx_calloc(le ? le : 1, sizeof *zu), *zd = nx_calloc(nd ? nd : 1, sizeof *zd);
    int rc = 0;
    /* the bootstrap starts first: its parts run in threads while the other statistics are computed */
    size_t B = o && o->bootstrap > 0 ? (size_t)o->bootstrap : 0, nparts = 0;
    double *vals = NULL, *boot = NULL;
    bootjob parts[NX_BOOT_MAXPARTS];
    atomic_size_t bnext;
    pthread_t th[NX_BOOT_MAXPARTS];
    int started[NX_BOOT_MAXPARTS] = {0};
    if (B && N >= 2) {
        vals = nx_malloc(N * K * sizeof *vals);
        boot = nx_malloc(B * K * sizeof *boot);
        if (!vals || !boot) {
            rc = nx_error_nomem(err);
            goto done;
        }
        for (size_t i = 0; i < N; i++) {
            for (size_t d = 0; d < nd; d++)
                vals[d * N + i] = p->fe[i]->ar[d];
            for (size_t w = 0; w < nw; w++)
                vals[(nd + w) * N + i] = p->fe[i]->car[w];
        }
        nparts = o->threads > 1 && (double)B * (double)N >= 1e5 ? (size_t)o->threads : 1;
        if (nparts > NX_BOOT_MAXPARTS)
            nparts = NX_BOOT_MAXPARTS;
        if (nparts > B)
            nparts = B;
        atomic_init(&bnext, 0);
        for (size_t q = 0; q < nparts; q++) {
            parts[q] = (bootjob){p, B, K, o->seed, vals, boot, &bnext, 0};
            if (nparts > 1 && pthread_create(&th[q], NULL, boot_thread, &parts[q]) == 0)
                started[q] = 1;
        }
    }
    if (!t->aar || !t->caar || !sc.x || !sc.y || !sc.w3 || !sc.usum || !S || !Q || !A || !nt || !zu ||
        !zd) {
        rc = nx_error_nomem(err);
        goto done;
    }
    sc.nt = nt;

    /* panel-level: KP residual correlation, Brown-Warner AAR series, Corrado-Zivney ranks, Cowan p */
    double pp = 0;
    for (size_t i = 0; i < N; i++) {
        const nx_panel_fe *f = p->fe[i];
        double M1 = (double)f->l1 + (double)nd + 1;
        for (size_t d = 0; d < le; d++) {
            double e = f->est[d];
            if (isnan(e))
                continue;
            double z = (e - f->est_mean) / f->est_sd;
            S[d] += z;
            Q[d] += z * z;
            A[d] += e;
            nt[d]++;
            zu[d] += 0.5 * f->krank_est[d] / M1 - 0.5;
        }
        for (size_t j = 0; j < nd; j++)
            zd[j] += 0.5 * f->krank_evt[j] / M1 - 0.5;
        pp += f->ppos;
    }
    t->gsign_p = N ? pp / (double)N : NAN;
    double num = 0, den = 0, asum = 0, ta = 0, zz = 0, tz = 0;
    for (size_t d = 0; d < le; d++) {
        if (nt[d] < 1)
            continue;
        num += S[d] * S[d] - Q[d];
        den += nt[d] * (nt[d] - 1);
        A[d] /= nt[d];
        asum += A[d];
        ta++;
        zu[d] /= sqrt(nt[d]);
        zz += zu[d] * zu[d];
        tz++;
    }
    for (size_t j = 0; j < nd; j++) {
        zd[j] /= sqrt((double)N);
        zz += zd[j] * zd[j];
        tz++;
    }
    t->kp_r = N < 2 ? NAN : den > 0 ? num / den : 0;
    t->kp_weight = den;
    t->rank_su = N && tz > 0 ? sqrt(zz / tz) : NAN;
    t->bw_df = ta >= 2 ? ta - 1 : NAN;
    t->bw_sa = NAN;
    if (ta >= 2) {
        double am = asum / ta, ss = 0;
        for (size_t d = 0; d < le; d++)
            if (nt[d] >= 1)
                ss += (A[d] - am) * (A[d] - am);
        t->bw_sa = sqrt(ss / (ta - 1));
    }

    /* days */
    for (size_t j = 0; j < nd; j++) {
        nx_row *r = &t->aar[j];
        for (size_t i = 0; i < N; i++) {
            sc.x[i] = p->fe[i]->ar[j];
            sc.y[i] = p->fe[i]->sar[j];
        }
        row_common(p, t, &sc, r);
        row_time(t, r, N, zd[j], 1);
    }
    /* windows */
    for (size_t w = 0; w < nw; w++) {
        nx_row *r = &t->caar[w];
        for (size_t i = 0; i < N; i++)
            sc.x[i] = p->fe[i]->bhar[w];
        double bsd;
        nx_mean_sd(sc.x, N, &r->abhar, &bsd);
        nx_test_csect(sc.x, N, &r->csect_bhar);
        nx_test_skew(sc.x, N, &r->skew_bhar);
        for (size_t i = 0; i < N; i++) {
            sc.x[i] = p->fe[i]->car[w];
            sc.y[i] = p->fe[i]->scar[w];
        }
        row_common(p, t, &sc, r);
        double zs = 0;
        for (size_t j = 0; j < nd; j++)
            if (p->days[j] >= p->win[w].a && p->days[j] <= p->win[w].b)
                zs += zd[j];
        row_time(t, r, N, zs, p->win[w].b - p->win[w].a + 1);
    }

    /* the bootstrap: wait for its parts (or compute them here), then the percentiles */
    for (size_t q = 0; q < nparts; q++) {
        if (started[q])
            pthread_join(th[q], NULL);
        else
            parts[q].rc = boot_part(&parts[q]);
        started[q] = 0;
        if (parts[q].rc && !rc)
            rc = nx_error_nomem(err);
    }
    if (rc)
        goto done;
    for (size_t k = 0; k < K; k++) {
        nx_row *r = k < nd ? &t->aar[k] : &t->caar[k - nd];
        nx_stat *s = &r->st[NX_ST_BOOT];
        stat_init(s);
        if (!B || N < 2) {
            nx_stat_null(s, !B ? "bootstrap turned off (--bootstrap 0)" : NEED2);
            continue;
        }
        double *bv = boot + k * B, le0 = 0, ge0 = 0;
        gsl_sort(bv, 1, B);
        for (size_t b = 0; b < B; b++) {
            le0 += bv[b] <= 0;
            ge0 += bv[b] >= 0;
        }
        double pv = 2 * ((le0 < ge0 ? le0 : ge0) + 1) / ((double)B + 1);
        s->value = r->mean;
        s->p = pv > 1 ? 1 : pv;
        stat_x(s, "lo", gsl_stats_quantile_from_sorted_data(bv, 1, B, 0.025));
        stat_x(s, "hi", gsl_stats_quantile_from_sorted_data(bv, 1, B, 0.975));
        stat_x(s, "b", (double)B);
    }
done:
    for (size_t q = 0; q < nparts; q++)
        if (started[q])
            pthread_join(th[q], NULL);
    nx_free(vals);
    nx_free(boot);
    nx_free(sc.x);
    nx_free(sc.y);
    nx_free(sc.w3);
    nx_free(sc.usum);
    nx_free(S);
    nx_free(Q);
    nx_free(A);
    nx_free(nt);
    nx_free(zu);
    nx_free(zd);
    return rc;
}
