/* test_regress.c: unit tests of analysis/regress.c: cases with known answers (the NIST StRD Longley
 * data with its certified values; a small line whose HC1, HC3 and cluster errors were worked out in
 * exact fractions from the closed forms of simple regression; WLS against the same rows repeated),
 * then rank deficiency, N <= K, one cluster, zero weights and infinite variances, a leverage of 1,
 * and every allocation failing in turn. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../analysis/regress.h"
#include "unit.h"

static int REL(double got, double want, double tol)
{
    return fabs(got - want) <= tol * fabs(want) || (got == want);
}

/* ---- NIST StRD Longley (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml) ---- */

static const double LONGLEY[16][7] = {
    /* y, x1 .. x6 */
    {60323, 83.0, 234289, 2356, 1590, 107608, 1947},  {61122, 88.5, 259426, 2325, 1456, 108632, 1948},
    {60171, 88.2, 258054, 3682, 1616, 109773, 1949},  {61187, 89.5, 284599, 3351, 1650, 110929, 1950},
    {63221, 96.2, 328975, 2099, 3099, 112075, 1951},  {63639, 98.1, 346999, 1932, 3594, 113270, 1952},
    {64989, 99.0, 365385, 1870, 3547, 115094, 1953},  {63761, 100.0, 363112, 3578, 3350, 116219, 1954},
    {66019, 101.2, 397469, 2904, 3048, 117388, 1955}, {67857, 104.6, 419180, 2822, 2857, 118734, 1956},
    {68169, 108.4, 442769, 2936, 2798, 120445, 1957}, {66513, 110.8, 444546, 4681, 2637, 121950, 1958},
    {68655, 112.6, 482704, 3813, 2552, 123366, 1959}, {69564, 114.2, 502601, 3931, 2514, 125368, 1960},
    {69331, 115.7, 518173, 4806, 2572, 127852, 1961}, {70551, 116.9, 554894, 4007, 2827, 130081, 1962}};

static void test_longley(void)
{
    static const double coef[7] = {-3482258.63459582,  15.0618722713733,   -0.358191792925910e-01,
                                   -2.02022980381683,  -1.03322686717359,  -0.511041056535807e-01,
                                   1829.15146461355};
    static const double se[7] = {890420.383607373, 84.9149257747669, 0.334910077722432e-01, 0.488399681651699,
                                 0.214274163161675, 0.226073200069370, 455.478499142212};
    double x[16 * 7], y[16];
    for (int i = 0; i < 16; i++) {
        y[i] = LONGLEY[i][0];
        x[i * 7] = 1;
        for (int j = 1; j < 7; j++)
            x[i * 7 + j] = LONGLEY[i][j];
    }
    nx_reg_in in = {16, 7, x, y, NULL, NULL, NULL};
    nx_error err = {0};
    nx_reg *r = nx_reg_fit(&in, &err);
    CHECK(r && r->ok && r->n == 16 && r->k == 7 && r->has_const && r->nnotes == 0);
    if (!r)
        return;
    /* the Longley design is ill-conditioned; the certified values have 15 digits, the fit agrees to
     * about 1e-12 relative (QR, no normal equations) */
    for (int j = 0; j < 7; j++) {
        CHECK(REL(r->coef[j], coef[j], 1e-10));
        CHECK(REL(r->se[NX_SE_OLS][j], se[j], 1e-10));
    }
    CHECK(REL(sqrt(r->s2), 304.854073561965, 1e-9));
    CHECK(REL(r->r2, 0.995479004577296, 1e-12));
    CHECK(r->df[NX_SE_OLS] == 9);
    CHECK(r->g == 0 && isnan(r->se[NX_SE_CLUSTER][0]) && r->se_reason[NX_SE_CLUSTER]);
    nx_reg_free(r);
}

/* ---- a small line: x = 1..6, y = 1 3 2 5 4 6, clusters {1,2} {3,4} {5,6} ----
 * Exact: b = 31/35, a = 2/5, SSR = 132/35, s^2 = 33/35, R^2 = 961/1225, adj. R^2 = 179/245.
 * Var(b): ols 66/1225, hc1 4902/214375, hc3 116974647/3100819225, cluster 12321/1200500;
 * Var(a): ols 143/175, hc1 1913/4375, hc3 82450917/126564050, cluster 11497/73500
 * (closed forms of simple regression: Var(b) = sum (x_i - xbar)^2 s_i / Sxx^2 with s_i = e_i^2
 * n/(n-2) or (e_i / (1 - h_i))^2, h_i = 1/n + (x_i - xbar)^2 / Sxx; cluster: the squares of the
 * cluster sums of (x_i - xbar) e_i times 3/2 * 5/4; for a the weights 1/n - xbar (x_i - xbar)/Sxx). */
