/* decimal.c: exact decimals (see decimal.h). */
#include "decimal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const nx_dec BAD = {0, 0, 0};

static int mul_ok(int64_t a, int64_t b, int64_t *r) { return !__builtin_mul_overflow(a, b, r); }
static int add_ok(int64_t a, int64_t b, int64_t *r) { return !__builtin_add_overflow(a, b, r); }

static nx_dec mk(int64_t c, int s)
{
    nx_dec d = {c, s, 1};
    return d;
}

nx_dec nx_dec_norm(nx_dec v)
{
    if (!v.ok)
        return v;
    if (v.coef == 0)
        return mk(0, 0);
    while (v.scale > 0 && v.coef % 10 == 0) {
        v.coef /= 10;
        v.scale--;
    }
    return v;
}

/* Bring a and b to the same scale (the larger); 0 on overflow. */
static int align(nx_dec *a, nx_dec *b)
{
    while (a->scale < b->scale) {
        if (!mul_ok(a->coef, 10, &a->coef))
            return 0;
        a->scale++;
    }
    while (b->scale < a->scale) {
        if (!mul_ok(b->coef, 10, &b->coef))
            return 0;
        b->scale++;
    }
    return 1;
}

nx_dec nx_dec_add(nx_dec a, nx_dec b)
{
    if (!a.ok || !b.ok || !align(&a, &b))
        return BAD;
    int64_t c;
    if (!add_ok(a.coef, b.coef, &c))
        return BAD;
    return nx_dec_norm(mk(c, a.scale));
}

nx_dec nx_dec_neg(nx_dec v)
{
    if (v.ok)
        v.coef = -v.coef;
    return v;
}

nx_dec nx_dec_shift(nx_dec v, int p)
{
    if (!v.ok)
        return v;
    v.scale -= p;
    /* keep scale >= 0 only when needed for printing; canonicalise */
    while (v.scale < 0) {
        if (!mul_ok(v.coef, 10, &v.coef))
            return BAD;
        v.scale++;
    }
    return nx_dec_norm(v);
}

nx_dec nx_dec_mul_frac(nx_dec v, int64_t num, int64_t den)
{
    if (!v.ok || den <= 0)
        return BAD;
    int64_t c;
    if (!mul_ok(v.coef, num, &c))
        return BAD;
    int scale = v.scale;
    /* divide by den, adding decimal digits until exact or 6 extra digits */
    for (int extra = 0;; extra++) {
        if (c % den == 0)
            return nx_dec_norm(mk(c / den, scale));
        if (extra >= 6 + v.scale) {
            int64_t q = c / den, r = c % den;
            if (2 * (r < 0 ? -r : r) >= den)
                q += c < 0 ? -1 : 1;
            return nx_dec_norm(mk(q, scale));
        }
        if (!mul_ok(c, 10, &c))
            return BAD;
        scale++;
    }
}

nx_dec nx_dec_mid(nx_dec a, nx_dec b)
{
    nx_dec s = nx_dec_add(a, b);
    return nx_dec_mul_frac(s, 1, 2);
}

double nx_dec_double(nx_dec v)
{
    if (!v.ok)
        return 0;
    char tmp[64];
    nx_dec_str(v, tmp, sizeof tmp);
    double d;
    sscanf(tmp, "%lf", &d);
    return d;
}

int nx_dec_cmp(nx_dec a, nx_dec b)
{
    if (!align(&a, &b)) {
        double x = nx_dec_double(a), y = nx_dec_double(b);
        return x < y ? -1 : x > y;
    }
    return a.coef < b.coef ? -1 : a.coef > b.coef;
}

char *nx_dec_str(nx_dec v, char *out, size_t cap)
{
    if (!v.ok) {
        snprintf(out, cap, "null");
        return out;
    }
    v = nx_dec_norm(v);
    char digits[32];
    uint64_t mag = v.coef < 0 ? (uint64_t)0 - (uint64_t)v.coef : (uint64_t)v.coef;
    size_t nd = nx_fmt_ull(digits, mag); /* as "%llu" */
    char *o = out;
    size_t left = cap;
#define PUT(c)                                                                                   \
    do {                                                                                         \
        if (left > 1) {                                                                          \
            *o++ = (c);                                                                          \
            left--;                                                                              \
        }                                                                                        \
    } while (0)
    if (v.coef < 0)
        PUT('-');
    if (v.scale <= 0) {
        for (size_t i = 0; i < nd; i++)
            PUT(digits[i]);
        for (int i = 0; i < -v.scale; i++)
            PUT('0');
    } else if ((size_t)v.scale >= nd) {
        PUT('0');
        PUT('.');
        for (size_t i = 0; i < (size_t)v.scale - nd; i++)
            PUT('0');
        for (size_t i = 0; i < nd; i++)
            PUT(digits[i]);
    } else {
        for (size_t i = 0; i < nd; i++) {
            if (i == nd - (size_t)v.scale)
                PUT('.');
            PUT(digits[i]);
        }
    }
#undef PUT
    *o = 0;
    return out;
}

void nx_dec_print(nx_buf *b, nx_dec v)
{
    char tmp[64];
    nx_buf_adds(b, nx_dec_str(v, tmp, sizeof tmp));
}

int nx_scale_pow10(const char *s, size_t n)
{
    static const struct {
        const char *w;
        int p;
    } T[] = {{"mln", 6},      {"million", 6},   {"millions", 6}, {"m", 6},        {"mn", 6},
             {"mil", 6},      {"billion", 9},   {"billions", 9}, {"bln", 9},      {"bn", 9},
             {"b", 9},        {"trillion", 12}, {"tn", 12},      {"trln", 12},    {"thousand", 3},
             {"k", 3},        {"crore", 7},     {"crores", 7},   {"lakh", 5},     {"lakhs", 5},
             {"lac", 5},      {"hundred", 2},   {"billon", 9},   {"milliard", 9}, {"mm", 6}, {NULL, 0}};
    for (int i = 0; T[i].w; i++)
        if (strlen(T[i].w) == n && nx_strncaseeq(T[i].w, s, n))
            return T[i].p;
    return -1;
}

