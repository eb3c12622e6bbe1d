/* base.c: allocator, errors, buffers, SHA-256 (see base.h). */
#include "base.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "simd.h"

/* ---- allocation ---- */

static atomic_long alloc_count;
static atomic_long fail_at;     /* 0 = off; otherwise the allocation number that fails */
static atomic_int fail_sticky;

static atomic_int fail_hold;     /* > 0: injected failures are held back (see nx_alloc_hold) */

static int should_fail(void)
{
    long n = atomic_fetch_add(&alloc_count, 1) + 1;
    long f = atomic_load(&fail_at);
    if (f == 0 || atomic_load(&fail_hold) > 0)
        return 0;
    return n == f || (atomic_load(&fail_sticky) && n > f);
}

void *nx_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *nx_calloc(size_t n, size_t m)
{
    if (m && n > SIZE_MAX / m)
        return NULL;
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, m ? m : 1);
}

void *nx_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void nx_free(void *p) { free(p); }

char *nx_strndup(const char *s, size_t n)
{
    char *r = nx_malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

char *nx_strdup(const char *s) { return nx_strndup(s, strlen(s)); }

int nx_grow_slow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 8;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem)
            return -1;
        nc *= 2;
    }
    void *p = nx_realloc(*arr, nc * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

static void *json_alloc(size_t n) { return nx_malloc(n); }

#ifdef NX_FAULT_INJECTION
static void print_alloc_count(void) { fprintf(stderr, "newsfx: %ld allocations\n", nx_alloc_count()); }
#endif
static void json_free(void *p) { nx_free(p); }

void nx_alloc_init(void)
{
    json_set_alloc_funcs(json_alloc, json_free);
#ifdef NX_FAULT_INJECTION
    /* Test builds only (make faultinj): NEWSFX_FAIL_ALLOC=N fails the Nth allocation from here on,
     * NEWSFX_FAIL_ALLOC=N+ that one and every later one; NEWSFX_COUNT_ALLOC=1 prints the number of
     * allocations made at exit, so a driver knows how many N to try. */
    const char *f = getenv("NEWSFX_FAIL_ALLOC");
    if (f && *f) {
        char *end;
        long n = strtol(f, &end, 10);
        if (n > 0)
            nx_alloc_fail_at(n, *end == '+');
    }
    if (getenv("NEWSFX_COUNT_ALLOC"))
        atexit(print_alloc_count);
#endif
}

long nx_alloc_fail_at(long n, int sticky)
{
    long made = atomic_exchange(&alloc_count, 0);
    atomic_store(&fail_sticky, sticky);
    atomic_store(&fail_at, n);
    return made;
}

long nx_alloc_count(void) { return atomic_load(&alloc_count); }

void nx_alloc_hold(int on) { atomic_fetch_add(&fail_hold, on ? 1 : -1); }

/* ---- errors ---- */

int nx_error_setv(nx_error *err, int code, const char *fmt, va_list ap)
{
    if (!err || err->set)
        return -1;
    err->set = 1;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return -1;
}

int nx_error_set(nx_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nx_error_setv(err, code, fmt, ap);
    va_end(ap);
    return -1;
}

int nx_error_nomem(nx_error *err) { return nx_error_set(err, NX_ENOMEM, "out of memory"); }

void nx_error_clear(nx_error *err)
{
    if (err) {
        err->set = 0;
        err->code = 0;
        err->msg[0] = 0;
    }
}

/* ---- buffers ---- */

int nx_buf_reserve(nx_buf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + n + 1) {
        if (nc > SIZE_MAX / 2) {
            b->oom = 1;
            return -1;
        }
        nc *= 2;
    }
    char *p = nx_realloc(b->p, nc);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = nc;
    return 0;
}