static const double LX[6] = {1, 2, 3, 4, 5, 6}, LY[6] = {1, 3, 2, 5, 4, 6};
static const long LG[6] = {1, 1, 2, 2, 3, 3};

static double p_t2(double t) { return 1 - fabs(t) / sqrt(2 + t * t); }                       /* t(2) */
static double p_t4(double t) { t = fabs(t); return 1 - t * (t * t + 6) / pow(t * t + 4, 1.5); } /* t(4) */

static void line_design(double *x, double *y, size_t extra, const double *xe)
{
    size_t k = 2 + extra;
    for (int i = 0; i < 6; i++) {
        x[i * k] = 1;
        x[i * k + 1] = LX[i];
        for (size_t e = 0; e < extra; e++)
            x[i * k + 2 + e] = xe[e * 6 + (size_t)i];
        y[i] = LY[i];
    }
}

static void check_line(const nx_reg *r, size_t ci, size_t cx)
{
    CHECK(r && r->ok && r->n == 6 && r->k == 2 && r->g == 3 && r->has_const);
    if (!r || !r->ok)
        return;
    CHECK(REL(r->coef[cx], 31.0 / 35, 1e-14));
    CHECK(REL(r->coef[ci], 2.0 / 5, 1e-14));
    CHECK(REL(r->ssr, 132.0 / 35, 1e-14));
    CHECK(REL(r->r2, 961.0 / 1225, 1e-14));
    CHECK(REL(r->adj_r2, 179.0 / 245, 1e-14));
    const double vb[NX_NSE] = {66.0 / 1225, 4902.0 / 214375, 116974647.0 / 3100819225, 12321.0 / 1200500};
    const double va[NX_NSE] = {143.0 / 175, 1913.0 / 4375, 82450917.0 / 126564050, 11497.0 / 73500};
    for (int q = 0; q < NX_NSE; q++) {
        CHECK(REL(r->se[q][cx], sqrt(vb[q]), 1e-13));
        CHECK(REL(r->se[q][ci], sqrt(va[q]), 1e-13));
        CHECK(REL(r->t[q][cx], (31.0 / 35) / sqrt(vb[q]), 1e-13));
        double pt = q == NX_SE_CLUSTER ? p_t2(r->t[q][cx]) : p_t4(r->t[q][cx]);
        CHECK(REL(r->p[q][cx], pt, 1e-12));
        CHECK(r->df[q] == (q == NX_SE_CLUSTER ? 2 : 4));
        CHECK(r->se_reason[q] == NULL);
    }
}

static void test_line(void)
{
    double x[6 * 5], y[6];
    nx_error err = {0};
    line_design(x, y, 0, NULL);
    nx_reg_in in = {6, 2, x, y, NULL, LG, NULL};
    nx_reg *r = nx_reg_fit(&in, &err);
    check_line(r, 0, 1);
    CHECK(r && r->nnotes == 0);
    nx_reg_free(r);

    /* a regressor first, the intercept last: the same numbers, R^2 still centred */
    for (int i = 0; i < 6; i++) {
        x[i * 2] = LX[i];
        x[i * 2 + 1] = 1;
    }
    r = nx_reg_fit(&in, &err);
    check_line(r, 1, 0);
    nx_reg_free(r);
}

/* rank deficiency: a column 2x + 1, a constant 5, a zero column: each dropped with a note, the rest
 * exactly as without them */