static int word_value(const char *w, size_t n)
{
    static const char *const U[] = {"zero", "one", "two", "three", "four", "five", "six",
                                    "seven", "eight", "nine", "ten", "eleven", "twelve",
                                    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                    "eighteen", "nineteen", NULL};
    static const char *const T[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                                    "eighty", "ninety", NULL};
    for (int i = 0; U[i]; i++)
        if (strlen(U[i]) == n && nx_strncaseeq(U[i], w, n))
            return i;
    for (int i = 0; T[i]; i++)
        if (strlen(T[i]) == n && nx_strncaseeq(T[i], w, n))
            return 20 + 10 * i;
    return -1;
}

/* Number words: "two", "twenty-five", "one hundred", "half", "a", "two and a half", "a dozen".
 * Articles count only when they are the whole number ("a billion"). */
static nx_dec parse_words(const char *s, size_t n)
{
    int64_t total = 0;
    int any = 0, articles = 0;
    nx_dec extra = mk(0, 0);
    size_t i = 0;
    while (i < n) {
        while (i < n && (isspace((unsigned char)s[i]) || s[i] == '-'))
            i++;
        if (i >= n)
            break;
        size_t j = i;
        while (j < n && isalpha((unsigned char)s[j]))
            j++;
        if (j == i)
            return BAD;
        size_t wl = j - i;
        const char *w = s + i;
        int v;
        if ((wl == 1 && (w[0] == 'a' || w[0] == 'A')) || (wl == 2 && nx_strncaseeq(w, "an", 2))) {
            articles++;
        } else if (wl == 4 && nx_strncaseeq(w, "half", 4)) {
            extra = mk(5, 1);
            any = 1;
        } else if (wl == 7 && nx_strncaseeq(w, "quarter", 7)) {
            extra = mk(25, 2);
            any = 1;
        } else if (wl == 5 && nx_strncaseeq(w, "dozen", 5)) {
            total = (total ? total : 1) * 12;
            any = 1;
        } else if (wl == 7 && nx_strncaseeq(w, "hundred", 7)) {
            total = (total ? total : 1) * 100;
            any = 1;
        } else if (wl == 3 && nx_strncaseeq(w, "and", 3)) {
            /* "two and a half" */
        } else if ((v = word_value(w, wl)) >= 0) {
            total += v;
            any = 1;
        } else {
            return BAD;
        }
        i = j;
    }
    if (!any)
        return articles ? mk(1, 0) : BAD;
    return nx_dec_add(mk(total, 0), extra);
}

/* Is s[i] a thousands comma: ',' then exactly three digits? */
static int comma_group(const char *s, size_t n, size_t i)
{
    return s[i] == ',' && i + 3 < n && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
           isdigit((unsigned char)s[i + 3]) && (i + 4 == n || !isdigit((unsigned char)s[i + 4]));
}

nx_dec nx_dec_parse(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return BAD;
    int neg = 0;
    if (*s == '-' || *s == '+') {
        neg = *s == '-';
        s++;
        n--;
    }
    if (!n)
        return BAD;
    if (isalpha((unsigned char)*s)) {
        nx_dec d = parse_words(s, n);
        return neg ? nx_dec_neg(d) : d;
    }
    /* whole part with optional thousands commas, optional decimals, optional fraction */
    int64_t c = 0;
    int scale = 0, digits = 0;
    size_t i = 0;
    /* thousands separators: a comma followed by exactly three digits */
    while (i < n && (isdigit((unsigned char)s[i]) || (digits && comma_group(s, n, i)))) {
        if (s[i] != ',') {
            if (!mul_ok(c, 10, &c) || !add_ok(c, s[i] - '0', &c))
                return BAD;
            digits++;
        }
        i++;
    }
    /* a plain fraction "5/8" */
    if (i < n && s[i] == '/') {
        size_t j = i + 1;
        int64_t den = 0;
        while (j < n && isdigit((unsigned char)s[j]))
            den = den * 10 + (s[j++] - '0');
        if (j != n || den <= 0 || den > 1000000 || !digits)
            return BAD;
        nx_dec d = nx_dec_mul_frac(mk(c, 0), 1, den);
        return neg ? nx_dec_neg(d) : d;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && isdigit((unsigned char)s[i])) {
            if (!mul_ok(c, 10, &c) || !add_ok(c, s[i] - '0', &c))
                return BAD;
            scale++;
            digits++;
            i++;
        }
    }
    if (!digits)
        return BAD;
    nx_dec d = mk(c, scale);
    /* mixed number "1-3/4" or "1 3/4" */
    if (i < n && (s[i] == '-' || s[i] == ' ')) {
        size_t j = i + 1;
        int64_t num = 0, den = 0;
        int nd = 0;
        while (j < n && isdigit((unsigned char)s[j])) {
            num = num * 10 + (s[j++] - '0');
            nd++;
        }
        if (nd && j < n && s[j] == '/') {
            j++;
            while (j < n && isdigit((unsigned char)s[j]) && den < 1000000)
                den = den * 10 + (s[j++] - '0');
            if (j == n && den > 0 && num < den) {
                d = nx_dec_add(d, nx_dec_mul_frac(mk(num, 0), 1, den));
                return neg ? nx_dec_neg(d) : d;
            }
        }
        return BAD;
    }
    if (i != n)
        return BAD;
    d = nx_dec_norm(d);
    return neg ? nx_dec_neg(d) : d;
}
