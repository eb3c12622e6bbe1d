/* test_format.c: numbers and instants written without printf (extractor/base.c, analysis/csv.c) give
 * the bytes printf gave. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../analysis/csv.h"
#include "../../extractor/base.h"
#include "unit.h"

/* nx_buf_json_num as it was written with printf */
static void json_num_printf(char *out, size_t cap, double v)
{
    if (!isfinite(v)) {
        snprintf(out, cap, "null");
        return;
    }
    if (v == 0) {
        snprintf(out, cap, "0");
        return;
    }
    if (fabs(v) < 1e15 && v == (double)(long long)v) {
        snprintf(out, cap, "%lld", (long long)v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, cap, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
}

static size_t utf8_seq_ref(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] >= 0xA0)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

/* nx_buf_json_str as it was, byte by byte */
static void json_str_ref(nx_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    if (nx_buf_reserve(b, n + 2))
        return;
    nx_buf_addc(b, '"');
    size_t i = 0;
    while (i < n) {
        /* copy the longest run that needs no escaping */
        size_t j = i;
        while (j < n && u[j] >= 0x20 && u[j] < 0x80 && u[j] != '"' && u[j] != '\\')
            j++;
        if (j > i) {
            nx_buf_add(b, s + i, j - i);
            i = j;
            if (i >= n)
                break;
        }
        unsigned c = u[i];
        if (c >= 0x80) {
            size_t k = utf8_seq_ref(u + i, n - i);
            if (k == 0) {
                nx_buf_add(b, "\xEF\xBF\xBD", 3);
                i++;
            } else {
                nx_buf_add(b, s + i, k);
                i += k;
            }
            continue;
        }
        switch (c) {
        case '"': nx_buf_add(b, "\\\"", 2); break;
        case '\\': nx_buf_add(b, "\\\\", 2); break;
        case '\n': nx_buf_add(b, "\\n", 2); break;
        case '\r': nx_buf_add(b, "\\r", 2); break;
        case '\t': nx_buf_add(b, "\\t", 2); break;
        case 0x1A: nx_buf_add(b, "\xEF\xBF\xBD", 3); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            nx_buf_add(b, e, 6);
        }
        }
        i++;
    }
    nx_buf_addc(b, '"');
}

static void check_json_str(const char *s, size_t n)
{
    nx_buf a = NX_BUF_INIT, b = NX_BUF_INIT;
    json_str_ref(&a, s, n);
    nx_buf_json_str(&b, s, n);
    unit_run++;
    if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0) {
        unit_failed++;
        fprintf(stderr, "json_str of %zu bytes: got '%s', want '%s'\n", n, b.p, a.p);
    }
    nx_buf_free(&a);
    nx_buf_free(&b);
}

static int num_diffs;

static void check_num(double v)
{
    char want[64];
    json_num_printf(want, sizeof want, v);
    nx_buf b = NX_BUF_INIT;
    nx_buf_json_num(&b, v);
    unit_run++;
    if (!b.p || strcmp(b.p, want) != 0) {
        unit_failed++;
        if (num_diffs++ < 20)
            fprintf(stderr, "json_num(%.17g): got '%s', want '%s'\n", v, b.p ? b.p : "(null)", want);
    }
    nx_buf_free(&b);
}

static void check_ll(long long v)
{
    char want[32], got[32];
    snprintf(want, sizeof want, "%lld", v);
    size_t n = nx_fmt_ll(got, v);
    got[n] = 0;
    CHECK_STR(got, want);
}

static void check_ull(unsigned long long v)
{
    char want[32], got[32];
    snprintf(want, sizeof want, "%llu", v);
    size_t n = nx_fmt_ull(got, v);
    got[n] = 0;
    CHECK_STR(got, want);
}

static void check_utc(long long utc)
{
    char full[80], want[24], got[24];
    long long day = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    long long s = utc - day * 86400;
    int y, mo, d;
    nx_civil_from_days((int)day, &y, &mo, &d);
    snprintf(full, sizeof full, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, (int)(s / 3600), (int)(s / 60 % 60),
             (int)(s % 60));
    snprintf(want, sizeof want, "%.23s", full); /* as snprintf into 24 bytes cuts it */
    nx_format_utc(utc, got);
    CHECK_STR(got, want);
}

