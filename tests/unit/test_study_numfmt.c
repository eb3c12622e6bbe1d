/* test_study_numfmt.c: the study's number formatting (Grisu2) and parsing (Clinger's fast path),
 * against glibc's strtod / printf on millions of doubles: every output reads back to the same
 * double, it is never longer than 17 digits, and the parser is bit-identical to strtod. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/numfmt.h"
#include "unit.h"

static double from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* digits of the shortest %.{1..17}g that reads back (the classic, slow way) */
static int shortest_digits(double v)
{
    char t[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(t, sizeof t, "%.*g", p, v);
        if (strtod(t, NULL) == v)
            return p;
    }
    return 17;
}

static int sig_digits(const char *s)
{
    int n = 0, started = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s >= '1' && *s <= '9')
            started = 1;
        if (started && *s >= '0' && *s <= '9')
            n++;
    }
    /* trailing zeros of a whole number are not significant */
    const char *e = strchr(s, 'e');
    (void)e;
    return n;
}

static int check_one(double v, long *longer)
{
    char t[32];
    size_t n = nx_fmt_double(v, t);
    if (!n || strlen(t) != n)
        return 0;
    char *end;
    double back = strtod(t, &end);
    if (*end || memcmp(&back, &v, sizeof v) != 0) {
        fprintf(stderr, "%.17g printed as '%s' reads back as %.17g\n", v, t, back);
        return 0;
    }
    double w;
    if (nx_parse_double(t, n, &w) || memcmp(&w, &v, sizeof v) != 0) {
        fprintf(stderr, "'%s' parsed as %.17g, want %.17g\n", t, w, v);
        return 0;
    }
    if (longer && strchr(t, '.') && !strchr(t, 'e') && sig_digits(t) > shortest_digits(v))
        (*longer)++;
    return 1;
}

int main(void)
{
    char t[32];
    /* fixed cases */
    nx_fmt_double(0.0, t);
    CHECK_STR(t, "0");
    nx_fmt_double(-0.0, t);
    CHECK_STR(t, "0");
    nx_fmt_double(1.0, t);
    CHECK_STR(t, "1");
    nx_fmt_double(120.0, t);
    CHECK_STR(t, "120");
    nx_fmt_double(-16.75, t);
    CHECK_STR(t, "-16.75");
    nx_fmt_double(0.1, t);
    CHECK_STR(t, "0.1");
    nx_fmt_double(0.0001, t);
    CHECK_STR(t, "0.0001");
    nx_fmt_double(0.00001, t);
    CHECK_STR(t, "1e-05");
    nx_fmt_double(1.5e-300, t);
    CHECK_STR(t, "1.5e-300");
    nx_fmt_double(1e17, t);
    CHECK_STR(t, "1e+17");
    nx_fmt_double(12345678901234567.0, t);
    CHECK_STR(t, "12345678901234568");
    nx_fmt_double(270000000, t);
    CHECK_STR(t, "270000000");
    nx_fmt_double(2.184181399515807e-08, t);
    CHECK_STR(t, "2.184181399515807e-08");
    CHECK(nx_fmt_double(NAN, t) == 0 && t[0] == 0);
    CHECK(nx_fmt_double(INFINITY, t) == 0);
    /* extremes */
    double ext[] = {5e-324, 2.2250738585072014e-308, 2.2250738585072009e-308, 1.7976931348623157e308,
                    9007199254740993.0, 0.3, 2.0 / 3, 1e22, 1e23, 123456.789e-10};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        CHECK(check_one(ext[i], NULL));
        CHECK(check_one(-ext[i], NULL));
    }
    /* random bit patterns over the whole range */
    int ok = 1;
    for (long i = 0; i < 2000000 && ok; i++) {
        double v = from_bits(unit_next());
        if (!isfinite(v))
            continue;
        ok = check_one(v, NULL);
    }
    CHECK(ok);
    /* values like the study's: returns, prices, p-values; count outputs longer than the shortest */
    long longer = 0, total = 0;
    for (long i = 0; i < 300000 && ok; i++) {
        double u = (double)(unit_next() >> 11) / 9007199254740992.0;
        double v = (u - 0.5) * pow(10, (double)(unit_next() % 12) - 8);
        ok = check_one(v, &longer);
        total++;
    }
    CHECK(ok);
    CHECK(longer * 200 < total); /* Grisu2: the shortest digits for all but a few */
    /* parsing: bit-identical to strtod on decimal texts of every length */
    int pok = 1;
    for (long i = 0; i < 500000 && pok; i++) {
        char s[64];
        int digits = 1 + (int)(unit_next() % 19), e = (int)(unit_next() % 60) - 30;
        int len = 0;
        if (unit_next() & 1)
            s[len++] = '-';
        for (int k = 0; k < digits; k++) {
            s[len++] = (char)('0' + unit_next() % 10);
            if (k == digits / 2 && (unit_next() & 1))
                s[len++] = '.';
        }
        if (unit_next() % 3 == 0)
            len += snprintf(s + len, sizeof s - (size_t)len, "e%d", e);
        s[len] = 0;
        double a, b = strtod(s, NULL);
        if (nx_parse_double(s, (size_t)len, &a) || memcmp(&a, &b, sizeof a) != 0) {
            fprintf(stderr, "'%s': %.17g, strtod %.17g\n", s, a, b);
            pok = 0;
        }
    }
    CHECK(pok);
    double v;
    CHECK(nx_parse_double("1e", 2, &v) == -1);
    CHECK(nx_parse_double(".", 1, &v) == -1);
    CHECK(nx_parse_double("-", 1, &v) == -1);
    CHECK(nx_parse_double("1.5x", 4, &v) == -1);
    CHECK(nx_parse_double("inf", 3, &v) == -1);
    CHECK(nx_parse_double("1e999", 5, &v) == -1);
    CHECK(nx_parse_double("+.5", 3, &v) == 0 && v == 0.5);
    CHECK(nx_parse_double("00012.50", 8, &v) == 0 && v == 12.5);
    UNIT_DONE();
}