void nx_buf_add(nx_buf *b, const void *data, size_t n)
{
    if (nx_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = 0;
}


void nx_buf_printf(nx_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        nx_buf_add(b, small, (size_t)n);
        return;
    }
    if (nx_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

size_t nx_fmt_ull(char *out, unsigned long long v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

size_t nx_fmt_ll(char *out, long long v)
{
    if (v >= 0)
        return nx_fmt_ull(out, (unsigned long long)v);
    out[0] = '-';
    return 1 + nx_fmt_ull(out + 1, 0ULL - (unsigned long long)v); /* LLONG_MIN too */
}

void nx_buf_add_ull(nx_buf *b, unsigned long long v)
{
    char tmp[24];
    nx_buf_addn(b, tmp, nx_fmt_ull(tmp, v));
}

void nx_buf_add_ll(nx_buf *b, long long v)
{
    char tmp[24];
    nx_buf_addn(b, tmp, nx_fmt_ll(tmp, v));
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
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

void nx_buf_json_str(nx_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    if ((b->len + n + 3 > b->cap || b->oom) && nx_buf_reserve(b, n + 2))
        return;
    nx_buf_addc(b, '"');
    size_t i = 0;
    while (i < n) {
        /* copy the longest run that needs no escaping */
        size_t j = i;
#ifdef NX_SSE2
        /* sixteen bytes at a time: none below 0x20 or from 0x80 on (below 0x20 as signed bytes),
         * no quote, no backslash */
        while (n - j >= 16) {
            __m128i v = nx_load16(u + j);
            __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                       _mm_or_si128(nx_eq16(v, '"'), nx_eq16(v, '\\')));
            unsigned mask = nx_mask16(bad);
            if (mask) {
                j += nx_first16(mask);
                break;
            }
            j += 16;
        }
        if (j < n && n - j < 16) {
            /* the last bytes: the sixteen that end the string (those before j not looked at), or, in
             * a string shorter than that, a copy padded with plain bytes */
            __m128i v;
            unsigned skip;
            if (n >= 16) {
                v = nx_load16(u + n - 16);
                skip = (unsigned)(16 - (n - j));
            } else {
                unsigned char t[16];
                memset(t, 'a', sizeof t);
                memcpy(t, u + j, n - j);
                v = nx_load16(t);
                skip = 0;
            }
            __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                       _mm_or_si128(nx_eq16(v, '"'), nx_eq16(v, '\\')));
            unsigned mask = nx_mask16(bad) >> skip;
            j = mask ? j + nx_first16(mask) : n;
        }
#endif
        while (j < n && u[j] >= 0x20 && u[j] < 0x80 && u[j] != '"' && u[j] != '\\')
            j++;
        if (j > i) {
            nx_buf_addn(b, s + i, j - i);
            i = j;
            if (i >= n)
                break;
        }
        unsigned c = u[i];
        if (c >= 0x80) {
            size_t k = utf8_seq(u + i, n - i);
            if (k == 0) {
                nx_buf_addn(b, "\xEF\xBF\xBD", 3);
                i++;
            } else {
                nx_buf_addn(b, s + i, k);
                i += k;
            }
            continue;
        }
        switch (c) {
        case '"': nx_buf_addn(b, "\\\"", 2); break;
        case '\\': nx_buf_addn(b, "\\\\", 2); break;
        case '\n': nx_buf_addn(b, "\\n", 2); break;
        case '\r': nx_buf_addn(b, "\\r", 2); break;
        case '\t': nx_buf_addn(b, "\\t", 2); break;
        case 0x1A: nx_buf_addn(b, "\xEF\xBF\xBD", 3); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            nx_buf_addn(b, e, 6);
        }
        }
        i++;
    }
    nx_buf_addc(b, '"');
}

/* 10^0 .. 10^22: exact doubles */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* printf's "%.15g" of v when 1e-4 <= |v| < 1e15 and the 15 digits read back as v, found without
 * printf: m, v * 10^p rounded (15 digits), is taken only when m / 10^p is v again, and then it is
 * the decimal of 15 digits nearest to v (two such decimals lie further apart than two doubles), the
 * one printf writes. Returns 1 (written), or 0 (nothing written: printf decides). */
static int json_num15(nx_buf *b, double v)
{
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15))
        return 0;
    int e = 0; /* about: 10^e <= a < 10^(e+1); a wrong guess fails the checks below */
    if (a >= 1) {
        while (e < 14 && a >= pow10_exact[e + 1])
            e++;
    } else {
        e = -1;
        while (e > -4 && a * pow10_exact[-e] < 1)
            e--;
    }
    int p = 14 - e; /* 0..18 */
    if (p < 0 || p > 22)
        return 0;
    double x = a * pow10_exact[p];
    if (!(x >= 1e14 - 1 && x < 1e15))
        return 0;
    long long m = (long long)(x + 0.5);
    if (m < 100000000000000LL || m >= 1000000000000000LL || (double)m / pow10_exact[p] != a)
        return 0;
    char d[15], out[40];
    for (int i = 14; i >= 0; i--) {
        d[i] = (char)('0' + m % 10);
        m /= 10;
    }
    int last = 14; /* the last digit written: trailing zeros go, as %g drops them */
    while (last > 0 && d[last] == '0')
        last--;
    size_t n = 0;
    if (v < 0)
        out[n++] = '-';
    int ip = 15 - p; /* digits before the point (e + 1) */
    if (ip > 0) {
        for (int i = 0; i < ip; i++)
            out[n++] = d[i];
        if (last >= ip) {
            out[n++] = '.';
            for (int i = ip; i <= last; i++)
                out[n++] = d[i];
        }
    } else {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = 0; i < -ip; i++)
            out[n++] = '0';
        for (int i = 0; i <= last; i++)
            out[n++] = d[i];
    }
    nx_buf_addn(b, out, n);
    return 1;
}