int main(void)
{
    /* integers */
    const long long lls[] = {0, 1, -1, 9, 10, -10, 99, 100, 12345, -987654321, 4294967296LL, INT64_MAX, INT64_MIN,
                             INT64_MIN + 1, 1000000000000000000LL, -999999999999999999LL};
    for (size_t i = 0; i < sizeof lls / sizeof *lls; i++)
        check_ll(lls[i]);
    check_ull(0);
    check_ull(UINT64_MAX);
    check_ull(10000000000000000000ULL);
    for (int i = 0; i < 10000; i++) {
        uint64_t r = unit_next();
        check_ll((long long)(r >> (r % 64)));
        check_ll(-(long long)(r >> (1 + r % 63)));
        check_ull(r >> (r % 64));
    }
    nx_buf b = NX_BUF_INIT;
    nx_buf_add_ll(&b, -42);
    nx_buf_addc(&b, ' ');
    nx_buf_add_ull(&b, 18446744073709551615ULL);
    CHECK_STR(b.p, "-42 18446744073709551615");
    nx_buf_free(&b);

    /* numbers as JSON: edge cases, then many */
    const double nums[] = {0.0, -0.0, 1, -1, 0.5, -0.5, 0.1, 0.2, 0.1 + 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.85, 0.9 * 0.85,
                           0.95, 0.7225, 0.001, 0.0001, 0.00012345, 0.000099999, 1e-5, 1.5e-7, 123.456, -123.456,
                           1e14, 1e15, 1e15 + 0.5, 999999999999999.9, 99999999999999.98, 9007199254740993.0,
                           1e16, 1e21, 1e22, 1e23, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
                           0.9999999999999999, 0.99999999999999989, 9.999999999999999e-5, 0.00009999999999999999,
                           1e-4, 0.0001000000000000001, 12345678901234.5, 1234567890123.45, 0.123456789012345,
                           0.1234567890123456, 3.141592653589793, 2.718281828459045, 100.25, 1e300 * 1e10, NAN,
                           -INFINITY};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        check_num(nums[i]);
    for (int i = 0; i < 200000; i++) {
        uint64_t r = unit_next();
        double v;
        memcpy(&v, &r, sizeof v);
        check_num(v); /* any bit pattern */
        check_num((double)(r % 100000) / 100000.0);   /* a few decimals */
        check_num((double)(r % 1000) / 1000.0 * (double)(unit_next() % 1000) / 1000.0); /* products, as confidences */
        check_num((double)(r >> 11) * 0x1p-53 * pow(10, (double)(int)(unit_next() % 24) - 6)); /* any magnitude */
        check_num(-(double)(r % 10000000) / pow(10, (double)(unit_next() % 12)));
    }

    /* JSON strings: any length, bytes plain or to escape anywhere */
    static const char alpha[] = {'a', 'Z', ' ', '"', '\\', '\n', 0, 0x1A, 0x1F, 0x7F, (char)0xC3, (char)0xA9,
                                 (char)0xE2, (char)0x82, (char)0xAC, (char)0xF0, (char)0x9F, (char)0xFF};
    char str[80];
    for (int i = 0; i < 200000; i++) {
        size_t n = unit_next() % 70;
        int plain = (int)(unit_next() % 4); /* mostly plain strings, as names and texts are */
        for (size_t k = 0; k < n; k++)
            str[k] = plain && unit_next() % 16 ? (char)('a' + unit_next() % 26) : alpha[unit_next() % sizeof alpha];
        check_json_str(str, n);
    }

    /* instants */
    check_utc(0);
    check_utc(541347661);   /* 1987-02-26T15:01:01Z */
    check_utc(-1);          /* 1969-12-31T23:59:59Z */
    check_utc(-62167219200LL);        /* 0000-01-01 */
    check_utc(-62167219200LL - 1);    /* year -1: "-001-12-31..." */
    check_utc(253402300799LL);        /* 9999-12-31T23:59:59Z */
    check_utc(253402300800LL);        /* 10000-01-01 */
    check_utc(951782400);             /* 2000-02-29 */
    for (int i = 0; i < 100000; i++)
        check_utc((long long)(unit_next() % 400000000000ULL) - 80000000000LL);
    UNIT_DONE();
}
