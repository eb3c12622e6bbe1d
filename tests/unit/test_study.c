/* test_study.c: unit tests of the event study's building blocks: CSV, dates, timestamps and New
 * York time, day 0, windows, models, ranks, p-values, the Wilcoxon test. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../analysis/csv.h"
#include "../../analysis/events_in.h"
#include "../../analysis/eventtime.h"
#include "../../analysis/models.h"
#include "../../analysis/prices.h"
#include "../../analysis/stats.h"
#include "unit.h"

static int NEAR(double a, double b, double tol) { return fabs(a - b) <= tol * (fabs(b) > 1 ? fabs(b) : 1); }

static int D(int y, int m, int d) { return nx_days_from_civil(y, m, d); }

static void test_dates(void)
{
    int d;
    CHECK(D(1970, 1, 1) == 0);
    CHECK(D(2000, 3, 1) == 11017);
    CHECK(D(1969, 12, 31) == -1);
    int y, m, dd;
    nx_civil_from_days(D(2024, 2, 29), &y, &m, &dd);
    CHECK(y == 2024 && m == 2 && dd == 29);
    CHECK(nx_parse_date("1997-04-30", &d) == 0 && d == D(1997, 4, 30));
    CHECK(nx_parse_date("30.04.1997", &d) == 0 && d == D(1997, 4, 30));
    CHECK(nx_parse_date("19970430", &d) == 0 && d == D(1997, 4, 30));
    CHECK(nx_parse_date("1997/04/30", &d) == 0 && d == D(1997, 4, 30));
    CHECK(nx_parse_date(" 2019-04-01 00:00:00", &d) == 0 && d == D(2019, 4, 1));
    CHECK(nx_parse_date("2019-02-29", &d) == -1);
    CHECK(nx_parse_date("2019-13-01", &d) == -1);
    CHECK(nx_parse_date("2019-04-01x", &d) == -1);
    CHECK(nx_parse_date("abc", &d) == -1);
    CHECK(nx_parse_date("", &d) == -1);
    char buf[11];
    nx_format_date(D(1987, 3, 2), buf);
    CHECK_STR(buf, "1987-03-02");
}

static void test_numbers(void)
{
    double v;
    CHECK(nx_parse_num("1.5", &v) == 0 && v == 1.5);
    CHECK(nx_parse_num(" -16.75 ", &v) == 0 && v == -16.75);
    CHECK(nx_parse_num("1e-3", &v) == 0 && v == 1e-3);
    CHECK(nx_parse_num("", &v) == 1 && isnan(v));
    CHECK(nx_parse_num("NA", &v) == 1);
    CHECK(nx_parse_num("NaN", &v) == 1);
    CHECK(nx_parse_num("null", &v) == 1);
    CHECK(nx_parse_num("abc", &v) == -1);
    CHECK(nx_parse_num("inf", &v) == -1);
    CHECK(nx_parse_num("0x10", &v) == -1);
    CHECK(nx_parse_num("1.5.2", &v) == -1);
    CHECK(nx_parse_num("12abc", &v) == -1);
}

static void test_csv(void)
{
    nx_csv c;
    nx_error err = {0};
    const char *text = "\xEF\xBB\xBF\"date\";\"a;b\";c\r\n\r\n2019-01-02;\"x \"\"q\"\"\";\"multi\nline\"\n3;;\n";
    CHECK(nx_csv_open_mem(&c, "t.csv", text, strlen(text), 0, &err) == 0);
    CHECK(c.sep == ';');
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 3 && c.line == 1);
    CHECK_STR(c.f[0], "date");
    CHECK_STR(c.f[1], "a;b");
    CHECK(nx_csv_find(&c, "C") == 2);
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 3 && c.line == 3);
    CHECK_STR(c.f[1], "x \"q\"");
    CHECK_STR(c.f[2], "multi\nline");
    CHECK(nx_csv_next(&c, &err) == 1 && c.line == 5 && c.nf == 3);
    CHECK_STR(c.f[1], "");
    CHECK(nx_csv_next(&c, &err) == 0);
    nx_csv_close(&c);
    nx_csv_close(&c); /* a closed reader may be closed again */
    CHECK(nx_csv_open_mem(&c, "t.tsv", "a\tb\n", 4, 0, &err) == 0 && c.sep == '\t');
    nx_csv_close(&c);
    /* quotes inside a field, an empty last field, no final newline; fields stay valid */
    const char *t2 = "x,y,z\na\"b,c\"d,,\"\"\nlast,1,2";
    CHECK(nx_csv_open_mem(&c, "t2.csv", t2, strlen(t2), 0, &err) == 0);
    CHECK(nx_csv_next(&c, &err) == 1);
    char *hdr = c.f[0];
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 3);
    CHECK_STR(c.f[0], "ab,cd");
    CHECK_STR(c.f[1], "");
    CHECK_STR(c.f[2], "");
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 3 && c.line == 3);
    CHECK_STR(c.f[2], "2");
    CHECK(nx_csv_next(&c, &err) == 0);
    CHECK_STR(hdr, "x");
    nx_csv_close(&c);
    /* a lone \r inside a field is an ordinary byte (it once stopped the reader in an endless loop);
     * a NUL byte in a field marks the record, and nx_csv_bad_record rejects it naming line and field */
    const char t3[] = "a,b\n\rx,1\ny,2\r\r\nz,3\0004\nw,5\n";
    CHECK(nx_csv_open_mem(&c, "t3.csv", t3, sizeof t3 - 1, 0, &err) == 0);
    nx_diags d = {0};
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 2 && c.nul_field == 0);
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 2 && c.line == 2 && c.fl[0] == 2 && c.f[0][0] == '\r');
    CHECK(nx_csv_bad_record(&c, "t3.csv", 2, &d) == 0);
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 2 && c.line == 3);
    CHECK(nx_csv_next(&c, &err) == 1 && c.nf == 2 && c.line == 4 && c.nul_field == 2);
    CHECK(nx_csv_bad_record(&c, "t3.csv", 2, &d) == 1);
    CHECK(nx_csv_next(&c, &err) == 1 && c.line == 5 && c.nul_field == 0);
    CHECK(nx_csv_bad_record(&c, "t3.csv", 3, &d) == 1);
    CHECK(nx_csv_next(&c, &err) == 0);
    CHECK(d.n == 2 && d.rejected == 2);
    if (d.n == 2) {
        CHECK_STR(d.msg[0], "t3.csv:4: field 2 holds a NUL byte (a binary or damaged file?)");
        CHECK_STR(d.msg[1], "t3.csv:5: expected 3 fields, got 2");
    }
    nx_diags_free(&d);
    nx_csv_close(&c);
}