static void test_rank(void)
{
    double xe[3 * 6], x[6 * 5], y[6];
    for (int i = 0; i < 6; i++) {
        xe[i] = 2 * LX[i] + 1;
        xe[6 + i] = 5;
        xe[12 + i] = 0;
    }
    line_design(x, y, 3, xe);
    const char *names[5] = {"const", "x", "x2", "five", "zero"};
    nx_reg_in in = {6, 5, x, y, NULL, LG, names};
    nx_error err = {0};
    nx_reg *r = nx_reg_fit(&in, &err);
    check_line(r, 0, 1);
    if (!r)
        return;
    CHECK(r->k_in == 5 && r->kept[0] && r->kept[1] && !r->kept[2] && !r->kept[3] && !r->kept[4]);
    CHECK(isnan(r->coef[2]) && isnan(r->se[NX_SE_HC1][3]) && isnan(r->p[NX_SE_CLUSTER][4]));
    CHECK(r->nnotes == 3);
    if (r->nnotes == 3) {
        CHECK_STR(r->notes[0], "'x2' dropped: collinear with the terms before it");
        CHECK_STR(r->notes[1], "'five' dropped: the same value in all 6 rows used (as the intercept)");
        CHECK_STR(r->notes[2], "'zero' dropped: zero in every row used");
    }
    nx_reg_free(r);

    /* dummies that sum to the intercept: the last level is dropped */
    double xd[6 * 4];
    for (int i = 0; i < 6; i++) {
        xd[i * 4] = 1;
        xd[i * 4 + 1] = LX[i];
        xd[i * 4 + 2] = i < 3;
        xd[i * 4 + 3] = i >= 3;
    }
    const char *dn[4] = {"const", "x", "type=a", "type=b"};
    nx_reg_in id = {6, 4, xd, y, NULL, NULL, dn};
    r = nx_reg_fit(&id, &err);
    CHECK(r && r->ok && r->k == 3 && r->kept[2] && !r->kept[3]);
    CHECK(r && r->nnotes == 1 && strcmp(r->notes[0], "'type=b' dropped: collinear with the terms before it") == 0);
    nx_reg_free(r);
    CHECK(!err.set);
}

static void test_not_estimable(void)
{
    nx_error err = {0};
    double x[3 * 3] = {1, 1, 2, 1, 2, 1, 1, 3, 5}, y[3] = {1, 2, 3};
    nx_reg_in in = {3, 3, x, y, NULL, NULL, NULL};
    nx_reg *r = nx_reg_fit(&in, &err);
    CHECK(r && !r->ok && r->n == 3 && isnan(r->coef[0]) && isnan(r->r2) && isnan(r->se[NX_SE_OLS][2]));
    CHECK(r && strcmp(r->reason, "N = 3 observations for K = 3 terms: N must exceed K") == 0);
    nx_reg_free(r);
    in.n = 0;
    r = nx_reg_fit(&in, &err);
    CHECK(r && !r->ok && r->n == 0);
    nx_reg_free(r);
    /* four rows, one of them missing: N = 3 = K */
    double x4[4 * 3] = {1, 1, 2, 1, 2, 1, 1, 3, 5, 1, NAN, 0}, y4[4] = {1, 2, 3, 4};
    nx_reg_in i4 = {4, 3, x4, y4, NULL, NULL, NULL};
    r = nx_reg_fit(&i4, &err);
    CHECK(r && !r->ok && r->n == 3 && r->n_missing == 1 && r->nnotes == 1);
    nx_reg_free(r);
    CHECK(!err.set);
}

static void test_one_cluster(void)
{
    double x[6 * 2], y[6];
    long one[6] = {7, 7, 7, 7, 7, 7};
    line_design(x, y, 0, NULL);
    nx_reg_in in = {6, 2, x, y, NULL, one, NULL};
    nx_error err = {0};
    nx_reg *r = nx_reg_fit(&in, &err);
    CHECK(r && r->ok && r->g == 1);
    if (!r)
        return;
    CHECK(isnan(r->se[NX_SE_CLUSTER][1]) && isnan(r->t[NX_SE_CLUSTER][1]) && isnan(r->p[NX_SE_CLUSTER][0]));
    CHECK(isnan(r->df[NX_SE_CLUSTER]));
    CHECK_STR(r->se_reason[NX_SE_CLUSTER], "one cluster: cluster-robust errors need at least 2");
    CHECK(r->nnotes == 1 &&
          strcmp(r->notes[0], "cluster errors not computed: one cluster: cluster-robust errors need at least 2") == 0);
    CHECK(REL(r->se[NX_SE_HC1][1], sqrt(4902.0 / 214375), 1e-13)); /* the others as before */
    nx_reg_free(r);
}

/* WLS with weights 1, 2, 3, 1, 2, 1: coefficients, SSR and the weighted R^2 equal those of OLS on the
 * rows repeated that many times; zero and non-finite weights leave their row out */
