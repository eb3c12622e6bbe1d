/* numfmt.c: Grisu2 output and Clinger fast-path input of doubles (see numfmt.h). */
#include "numfmt.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- exact cached powers of ten: 10^k ~ f * 2^e, f normalised (bit 63 set), for
 * k = -348, -340, ..., 340 ---- */

#define NPOW 87
static uint64_t pow_f[NPOW];
static int pow_e[NPOW];
static pthread_once_t pow_once = PTHREAD_ONCE_INIT;

#define LIMBS 48 /* 1536 bits: 10^340 < 2^1130, 2^1400 */

typedef struct big {
    uint32_t l[LIMBS]; /* little-endian */
} big;

static void big_mul10(big *a)
{
    uint64_t c = 0;
    for (int i = 0; i < LIMBS; i++) {
        uint64_t t = (uint64_t)a->l[i] * 10 + c;
        a->l[i] = (uint32_t)t;
        c = t >> 32;
    }
}

static void big_div10(big *a)
{
    uint64_t r = 0;
    for (int i = LIMBS - 1; i >= 0; i--) {
        uint64_t t = (r << 32) | a->l[i];
        a->l[i] = (uint32_t)(t / 10);
        r = t % 10;
    }
}

static int big_bits(const big *a)
{
    for (int i = LIMBS - 1; i >= 0; i--)
        if (a->l[i])
            return i * 32 + 64 - __builtin_clzll((uint64_t)a->l[i]);
    return 0;
}

static int big_bit(const big *a, int i) { return i < 0 ? 0 : (int)((a->l[i / 32] >> (i % 32)) & 1); }

/* the top 64 bits of a, rounded to nearest; *e = the binary exponent of their lowest bit */
static uint64_t big_top64(const big *a, int *e)
{
    int n = big_bits(a);
    uint64_t f = 0;
    for (int i = 0; i < 64; i++)
        f = (f << 1) | (uint64_t)big_bit(a, n - 1 - i);
    *e = n - 64;
    if (big_bit(a, n - 65)) {
        f++;
        if (!f) { /* carried out: 2^64 */
            f = 1ULL << 63;
            (*e)++;
        }
    }
    return f;
}

static void make_powers(void)
{
    big a;
    /* k >= 0: 10^k exactly */
    memset(&a, 0, sizeof a);
    a.l[0] = 1;
    int k = 0;
    for (int i = 0; i < NPOW; i++) {
        int want = -348 + 8 * i;
        if (want < 0)
            continue;
        while (k < want) {
            big_mul10(&a);
            k++;
        }
        pow_f[i] = big_top64(&a, &pow_e[i]);
    }
    /* k < 0: floor(2^1400 / 10^-k); the floor only touches bits far below the top 65 */
    memset(&a, 0, sizeof a);
    a.l[1400 / 32] = 1u << (1400 % 32);
    k = 0;
    for (int i = NPOW - 1; i >= 0; i--) {
        int want = -348 + 8 * i;
        if (want >= 0)
            continue;
        while (k > want) {
            big_div10(&a);
            k--;
        }
        pow_f[i] = big_top64(&a, &pow_e[i]);
        pow_e[i] -= 1400;
    }
}

/* ---- Grisu2 ---- */

typedef struct diyfp {
    uint64_t f;
    int e;
} diyfp;

static diyfp fp_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    int be = (int)((u >> 52) & 0x7FF);
    uint64_t sig = u & 0x000FFFFFFFFFFFFFULL;
    diyfp r;
    if (be) {
        r.f = sig + 0x0010000000000000ULL;
        r.e = be - 1075;
    } else {
        r.f = sig;
        r.e = -1074;
    }
    return r;
}

static diyfp fp_mul(diyfp a, diyfp b)
{
    unsigned __int128 p = (unsigned __int128)a.f * b.f;
    uint64_t h = (uint64_t)(p >> 64), l = (uint64_t)p;
    if (l & (1ULL << 63))
        h++;
    diyfp r = {h, a.e + b.e + 64};
    return r;
}

static diyfp fp_norm(diyfp a)
{
    int s = __builtin_clzll(a.f);
    a.f <<= s;
    a.e -= s;
    return a;
}

static const uint64_t POW10[20] = {1ULL,
                                   10ULL,
                                   100ULL,
                                   1000ULL,
                                   10000ULL,
                                   100000ULL,
                                   1000000ULL,
                                   10000000ULL,
                                   100000000ULL,
                                   1000000000ULL,
                                   10000000000ULL,
                                   100000000000ULL,
                                   1000000000000ULL,
                                   10000000000000ULL,
                                   100000000000000ULL,
                                   1000000000000000ULL,
                                   10000000000000000ULL,
                                   100000000000000000ULL,
                                   1000000000000000000ULL,
                                   10000000000000000000ULL};

static void grisu_round(char *buf, int len, uint64_t delta, uint64_t rest, uint64_t ten_kappa, uint64_t wp_w)
{
    while (rest < wp_w && delta - rest >= ten_kappa &&
           (rest + ten_kappa < wp_w || wp_w - rest > rest + ten_kappa - wp_w)) {
        buf[len - 1]--;
        rest += ten_kappa;
    }
}

static int count_digits(uint32_t n)
{
    int k = 1;
    while (k < 10 && n >= POW10[k])
        k++;
    return k;
}