void nx_buf_json_num(nx_buf *b, double v)
{
    if (!isfinite(v)) {
        NX_BUF_LIT(b, "null");
        return;
    }
    if (v == 0) {
        nx_buf_addc(b, '0');
        return;
    }
    if (fabs(v) < 1e15 && v == (double)(long long)v) {
        nx_buf_add_ll(b, (long long)v);
        return;
    }
    if (json_num15(b, v))
        return;
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    nx_buf_adds(b, tmp);
}

void nx_buf_clear(nx_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = 0;
}

void nx_buf_free(nx_buf *b)
{
    nx_free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

char *nx_buf_take(nx_buf *b)
{
    char *p = b->oom ? NULL : b->p;
    if (b->oom)
        nx_free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
    return p;
}

/* ---- strings, files ---- */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int nx_strncaseeq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* strcmp of w[0..n) lowered against the NUL-terminated l */
static int word_cmp(const char *w, size_t n, const char *l)
{
    for (size_t k = 0;; k++) {
        int a = k < n ? lower((unsigned char)w[k]) : 0, b = (unsigned char)l[k];
        if (a != b || !a)
            return a - b;
    }
}

int nx_word_in_sorted(const char *const *list, size_t n_list, const char *w, size_t n)
{
    size_t lo = 0, hi = n_list;
    if (!n || memchr(w, 0, n))
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = word_cmp(w, n, list[mid]);
        if (!c)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

int nx_words_sorted(const char *const *list, size_t n_list)
{
    for (size_t i = 0; i < n_list; i++) {
        for (const char *c = list[i]; *c; c++)
            if (lower((unsigned char)*c) != (unsigned char)*c)
                return 0;
        if (i && strcmp(list[i - 1], list[i]) >= 0)
            return 0;
    }
    return 1;
}

/* ---- hash index of strings ---- */

static uint64_t strindex_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static const char *strindex_str(const nx_strindex *x, size_t i)
{
    return *(const char *const *)(const void *)(x->base + i * x->stride);
}

int nx_strindex_init(nx_strindex *x, const void *base, size_t stride, size_t n)
{
    memset(x, 0, sizeof *x);
    x->base = base;
    x->stride = stride;
    if (!n)
        return 0;
    size_t ns = 16;
    while (ns < n * 2) /* at most half full: a miss ends at an empty slot soon */
        ns *= 2;
    x->slot = nx_malloc(ns * sizeof *x->slot);
    x->hash = nx_malloc(ns * sizeof *x->hash);
    if (!x->slot || !x->hash || n > INT32_MAX) {
        nx_strindex_free(x);
        return -1;
    }
    x->mask = ns - 1;
    for (size_t k = 0; k < ns; k++)
        x->slot[k] = -1;
    for (size_t i = 0; i < n; i++) {
        const char *s = strindex_str(x, i);
        size_t len = strlen(s);
        if (nx_strindex_find(x, s, len) >= 0)
            continue; /* a repeat: the first stays */
        uint64_t h = strindex_hash(s, len);
        size_t k = h & x->mask;
        while (x->slot[k] >= 0)
            k = (k + 1) & x->mask;
        x->slot[k] = (int32_t)i;
        x->hash[k] = (uint32_t)(h >> 32);
    }
    return 0;
}

int nx_strindex_find(const nx_strindex *x, const char *s, size_t n)
{
    if (!x->slot)
        return -1;
    uint64_t h = strindex_hash(s, n);
    for (size_t k = h & x->mask; x->slot[k] >= 0; k = (k + 1) & x->mask) {
        if (x->hash[k] != (uint32_t)(h >> 32))
            continue;
        const char *c = strindex_str(x, (size_t)x->slot[k]);
        if (strnlen(c, n + 1) == n && memcmp(c, s, n) == 0)
            return x->slot[k];
    }
    return -1;
}

void nx_strindex_free(nx_strindex *x)
{
    nx_free(x->slot);
    nx_free(x->hash);
    x->slot = NULL;
    x->hash = NULL;
    x->mask = 0;
}

uint64_t nx_hash64(const char *s, size_t n, uint64_t seed)
{
    uint64_t h = strindex_hash(s, n) ^ seed * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* ---- multimap of hashes to ints ---- */

static void multimap_link(nx_multimap *x, size_t e)
{
    size_t k = (size_t)(x->key[e] ^ (x->key[e] >> 32)) & x->mask;
    x->next[e] = x->head[k];
    x->head[k] = (int32_t)e;
}

int nx_multimap_add(nx_multimap *x, uint64_t key, int v)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        if (cap > INT32_MAX)
            return -1;
        uint64_t *k = nx_realloc(x->key, cap * sizeof *k);
        if (!k)
            return -1;
        x->key = k;
        int32_t *val = nx_realloc(x->val, cap * sizeof *val);
        if (!val)
            return -1;
        x->val = val;
        int32_t *nx = nx_realloc(x->next, cap * sizeof *nx);
        if (!nx)
            return -1;
        x->next = nx;
        x->cap = cap;
    }
    if (!x->head || x->n > x->mask) { /* at most one entry a slot: a new table, the entries again */
        size_t ns = x->head ? (x->mask + 1) * 2 : 64;
        int32_t *h = nx_malloc(ns * sizeof *h);
        if (!h)
            return -1;
        nx_free(x->head);
        x->head = h;
        x->mask = ns - 1;
        for (size_t i = 0; i < ns; i++)
            h[i] = -1;
        for (size_t e = 0; e < x->n; e++) /* in order: each slot's newest first again */
            multimap_link(x, e);
    }
    x->key[x->n] = key;
    x->val[x->n] = v;
    multimap_link(x, x->n++);
    return 0;
}

int nx_multimap_next(const nx_multimap *x, int e, uint64_t key)
{
    for (e = x->next[e]; e >= 0; e = x->next[e])
        if (x->key[e] == key)
            return e;
    return -1;
}

int nx_multimap_first(const nx_multimap *x, uint64_t key)
{
    if (!x->head)
        return -1;
    int e = x->head[(size_t)(key ^ (key >> 32)) & x->mask];
    return e < 0 || x->key[e] == key ? e : nx_multimap_next(x, e, key);
}

void nx_multimap_clear(nx_multimap *x)
{
    for (size_t e = 0; e < x->n; e++)
        x->head[(size_t)(x->key[e] ^ (x->key[e] >> 32)) & x->mask] = -1;
    x->n = 0;
}

void nx_multimap_free(nx_multimap *x)
{
    nx_free(x->key);
    nx_free(x->val);
    nx_free(x->next);
    nx_free(x->head);
    memset(x, 0, sizeof *x);
}

int nx_word_in(const char *const *list, const char *w, size_t n, int caseless)
{
    if (!n)
        return 0;
    if (caseless) {
        int f = lower((unsigned char)w[0]);
        for (size_t i = 0; list[i]; i++) {
            const char *l = list[i];
            if (lower((unsigned char)l[0]) != f)
                continue;
            size_t k = 1;
            while (k < n && l[k] && lower((unsigned char)l[k]) == lower((unsigned char)w[k]))
                k++;
            if (k == n && !l[n])
                return 1;
        }
        return 0;
    }
    for (size_t i = 0; list[i]; i++) {
        const char *l = list[i];
        if (l[0] != w[0])
            continue;
        size_t k = 1;
        while (k < n && l[k] && l[k] == w[k])
            k++;
        if (k == n && !l[n])
            return 1;
    }
    return 0;
}

int nx_strcaseeq(const char *a, const char *b)
{
    size_t la = strlen(a);
    return la == strlen(b) && nx_strncaseeq(a, b, la);
}

char *nx_read_file(const char *path, size_t *len, nx_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        nx_error_set(err, NX_EIO, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    nx_buf b = NX_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nx_buf_add(&b, chunk, n);
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad) {
        nx_buf_free(&b);
        nx_error_set(err, NX_EIO, "cannot read '%s': %s", path, strerror(e));
        return NULL;
    }
    if (b.oom) {
        nx_buf_free(&b);
        nx_error_nomem(err);
        return NULL;
    }
    if (!b.p) {
        b.p = nx_malloc(1);
        if (!b.p) {
            nx_error_nomem(err);
            return NULL;
        }
        b.p[0] = 0;
    }
    *len = b.len;
    return b.p;
}

void *nx_zalloc(void *opaque, unsigned items, unsigned size)
{
    (void)opaque;
    return nx_calloc(items, size);
}

void nx_zfree(void *opaque, void *p)
{
    (void)opaque;
    nx_free(p);
}

char *nx_read_stdin(size_t *len, nx_error *err)
{
    nx_buf b = NX_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        nx_buf_add(&b, chunk, n);
    if (ferror(stdin)) {
        nx_buf_free(&b);
        nx_error_set(err, NX_EIO, "cannot read stdin: %s", strerror(errno));
        return NULL;
    }
    if (!b.p)
        nx_buf_reserve(&b, 1);
    if (b.oom) {
        nx_buf_free(&b);
        nx_error_nomem(err);
        return NULL;
    }
    *len = b.len;
    return nx_buf_take(&b);
}

int nx_gunzip_in_place(char **data, size_t *len, const char *label, nx_error *err)
{
    const unsigned char *in = (const unsigned char *)*data;
    if (*len < 2 || in[0] != 0x1f || in[1] != 0x8b)
        return 0;
    nx_buf out = NX_BUF_INIT;
    z_stream z;
    memset(&z, 0, sizeof z);
    z.zalloc = nx_zalloc;
    z.zfree = nx_zfree;
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return nx_error_nomem(err);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)(*len > UINT32_MAX ? UINT32_MAX : *len);
    size_t left = *len - z.avail_in;
    int rc = 0;
    char chunk[65536];
    for (;;) {
        z.next_out = (Bytef *)chunk;
        z.avail_out = sizeof chunk;
        int r = inflate(&z, Z_NO_FLUSH);
        nx_buf_add(&out, chunk, sizeof chunk - z.avail_out);
        if (r == Z_STREAM_END) {
            if (!z.avail_in && left) { /* more input than one call takes */
                z.avail_in = (uInt)(left > UINT32_MAX ? UINT32_MAX : left);
                left -= z.avail_in;
            }
            /* another member follows, or bytes that are none (ignored, as gzip does) */
            if (z.avail_in >= 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (r == Z_MEM_ERROR) {
            rc = nx_error_nomem(err);
            break;
        }
        if (r != Z_OK && r != Z_BUF_ERROR) {
            rc = nx_error_set(err, NX_EDATA, "cannot read '%s': the compressed data is damaged (%s)", label,
                              z.msg ? z.msg : "bad data");
            break;
        }
        if (!z.avail_in) {
            if (!left) {
                if (r == Z_BUF_ERROR || z.avail_out) {
                    rc = nx_error_set(err, NX_EDATA, "cannot read '%s': the compressed data ends early (a truncated gzip file)",
                                      label);
                    break;
                }
                continue;
            }
            z.avail_in = (uInt)(left > UINT32_MAX ? UINT32_MAX : left);
            left -= z.avail_in;
        }
    }
    inflateEnd(&z);
    if (!rc && out.oom)
        rc = nx_error_nomem(err);
    if (!rc && !out.p && nx_buf_reserve(&out, 1))
        rc = nx_error_nomem(err);
    if (rc) {
        nx_buf_free(&out);
        return -1;
    }
    nx_free(*data);
    *len = out.len;
    *data = nx_buf_take(&out);
    return 0;
}

char *nx_read_any(const char *path, size_t *len, nx_error *err)
{
    char *data;
    if (strcmp(path, "-") == 0)
        data = nx_read_stdin(len, err);
    else
        data = nx_read_file(path, len, err);
    if (!data)
        return NULL;
    if (nx_gunzip_in_place(&data, len, strcmp(path, "-") == 0 ? "stdin" : path, err)) {
        nx_free(data);
        return NULL;
    }
    return data;
}

/* ---- SHA-256 (FIPS 180-4) ---- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(nx_sha256 *s, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
               p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5],
             g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
    s->h[5] += f;
    s->h[6] += g;
    s->h[7] += h;
}

void nx_sha256_init(nx_sha256 *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->len = 0;
    s->fill = 0;
}

void nx_sha256_update(nx_sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->len += n;
    while (n) {
        size_t k = 64 - s->fill < n ? 64 - s->fill : n;
        memcpy(s->blk + s->fill, p, k);
        s->fill += k;
        p += k;
        n -= k;
        if (s->fill == 64) {
            sha_block(s, s->blk);
            s->fill = 0;
        }
    }
}

void nx_sha256_final(nx_sha256 *s, char out[65])
{
    uint64_t bits = s->len * 8;
    unsigned char pad = 0x80;
    nx_sha256_update(s, &pad, 1);
    pad = 0;
    while (s->fill != 56)
        nx_sha256_update(s, &pad, 1);
    unsigned char lenb[8];
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    nx_sha256_update(s, lenb, 8);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++) {
            unsigned v = (s->h[i] >> (24 - 8 * j)) & 0xff;
            out[8 * i + 2 * j] = hex[v >> 4];
            out[8 * i + 2 * j + 1] = hex[v & 15];
        }
    out[64] = 0;
}

void nx_sha256_hex(const void *data, size_t n, char out[65])
{
    nx_sha256 s;
    nx_sha256_init(&s);
    nx_sha256_update(&s, data, n);
    nx_sha256_final(&s, out);
}