static void test_names(void)
{
    nx_names m;
    memset(&m, 0, sizeof m);
    char k[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(k, sizeof k, "T%d", i);
        CHECK(nx_names_add(&m, k, strlen(k)) == i);
    }
    CHECK(nx_names_find(&m, "T537", 4) == 537);
    CHECK(nx_names_add(&m, "T5", 2) == 5);
    CHECK(nx_names_find(&m, "nope", 4) == -1);
    nx_names_free(&m);
}

static long long U(int y, int mo, int d, int h, int mi, int s) { return (long long)D(y, mo, d) * 86400 + h * 3600 + mi * 60 + s; }

static void test_time(void)
{
    long long t;
    int s;
    CHECK(nx_parse_timestamp("2019-06-12T20:30:00Z", &t) == 0 && t == U(2019, 6, 12, 20, 30, 0));
    CHECK(nx_parse_timestamp("2019-06-12T16:30:00-04:00", &t) == 0 && t == U(2019, 6, 12, 20, 30, 0));
    CHECK(nx_parse_timestamp("2019-06-12 16:30+0530", &t) == 0 && t == U(2019, 6, 12, 11, 0, 0));
    CHECK(nx_parse_timestamp("2019-06-12T16:30:00.123Z", &t) == 0 && t == U(2019, 6, 12, 16, 30, 0));
    CHECK(nx_parse_timestamp("2019-06-12T16:30", &t) == 0 && t == U(2019, 6, 12, 16, 30, 0));
    CHECK(nx_parse_timestamp("2019-06-12", &t) == -1);
    CHECK(nx_parse_timestamp("2019-06-12T25:00Z", &t) == -1);
    CHECK(nx_parse_timestamp("2019-06-12T10:00Zx", &t) == -1);
    CHECK(nx_parse_clock("15:01:01", &s) == 0 && s == 15 * 3600 + 61);
    CHECK(nx_parse_clock("15:01:01.79", &s) == 0 && s == 15 * 3600 + 61);
    CHECK(nx_parse_clock("9:30", &s) == -1);
    /* New York: the DST changes of each regime, one second either side */
    const int E = -5 * 3600, Dl = -4 * 3600;
    CHECK(nx_ny_offset(U(2019, 3, 10, 6, 59, 59)) == E);
    CHECK(nx_ny_offset(U(2019, 3, 10, 7, 0, 0)) == Dl);
    CHECK(nx_ny_offset(U(2019, 11, 3, 5, 59, 59)) == Dl);
    CHECK(nx_ny_offset(U(2019, 11, 3, 6, 0, 0)) == E);
    CHECK(nx_ny_offset(U(2006, 4, 2, 7, 0, 0)) == Dl);  /* first Sunday of April */
    CHECK(nx_ny_offset(U(2006, 4, 2, 6, 59, 59)) == E);
    CHECK(nx_ny_offset(U(2006, 10, 29, 5, 59, 59)) == Dl); /* last Sunday of October */
    CHECK(nx_ny_offset(U(2006, 10, 29, 6, 0, 0)) == E);
    CHECK(nx_ny_offset(U(1987, 4, 5, 7, 0, 0)) == Dl);
    CHECK(nx_ny_offset(U(1986, 4, 27, 7, 0, 0)) == Dl); /* last Sunday of April */
    CHECK(nx_ny_offset(U(1986, 4, 20, 12, 0, 0)) == E);
    CHECK(nx_ny_offset(U(1974, 1, 6, 7, 0, 0)) == Dl);
    CHECK(nx_ny_offset(U(1975, 2, 23, 7, 0, 0)) == Dl);
    CHECK(nx_ny_offset(U(1960, 7, 1, 12, 0, 0)) == Dl); /* New York City's own DST */
    CHECK(nx_ny_offset(U(1960, 12, 1, 12, 0, 0)) == E);
    CHECK(nx_ny_offset(U(1943, 1, 15, 12, 0, 0)) == Dl); /* War Time */
    CHECK(nx_ny_offset(U(1910, 7, 1, 12, 0, 0)) == E);
    CHECK(nx_ny_offset(U(2019, 1, 15, 12, 0, 0)) == E);
    CHECK(nx_ny_offset(U(2019, 7, 15, 12, 0, 0)) == Dl);
    /* the tz database (through the C library; make test installs tzdata), every hour from 1900
     * to 2037 */
    CHECK(access("/usr/share/zoneinfo/America/New_York", R_OK) == 0);
    setenv("TZ", "America/New_York", 1);
    tzset();
    long bad = 0, first = 0;
    for (long long u = U(1900, 1, 1, 0, 0, 0); u < U(2037, 1, 1, 0, 0, 0); u += 1800) {
        time_t tt = (time_t)u;
        struct tm tm;
        if (!localtime_r(&tt, &tm) || tm.tm_gmtoff != nx_ny_offset(u)) {
            if (!bad++)
                first = (long)(u / 86400);
        }
    }
    if (bad) {
        int y, m, d;
        nx_civil_from_days((int)first, &y, &m, &d);
        fprintf(stderr, "nx_ny_offset differs from the tz database at %ld half hours, first on %04d-%02d-%02d\n",
                bad, y, m, d);
    }
    CHECK(bad == 0);
}