static void test_weights(void)
{
    static const double w[6] = {1, 2, 3, 1, 2, 1};
    double x[6 * 2], y[6], xr[10 * 2], yr[10];
    line_design(x, y, 0, NULL);
    size_t m = 0;
    for (int i = 0; i < 6; i++)
        for (int c = 0; c < (int)w[i]; c++) {
            xr[m * 2] = 1;
            xr[m * 2 + 1] = LX[i];
            yr[m++] = LY[i];
        }
    nx_error err = {0};
    nx_reg_in iw = {6, 2, x, y, w, NULL, NULL}, ir = {10, 2, xr, yr, NULL, NULL, NULL};
    nx_reg *a = nx_reg_fit(&iw, &err), *b = nx_reg_fit(&ir, &err);
    CHECK(a && b && a->ok && b->ok && a->n == 6 && b->n == 10);
    if (a && b) {
        CHECK(REL(a->coef[0], b->coef[0], 1e-13) && REL(a->coef[1], b->coef[1], 1e-13));
        CHECK(REL(a->ssr, b->ssr, 1e-13));
        CHECK(REL(a->r2, b->r2, 1e-13));
        /* classical variances: the same (X'WX)^-1, s^2 with N - K = 4 against 8 */
        CHECK(REL(a->se[NX_SE_OLS][1] * a->se[NX_SE_OLS][1] * 4, b->se[NX_SE_OLS][1] * b->se[NX_SE_OLS][1] * 8, 1e-12));
    }
    nx_reg_free(a);
    nx_reg_free(b);

    /* a seventh row with weight 0 (infinite variance), an eighth with weight NaN: left out */
    double x8[8 * 2], y8[8], w8[8];
    memcpy(x8, x, sizeof x);
    memcpy(y8, y, sizeof y);
    memcpy(w8, w, sizeof w);
    x8[12] = x8[14] = 1;
    x8[13] = 100;
    x8[15] = -50;
    y8[6] = 1e6;
    y8[7] = -1e6;
    w8[6] = 1 / INFINITY;
    w8[7] = NAN;
    nx_reg_in i8 = {8, 2, x8, y8, w8, NULL, NULL};
    a = nx_reg_fit(&iw, &err);
    b = nx_reg_fit(&i8, &err);
    CHECK(a && b && b->ok && b->n == 6 && b->n_noweight == 2 && b->nnotes == 1);
    if (a && b)
        for (int q = 0; q < NX_SE_CLUSTER; q++)
            CHECK(REL(b->se[q][1], a->se[q][1], 1e-14) && REL(b->coef[1], a->coef[1], 1e-14));
    nx_reg_free(a);
    nx_reg_free(b);
    CHECK(!err.set);
}

/* a dummy that is 1 in one row only: that row has leverage 1, HC3 is not computed */
static void test_leverage(void)
{
    double x[6 * 3], y[6];
    for (int i = 0; i < 6; i++) {
        x[i * 3] = 1;
        x[i * 3 + 1] = LX[i];
        x[i * 3 + 2] = i == 4;
        y[i] = LY[i];
    }
    nx_reg_in in = {6, 3, x, y, NULL, LG, NULL};
    nx_error err = {0};
    nx_reg *r = nx_reg_fit(&in, &err);
    CHECK(r && r->ok && r->k == 3);
    if (!r)
        return;
    CHECK(isnan(r->se[NX_SE_HC3][0]) && r->se_reason[NX_SE_HC3] && !isnan(r->se[NX_SE_HC1][0]));
    CHECK(r->nnotes == 1 && strncmp(r->notes[0], "hc3 errors not computed: ", 25) == 0);
    nx_reg_free(r);
}

/* every allocation of a fit failing in turn (once, and from then on): NULL and "out of memory", or
 * the normal result; never a crash or a leak (make asan) */
static void test_alloc(void)
{
    double xe[6], x[6 * 3], y[6];
    for (int i = 0; i < 6; i++)
        xe[i] = 2 * LX[i];
    line_design(x, y, 1, xe);
    nx_reg_in in = {6, 3, x, y, NULL, LG, NULL};
    for (int sticky = 0; sticky <= 1; sticky++) {
        int failed = 0, ok = 0;
        for (long n = 1; n < 1000; n++) {
            nx_error err = {0};
            nx_alloc_fail_at(n, sticky);
            nx_reg *r = nx_reg_fit(&in, &err);
            long made = nx_alloc_fail_at(0, 0);
            if (r) {
                check_line(r, 0, 1);
                nx_reg_free(r);
                if (made < n) { /* nothing failed: every allocation was tried */
                    ok = 1;
                    break;
                }
            } else {
                CHECK(err.set && err.code == NX_ENOMEM);
                failed++;
            }
        }
        CHECK(ok && failed >= 4);
    }
}

int main(void)
{
    test_longley();
    test_line();
    test_rank();
    test_not_estimable();
    test_one_cluster();
    test_weights();
    test_leverage();
    test_alloc();
    UNIT_DONE();
}