static void digit_gen(diyfp w, diyfp mp, uint64_t delta, char *buf, int *len, int *K)
{
    const diyfp one = {1ULL << -mp.e, mp.e};
    const uint64_t wp_w = mp.f - w.f;
    uint32_t p1 = (uint32_t)(mp.f >> -one.e);
    uint64_t p2 = mp.f & (one.f - 1);
    int kappa = count_digits(p1);
    *len = 0;
    while (kappa > 0) {
        uint32_t d = (uint32_t)(p1 / POW10[kappa - 1]);
        p1 = (uint32_t)(p1 % POW10[kappa - 1]);
        if (d || *len)
            buf[(*len)++] = (char)('0' + d);
        kappa--;
        uint64_t tmp = ((uint64_t)p1 << -one.e) + p2;
        if (tmp <= delta) {
            *K += kappa;
            grisu_round(buf, *len, delta, tmp, POW10[kappa] << -one.e, wp_w);
            return;
        }
    }
    for (;;) {
        p2 *= 10;
        delta *= 10;
        char d = (char)(p2 >> -one.e);
        if (d || *len)
            buf[(*len)++] = (char)('0' + d);
        p2 &= one.f - 1;
        kappa--;
        if (p2 < delta) {
            *K += kappa;
            int index = -kappa;
            grisu_round(buf, *len, delta, p2, one.f, wp_w * (index < 20 ? POW10[index] : 0));
            return;
        }
    }
}

/* digits of v > 0 into buf (len digits), v ~ digits * 10^K */
static void grisu2(double v, char *buf, int *len, int *K)
{
    diyfp x = fp_of(v);
    /* the boundaries of the rounding interval, m+ normalised, m- with the same exponent */
    diyfp pl = {(x.f << 1) + 1, x.e - 1};
    pl = fp_norm(pl);
    diyfp mi = x.f == 0x0010000000000000ULL ? (diyfp){(x.f << 2) - 1, x.e - 2} : (diyfp){(x.f << 1) - 1, x.e - 1};
    mi.f <<= mi.e - pl.e;
    mi.e = pl.e;
    /* a cached power c = 10^-K with the product's exponent in [-60, -32] */
    double dk = (-61 - pl.e) * 0.30102999566398114 + 347;
    int k = (int)dk;
    if (dk - k > 0.0)
        k++;
    int index = (k >> 3) + 1;
    *K = -(-348 + index * 8);
    diyfp c = {pow_f[index], pow_e[index]};
    diyfp W = fp_mul(fp_norm(x), c), Wp = fp_mul(pl, c), Wm = fp_mul(mi, c);
    Wm.f++;
    Wp.f--;
    digit_gen(W, Wp, Wp.f - Wm.f, buf, len, K);
}

size_t nx_fmt_double(double v, char out[32])
{
    if (!isfinite(v)) {
        out[0] = 0;
        return 0;
    }
    char *p = out;
    if (v == 0) {
        *p++ = '0';
        *p = 0;
        return 1;
    }
    if (v < 0) {
        *p++ = '-';
        v = -v;
    }
    pthread_once(&pow_once, make_powers);
    char d[24];
    int len, K;
    grisu2(v, d, &len, &K);
    int kk = len + K; /* v = 0.d1d2... * 10^kk */
    if (kk >= 1 && kk <= 17) {
        if (kk >= len) {
            memcpy(p, d, (size_t)len);
            p += len;
            for (int i = len; i < kk; i++)
                *p++ = '0';
        } else {
            memcpy(p, d, (size_t)kk);
            p += kk;
            *p++ = '.';
            memcpy(p, d + kk, (size_t)(len - kk));
            p += len - kk;
        }
    } else if (kk <= 0 && kk > -4) {
        *p++ = '0';
        *p++ = '.';
        for (int i = kk; i < 0; i++)
            *p++ = '0';
        memcpy(p, d, (size_t)len);
        p += len;
    } else {
        *p++ = d[0];
        if (len > 1) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)(len - 1));
            p += len - 1;
        }
        int e = kk - 1;
        *p++ = 'e';
        *p++ = e < 0 ? '-' : '+';
        if (e < 0)
            e = -e;
        if (e >= 100)
            *p++ = (char)('0' + e / 100);
        *p++ = (char)('0' + e / 10 % 10);
        *p++ = (char)('0' + e % 10);
    }
    *p = 0;
    return (size_t)(p - out);
}

void nx_buf_num(nx_buf *b, double v)
{
    char t[32];
    size_t n = nx_fmt_double(v, t);
    if (n)
        nx_buf_add(b, t, n);
    else
        nx_buf_add(b, "null", 4);
}

void nx_buf_num_cell(nx_buf *b, double v)
{
    char t[32];
    size_t n = nx_fmt_double(v, t);
    if (n)
        nx_buf_add(b, t, n);
}

/* ---- input ---- */

static const double EXACT10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int nx_parse_double(const char *s, size_t n, double *v)
{
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    uint64_t m = 0;
    int digits = 0, exp10 = 0, any = 0;
    while (i < n && s[i] == '0') /* leading zeros are not significant */
        i++, any = 1;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
        if (digits < 19)
            m = m * 10 + (uint64_t)(s[i] - '0');
        else
            exp10++;
        if (m || digits)
            digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
            if (digits < 19) {
                m = m * 10 + (uint64_t)(s[i] - '0');
                exp10--;
            }
            if (m || digits)
                digits++;
        }
    }
    if (!any)
        return -1;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0, ed = 0;
        long e = 0;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ed++)
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
        if (!ed)
            return -1;
        exp10 += (int)(eneg ? -e : e);
    }
    if (i != n)
        return -1;
    if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
        double x = (double)m; /* exact: m < 10^15 < 2^53 */
        x = exp10 < 0 ? x / EXACT10[-exp10] : x * EXACT10[exp10];
        *v = neg ? -x : x;
        return 0;
    }
    /* the general case: strtod, correctly rounded */
    char tmp[128];
    if (n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *end;
    double x = strtod(tmp, &end);
    if (end != tmp + n || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}