static void test_day0(void)
{
    /* Mon 2019-06-10 .. Fri 06-14, Mon 06-17 */
    int days[] = {D(2019, 6, 10), D(2019, 6, 11), D(2019, 6, 12), D(2019, 6, 13), D(2019, 6, 14), D(2019, 6, 17)};
    nx_calendar cal = {days, 6};
    nx_day0 o;
    nx_find_day0(&cal, D(2019, 6, 15), 0, 0, 16 * 3600, &o); /* Saturday */
    CHECK(o.index == 5 && o.shift_days == 2 && !o.after_close);
    nx_find_day0(&cal, D(2019, 6, 12), 1, U(2019, 6, 12, 20, 0, 0), 16 * 3600, &o); /* 16:00 EDT */
    CHECK(o.index == 3 && o.after_close && o.shift_days == 1 && o.local_secs == 16 * 3600);
    nx_find_day0(&cal, D(2019, 6, 12), 1, U(2019, 6, 12, 19, 59, 59), 16 * 3600, &o);
    CHECK(o.index == 2 && !o.after_close && o.shift_days == 0);
    nx_find_day0(&cal, D(2019, 6, 14), 1, U(2019, 6, 14, 21, 0, 0), 16 * 3600, &o); /* Friday after close */
    CHECK(o.index == 5 && o.shift_days == 3);
    nx_find_day0(&cal, D(2019, 6, 13), 1, U(2019, 6, 13, 2, 0, 0), 16 * 3600, &o); /* 22:00 on the 12th */
    CHECK(o.index == 3 && o.local_date == D(2019, 6, 12) && o.after_close);
    nx_find_day0(&cal, D(2019, 6, 1), 0, 0, 16 * 3600, &o);
    CHECK(o.index == -1 && o.before_first);
    nx_find_day0(&cal, D(2019, 6, 18), 0, 0, 16 * 3600, &o);
    CHECK(o.index == -1 && !o.before_first);
    nx_find_day0(&cal, D(2019, 6, 17), 1, U(2019, 6, 17, 21, 0, 0), 16 * 3600, &o); /* after the last close */
    CHECK(o.index == -1);
    nx_find_day0(&cal, D(2019, 6, 12), 1, U(2019, 6, 12, 17, 0, 0), 13 * 3600, &o); /* --close-time 13:00 */
    CHECK(o.index == 3);
    CHECK(nx_cal_index(&cal, D(2019, 6, 15)) == -1 && nx_cal_index(&cal, D(2019, 6, 17)) == 5);
    nx_window w;
    CHECK(nx_parse_window("-250,-11", &w) == 0 && w.a == -250 && w.b == -11);
    CHECK(nx_parse_window("0:0", &w) == 0 && w.a == 0 && w.b == 0);
    CHECK(nx_parse_window("2,1", &w) == -1);
    CHECK(nx_parse_window("1", &w) == -1);
    CHECK(nx_parse_window("a,b", &w) == -1);
}

static void test_models(void)
{
    nx_error err = {0};
    nx_fit f;
    double x[] = {1, 2, 3, 4}, y[] = {3.1, 4.9, 7.1, 8.9}, work[64];
    char why[160];
    double res[4];
    CHECK(nx_fit_model(NX_MODEL_MARKET, 1, y, x, 4, work, &f, res, why, sizeof why, &err) == NX_FIT_OK);
    CHECK(NEAR(res[0], 0.04, 1e-13) && NEAR(res[1], -0.12, 1e-13) && NEAR(res[2], 0.12, 1e-13) && NEAR(res[3], -0.04, 1e-13));
    /* by hand: xbar 2.5, ybar 6, Sxy 9.8, Sxx 5 -> b 1.96, a 1.1; residuals .04 -.12 .12 -.04 */
    CHECK(NEAR(f.b[0], 1.96, 1e-14) && NEAR(f.alpha, 1.1, 1e-14));
    CHECK(NEAR(f.s2, 0.032 / 2, 1e-13) && f.df == 2 && f.l1 == 4);
    double x5 = 5;
    CHECK(NEAR(nx_fit_var_factor(&f, &x5), 0.25 + 6.25 / 5, 1e-14));
    double dsum = (5 - 2.5) + (6 - 2.5); /* a window of x = 5, 6 */
    CHECK(NEAR(nx_fit_car_factor(&f, &dsum, 2), 4.0 / 4 + 36.0 / 5, 1e-14));
    CHECK(NEAR(nx_fit_expected(&f, &x5), 1.1 + 1.96 * 5, 1e-14));
    /* the same regression through the factor path (QR) */
    nx_fit g;
    CHECK(nx_fit_model(NX_MODEL_FACTORS, 1, y, x, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_OK);
    CHECK(NEAR(g.b[0], f.b[0], 1e-13) && NEAR(g.alpha, f.alpha, 1e-13) && NEAR(g.s2, f.s2, 1e-12));
    CHECK(NEAR(g.m[0], f.m[0], 1e-13));
    /* mean and market-adjusted */
    CHECK(nx_fit_model(NX_MODEL_MEAN, 0, y, NULL, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_OK);
    CHECK(NEAR(g.alpha, 6.0, 1e-15) && g.df == 3 && NEAR(nx_fit_var_factor(&g, NULL), 0.25, 1e-15));
    CHECK(NEAR(nx_fit_car_factor(&g, NULL, 3), 9.0 / 4, 1e-15));
    CHECK(nx_fit_model(NX_MODEL_MARKET_ADJ, 1, y, x, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_OK);
    CHECK(g.df == 3 && nx_fit_var_factor(&g, x) == 0 && nx_fit_car_factor(&g, &dsum, 2) == 0);
    /* two factors: y = 1 + 2 f1 - f2 + e, e orthogonal to the factors by construction */
    double F[] = {1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2}, e[] = {0.1, -0.1, -0.1, 0.1, 0.1, -0.1}, yy[6];
    /* residual pattern e: check the slopes are recovered when e is orthogonal */
    for (int t = 0; t < 6; t++)
        yy[t] = 1 + 2 * F[2 * t] - F[2 * t + 1] + e[t];
    CHECK(nx_fit_model(NX_MODEL_FACTORS, 2, yy, F, 6, work, &g, NULL, why, sizeof why, &err) == NX_FIT_OK);
    CHECK(g.k == 2 && g.df == 3);
    CHECK(NEAR(g.b[0], 2, 0.2) && NEAR(g.b[1], -1, 0.2));
    /* what cannot be estimated */
    double c4[] = {2, 2, 2, 2};
    CHECK(nx_fit_model(NX_MODEL_MARKET, 1, c4, x, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_CONSTANT);
    CHECK(strstr(why, "constant") != NULL);
    CHECK(nx_fit_model(NX_MODEL_MARKET, 1, y, c4, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_CONSTANT);
    CHECK(nx_fit_model(NX_MODEL_MARKET, 1, y, x, 2, work, &g, NULL, why, sizeof why, &err) == NX_FIT_SHORT);
    double exact[] = {3, 5, 7, 9};
    CHECK(nx_fit_model(NX_MODEL_MARKET, 1, exact, x, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_CONSTANT);
    double coll[] = {1, 2, 2, 4, 3, 6, 4, 8}; /* f2 = 2 f1 */
    CHECK(nx_fit_model(NX_MODEL_FACTORS, 2, y, coll, 4, work, &g, NULL, why, sizeof why, &err) == NX_FIT_CONSTANT);
    CHECK(!err.set);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_ranks(void)
{
    double v[] = {3, 1, 2, 2, 5, 2}, r[6], sc[24];
    nx_avg_ranks(v, 6, r, sc);
    CHECK(r[0] == 5 && r[1] == 1 && r[2] == 3 && r[3] == 3 && r[5] == 3 && r[4] == 6);
    /* the pair sort against qsort on many values with duplicates */
    enum { N = 5000 };
    static double pairs[2 * N], keys[N], tmp[2 * N];
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        keys[i] = (double)((s >> 8) % 997) / 7.0;
        pairs[2 * i] = keys[i];
        pairs[2 * i + 1] = i;
    }
    for (int i = 0; i < N; i += 7)
        pairs[2 * i] = keys[i] = -keys[i]; /* negative keys too */
    pairs[0] = keys[0] = -0.0;
    pairs[2] = keys[1] = 0.0;
    nx_sort_pairs(pairs, N, tmp);
    qsort(keys, N, sizeof *keys, cmp_d);
    int ok = 1;
    for (int i = 0; i < N; i++) {
        ok &= pairs[2 * i] == keys[i];
        /* stable: equal keys keep their input order */
        if (i && pairs[2 * i] == pairs[2 * i - 2] && !(pairs[2 * i] == 0))
            ok &= pairs[2 * i + 1] > pairs[2 * i - 1];
    }
    CHECK(ok);
    /* keys equal in their high 32 bits (the insertion pass orders them) */
    static double close[2 * 300], ct[2 * 300];
    for (int i = 0; i < 300; i++) {
        close[2 * i] = 1.0 + (double)((i * 7919) % 300) * 1e-15;
        close[2 * i + 1] = i;
    }
    nx_sort_pairs(close, 300, ct);
    ok = 1;
    for (int i = 1; i < 300; i++)
        ok &= close[2 * i] >= close[2 * i - 2] && (close[2 * i] != close[2 * i - 2] || close[2 * i + 1] > close[2 * i - 1]);
    CHECK(ok);
    double small[] = {3, 0, 1, 1, 2, 2, -1, 3}, st[8];
    nx_sort_pairs(small, 4, st);
    CHECK(small[0] == -1 && small[2] == 1 && small[4] == 2 && small[6] == 3);
}

static void test_pvalues(void)
{
    const double pi = 3.14159265358979323846;
    /* closed forms: t(1): p = 1 - 2 atan(t) / pi; t(2): p = 1 - t / sqrt(2 + t^2) */
    double ts[] = {0, 0.1, 1, 2.5, 12.7, 100};
    for (int i = 0; i < 6; i++) {
        double t = ts[i];
        CHECK(NEAR(nx_p_t(t, 1), 1 - 2 * atan(t) / pi, 1e-13));
        CHECK(NEAR(nx_p_t(-t, 2), 1 - t / sqrt(2 + t * t), 1e-13));
    }
    /* t = 6 with 118 df: 2.184181399515807e-08 (mpmath, 40 digits); a tail where 1 - q cancels */
    CHECK(fabs(nx_p_t(6.003689381722097, 118) / 2.184181399515807e-08 - 1) < 1e-12);
    CHECK(nx_p_t(1e6, 50) > 0 && nx_p_t(1e6, 50) < 1e-250); /* about (50/1e12)^25 */
    CHECK(nx_p_t(1e20, 50) == 0);                          /* underflow: 0, not an error */
    CHECK(isnan(nx_p_t(1, 0)));
    CHECK(NEAR(nx_p_z(1.959963984540054), 0.05, 1e-14));
    CHECK(nx_p_z(0) == 1);
}

static void test_small_tests(void)
{
    double scratch[64];
    nx_stat s;
    (void)scratch;
    /* n = 3, ranks 1 2 3, W+ = 1 + 3: the 8 sign vectors give 0 1 2 3 3 4 5 6 -> p = 2 * 3/8 */
    double a[] = {1, -2, 3};
    nx_test_wilcoxon(a, 3, scratch, &s);
    CHECK(s.value == 4 && s.p == 0.75 && strcmp(s.method, "exact") == 0);
    /* ties: |x| ranks 1.5 1.5 3, W+ = 4.5; doubled 3 3 6: sums 0 3 3 6 6 9 9 12 -> p = 2 * 3/8 */
    double b[] = {1, -1, 2};
    nx_test_wilcoxon(b, 3, scratch, &s);
    CHECK(s.value == 4.5 && s.p == 0.75);
    /* zeros are dropped: n = 2, W+ = 3 (both positive): P(W >= 3) = 1/4 -> p = 0.5 */
    double c[] = {0, 1, 2};
    nx_test_wilcoxon(c, 3, scratch, &s);
    CHECK(s.value == 3 && s.p == 0.5 && s.x[0] == 2);
    double z[] = {0, 0};
    nx_test_wilcoxon(z, 2, scratch, &s);
    CHECK(isnan(s.value) && s.reason);
    /* sign test: 3 of 4 positive: (3 - 2) / 1 */
    double d[] = {1, 2, -1, 3};
    nx_test_sign(d, 4, &s);
    CHECK(s.value == 1);
    nx_test_gsign(d, 4, 0.5, &s);
    CHECK(NEAR(s.value, 1, 1e-15));
    nx_test_gsign(d, 4, 1, &s);
    CHECK(isnan(s.value) && s.reason);
    /* cross-sectional t: mean 1.25, sd sqrt(2.91667) */
    nx_test_csect(d, 4, &s);
    CHECK(NEAR(s.value, 1.25 / (sqrt(35.0 / 12) / 2), 1e-14) && s.df == 3);
    nx_test_csect(d, 1, &s);
    CHECK(isnan(s.value) && isnan(s.p) && strstr(s.reason, "2 firm-events"));
    double same[] = {0.5, 0.5, 0.5};
    nx_test_csect(same, 3, &s);
    CHECK(isnan(s.value) && s.reason);
    /* skewness-adjusted t of a symmetric sample is sqrt(N) S (gamma = 0) */
    double sym[] = {1, 2, 3};
    nx_test_skew(sym, 3, &s);
    CHECK(NEAR(s.value, sqrt(3.0) * 2 / 1, 1e-14));
}

static void test_prices(void)
{
    char path[] = "/tmp/nx-unit-prices-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const char *text = "date,A,B\n2019-01-02,10,-5\n2019-01-03,11,\n2019-01-04,abc,5.5\n2019-01-04,1,1\n"
                       "2019-01-07,12.1,0\n";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    nx_rawset r;
    nx_diags d;
    memset(&d, 0, sizeof d);
    nx_error err = {0};
    nx_price_opts o;
    memset(&o, 0, sizeof o);
    CHECK(nx_rawset_read(path, &o, &r, &d, &err) == 0);
    CHECK(r.format == 'w' && r.names.n == 2);
    CHECK(r.s[0].n == 4 && r.s[1].n == 4); /* the duplicate date row is skipped */
    CHECK(r.s[1].v[0] == 5 && r.s[1].nneg == 1);
    CHECK(d.rejected == 3 && d.n == 3); /* abc, the duplicate, the zero price */
    CHECK(d.n >= 2 && strstr(d.msg[0], ":4: expected a number in column 'A', got 'abc'"));
    CHECK(d.n >= 2 && strstr(d.msg[1], ":5: duplicate date '2019-01-04'"));
    nx_calendar cal;
    /* A's dates, the one whose value was rejected too (2019-01-04: a trading day without a price):
     * 10 11 - 12.1, and the return of 01-07 spans the missing price: missing, not 12.1 / 11 - 1 */
    CHECK(nx_calendar_from_raw(&r.s[0], 1, &cal, NULL, &err) == 0 && cal.n == 4);
    nx_series s;
    CHECK(nx_series_build(&r.s[0], &cal, NX_RET_PRICES, 0, &s, &err) == 0);
    CHECK(isnan(s.r[0]) && NEAR(s.r[1], 0.1, 1e-15) && isnan(s.r[2]) && isnan(s.r[3]));
    CHECK(s.first == 0 && s.last == 3);
    nx_series_free(&s);
    nx_calendar cal_r; /* with returns, a day without the market's return is no trading day */
    size_t holes = 0;
    CHECK(nx_calendar_from_raw(&r.s[0], 0, &cal_r, &holes, &err) == 0 && cal_r.n == 3 && holes == 1);
    nx_cal_free(&cal_r);
    /* B: 5 (from -5), missing, 5.5, 0 -> missing: no return spans the gap */
    CHECK(nx_series_build(&r.s[1], &cal, NX_RET_PRICES, 1, &s, &err) == 0);
    CHECK(isnan(s.r[1]) && isnan(s.r[2]) && isnan(s.r[3]) && s.off_calendar == 0 && s.first == 0 && s.last == 2);
    nx_series_free(&s);
    nx_cal_free(&cal);
    nx_rawset_free(&r);
    nx_diags_free(&d);
    unlink(path);
}

static void test_events(void)
{
    char path[] = "/tmp/nx-unit-events-XXXXXX";
    int fd = mkstemp(path);
    const char *text =
        "{\"event_id\":\"e1\",\"doc_date\":\"1987-03-02\",\"time\":\"21:05:00\",\"type\":\"acquisition\","
        "\"roles\":{\"acquirer\":[{\"name\":\"Waste Management Inc\",\"ticker\":\"WMX\"}],"
        "\"target\":[{\"name\":\"ChemLawn\",\"ticker\":\"CHEM\"},{\"name\":\"X\",\"ticker\":null}]},"
        "\"amount\":{\"value\":270000000,\"currency\":\"USD\"},\"change\":null}\n"
        "\n"
        "{\"event_id\":\"e2\",\"date\":\"bad\"}\n"
        "{\"event_id\":7,\"doc_date\":\"1987-03-03\",\"roles\":{}}\n";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    nx_fevents ev;
    memset(&ev, 0, sizeof ev);
    nx_diags d;
    memset(&d, 0, sizeof d);
    nx_error err = {0};
    CHECK(nx_events_read(path, NULL, &ev, &d, &err) == 0);
    CHECK(ev.n == 4);
    CHECK(ev.n == 4 && strcmp(ev.v[0].ticker, "WMX") == 0 && strcmp(ev.v[0].role, "acquirer") == 0);
    CHECK(ev.n == 4 && ev.v[0].has_time && ev.v[0].utc == U(1987, 3, 2, 21, 5, 0));
    CHECK(ev.n == 4 && ev.v[1].amount == 270000000 && strcmp(ev.v[1].currency, "USD") == 0);
    CHECK(ev.n == 4 && ev.v[2].ticker == NULL && strcmp(ev.v[2].name, "X") == 0);
    CHECK(ev.n == 4 && strcmp(ev.v[3].event_id, "7") == 0 && ev.v[3].ticker == NULL && ev.v[3].role == NULL);
    CHECK(d.rejected == 1 && d.n == 1 && strstr(d.msg[0], ":3: event 'e2': bad date 'bad'"));
    nx_fevents_free(&ev);
    const char *roles[] = {"target"};
    nx_events_opts o = {roles, 1};
    CHECK(nx_events_read(path, &o, &ev, &d, &err) == 0 && ev.n == 2);
    nx_fevents_free(&ev);
    nx_diags_free(&d);
    unlink(path);
}

static void test_draws(void)
{
    /* the bootstrap's draws are gsl_rng_uniform_int's, number for number */
    gsl_rng *a = gsl_rng_alloc(gsl_rng_taus2), *b = gsl_rng_alloc(gsl_rng_taus2);
    unsigned long ns[] = {1, 2, 3, 7, 16, 1000, 10000, 65537, 1000003, 2147483647UL, 4294967295UL};
    static unsigned long out[5000];
    int ok = 1;
    for (size_t k = 0; k < sizeof ns / sizeof *ns; k++)
        for (unsigned long seed = 0; seed < 3; seed++) {
            gsl_rng_set(a, seed * 12345);
            gsl_rng_set(b, seed * 12345);
            nx_boot_draw_test(a, ns[k], 5000, out);
            for (int i = 0; i < 5000; i++)
                ok &= out[i] == gsl_rng_uniform_int(b, ns[k]);
        }
    CHECK(ok);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

int main(void)
{
    nx_alloc_init();
    gsl_set_error_handler_off();
    test_dates();
    test_numbers();
    test_csv();
    test_names();
    test_time();
    test_day0();
    test_models();
    test_ranks();
    test_pvalues();
    test_small_tests();
    test_prices();
    test_events();
    test_draws();
    UNIT_DONE();
}
