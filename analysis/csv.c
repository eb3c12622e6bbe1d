/* csv.c: CSV records, cell parsers, diagnostics, name map (see csv.h). */
#include "csv.h"

#include "numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- diagnostics ---- */

void nx_diags_add(nx_diags *d, int rejected, const char *fmt, ...)
{
    if (rejected)
        d->rejected++;
    nx_buf b = NX_BUF_INIT;
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    nx_buf_adds(&b, tmp);
    char *m = nx_buf_take(&b);
    if (!m || nx_grow((void **)&d->msg, &d->cap, d->n + 1, sizeof *d->msg)) {
        nx_free(m);
        d->oom = 1;
        return;
    }
    d->msg[d->n++] = m;
}

void nx_diags_free(nx_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        nx_free(d->msg[i]);
    nx_free(d->msg);
    memset(d, 0, sizeof *d);
}

/* ---- files ---- */

const char *nx_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

char *nx_read_input(const char *path, size_t *len, nx_error *err)
{
    if (strcmp(path, "-") != 0) {
        /* a regular file in one read of its size (nx_read_file grows a buffer chunk by chunk) */
        FILE *f = fopen(path, "rb");
        struct stat st;
        if (f && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
            size_t n = (size_t)st.st_size;
            char *p = nx_malloc(n + 1);
            if (!p) {
                fclose(f);
                nx_error_nomem(err);
                return NULL;
            }
            size_t got = fread(p, 1, n, f);
            int bad = ferror(f) || getc(f) != EOF;
            int e = errno;
            fclose(f);
            if (!bad && got == n) {
                p[n] = 0;
                *len = n;
                return p;
            }
            nx_free(p);
            if (bad && e) {
                nx_error_set(err, NX_EIO, "cannot read '%s': %s", path, strerror(e));
                return NULL;
            }
        } else if (f) {
            fclose(f);
        }
        return nx_read_file(path, len, err); /* not regular, or it changed size: read as a stream */
    }
    return nx_read_stdin(len, err);
}

/* ---- CSV ---- */

static char detect_sep(const char *p, size_t n)
{
    size_t cnt[3] = {0, 0, 0};
    int q = 0;
    for (size_t i = 0; i < n && (q || (p[i] != '\n' && p[i] != '\r')); i++) {
        if (p[i] == '"')
            q = !q;
        else if (!q)
            cnt[0] += p[i] == ',', cnt[1] += p[i] == ';', cnt[2] += p[i] == '\t';
    }
    if (cnt[1] > cnt[0] && cnt[1] >= cnt[2])
        return ';';
    if (cnt[2] > cnt[0] && cnt[2] > cnt[1])
        return '\t';
    return ',';
}

static void csv_init(nx_csv *c, const char *path, char *data, size_t len, char sep)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    c->name = nx_basename(path);
    c->data = data;
    c->len = len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3;
    /* lines ended by CR alone (classic Mac OS, some spreadsheet exports): read as LF */
    if (!memchr(data, '\n', len) && memchr(data, '\r', len))
        for (size_t i = 0; i < len; i++)
            if (data[i] == '\r')
                data[i] = '\n';
    c->sep = sep ? sep : detect_sep(data + c->pos, len - c->pos);
    c->next_line = 1;
    c->has_nul = memchr(data, 0, len) != NULL; /* fields are searched for NUL bytes only then */
}

int nx_csv_open(nx_csv *c, const char *path, char sep, nx_error *err)
{
    size_t len = 0;
    memset(c, 0, sizeof *c);
    char *data = nx_read_input(path, &len, err);
    if (!data)
        return -1;
    csv_init(c, path, data, len, sep);
    return 0;
}

int nx_csv_open_mem(nx_csv *c, const char *name, const char *text, size_t len, char sep, nx_error *err)
{
    memset(c, 0, sizeof *c);
    char *data = nx_strndup(text, len);
    if (!data)
        return nx_error_nomem(err);
    csv_init(c, name, data, len, sep);
    return 0;
}

void nx_csv_close(nx_csv *c)
{
    nx_free(c->data);
    nx_free(c->f);
    nx_free(c->fl);
    memset(c, 0, sizeof *c);
}

int nx_csv_next(nx_csv *c, nx_error *err)
{
    /* fields are unquoted in place (the unquoted text is never longer than the raw one) and end
     * with a NUL written over the separator or line end: no copy */
    char *p = c->data;
    for (;;) {
        if (c->pos >= c->len)
            return 0;
        c->line = c->next_line;
        c->nf = 0;
        c->nul_field = 0;
        size_t i = c->pos;
        /* a blank line (only \r or nothing before \n) is skipped */
        size_t j = i;
        while (j < c->len && p[j] == '\r')
            j++;
        if (j >= c->len || p[j] == '\n') {
            c->pos = j < c->len ? j + 1 : j;
            c->next_line++;
            continue;
        }
        for (;;) {
            if (c->nf + 1 > c->capf && (nx_grow((void **)&c->f, &c->capf, c->nf + 1, sizeof *c->f) ||
                                        nx_grow((void **)&c->fl, &c->capfl, c->capf, sizeof *c->fl)))
                return nx_error_nomem(err);
            char *w = p + i, *start = w;
            c->f[c->nf++] = w;
            int q = 0;
            while (i < c->len) {
                char ch = p[i];
                if (q) {
                    if (ch == '"') {
                        if (i + 1 < c->len && p[i + 1] == '"') {
                            *w++ = '"';
                            i++;
                        } else {
                            q = 0;
                        }
                    } else {
                        if (ch == '\n')
                            c->next_line++;
                        *w++ = ch;
                    }
                    i++;
                    continue;
                }
                if (ch == '"') {
                    q = 1;
                    i++;
                    continue;
                }
                if (ch == c->sep || ch == '\n')
                    break;
                if (ch == '\r' && (i + 1 >= c->len || p[i + 1] == '\n')) {
                    i++;
                    continue;
                }
                if (w == p + i) {
                    /* nothing unquoted yet: skip over the plain bytes (a lone \r is one of them: it
                     * must not stop the skip, or the loop would stand still on it) */
                    while (i < c->len && p[i] != '"' && p[i] != c->sep && p[i] != '\n' &&
                           !(p[i] == '\r' && (i + 1 >= c->len || p[i + 1] == '\n')))
                        i++;
                    w = p + i;
                } else {
                    *w++ = ch;
                    i++;
                }
            }
            char end = i < c->len ? p[i] : '\n';
            *w = 0; /* w <= p + i; p[len] is the buffer's NUL */
            c->fl[c->nf - 1] = (size_t)(w - start);
            if (c->has_nul && !c->nul_field && memchr(start, 0, (size_t)(w - start)))
                c->nul_field = c->nf;
            i++;
            if (end != c->sep)
                break;
        }
        c->next_line++;
        c->pos = i < c->len ? i : c->len;
        return 1;
    }
}

int nx_csv_bad_record(const nx_csv *c, const char *path, size_t nf, nx_diags *d)
{
    if (nf && c->nf != nf) {
        nx_diags_add(d, 1, "%s:%zu: expected %zu fields, got %zu", path, c->line, nf, c->nf);
        return 1;
    }
    if (c->nul_field) {
        nx_diags_add(d, 1, "%s:%zu: field %zu holds a NUL byte (a binary or damaged file?)", path, c->line,
                     c->nul_field);
        return 1;
    }
    return 0;
}

/* s without surrounding blanks: start and length */
static const char *trim(const char *s, size_t *n)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
        l--;
    *n = l;
    return s;
}

int nx_csv_find(const nx_csv *c, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < c->nf; i++) {
        size_t l;
        const char *s = trim(c->f[i], &l);
        if (l == nl && nx_strncaseeq(s, name, nl))
            return (int)i;
    }
    return -1;
}

/* ---- cells ---- */

int nx_parse_num(const char *s, double *v) { return nx_parse_num_n(s, strlen(s), v); }

int nx_parse_num_n(const char *s, size_t n, double *v)
{
    if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')) {
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
    }
    if (nx_parse_double(s, n, v) == 0)
        return 0;
    *v = NAN;
    if (n == 0 || (n == 1 && (s[0] == '.' || s[0] == '-')))
        return 1;
    if ((n == 2 && nx_strncaseeq(s, "na", 2)) || (n == 3 && nx_strncaseeq(s, "n/a", 3)) ||
        (n == 3 && nx_strncaseeq(s, "nan", 3)) || (n == 4 && nx_strncaseeq(s, "null", 4)) ||
        (n == 4 && nx_strncaseeq(s, "#n/a", 4)))
        return 1;
    return -1; /* text, inf, hex, trailing garbage */
}

int nx_days_from_civil(int y, int m, int d)
{
    /* H. Hinnant's days_from_civil */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

void nx_civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

static int digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

size_t nx_parse_date_prefix(const char *s, int *days)
{
    int y, m, d;
    size_t used = 0;
    if (digits(s, 4, &y) == 0 && (s[4] == '-' || s[4] == '/') && digits(s + 5, 2, &m) == 0 &&
        s[7] == s[4] && digits(s + 8, 2, &d) == 0)
        used = 10;
    else if (digits(s, 2, &d) == 0 && s[2] == '.' && digits(s + 3, 2, &m) == 0 && s[5] == '.' &&
             digits(s + 6, 4, &y) == 0)
        used = 10;
    else if (digits(s, 8, &y) == 0 && (s[8] < '0' || s[8] > '9')) {
        m = y / 100 % 100;
        d = y % 100;
        y /= 10000;
        used = 8;
    }
    if (!used || !valid_ymd(y, m, d))
        return 0;
    *days = nx_days_from_civil(y, m, d);
    return used;
}

int nx_parse_date(const char *s, int *days)
{
    size_t n;
    s = trim(s, &n);
    size_t u = nx_parse_date_prefix(s, days);
    if (!u || u > n)
        return -1;
    if (u == n)
        return 0;
    /* a time after the date is allowed and ignored */
    if ((s[u] == ' ' || s[u] == 'T') && u + 1 < n && s[u + 1] >= '0' && s[u + 1] <= '9')
        return 0;
    return -1;
}

void nx_format_date(int days, char out[11])
{
    int y, m, d;
    nx_civil_from_days(days, &y, &m, &d);
    y = y < 0 ? 0 : y % 10000;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

void nx_format_utc(long long utc, char out[24])
{
    long long day = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    long long s = utc - day * 86400;
    int y, m, d;
    nx_civil_from_days((int)day, &y, &m, &d);
    int hh = (int)(s / 3600), mm = (int)(s / 60 % 60), ss = (int)(s % 60);
    if (y < 0 || y > 9999) { /* printf's own way with such years ("-001", "10000") */
        snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
        return;
    }
    const int v[6] = {y / 100, y % 100, m, d, hh, mm};
    static const char sep[] = {0, 0, '-', '-', 'T', ':'};
    char *o = out;
    for (int i = 0; i < 6; i++) {
        if (sep[i])
            *o++ = sep[i];
        *o++ = (char)('0' + v[i] / 10);
        *o++ = (char)('0' + v[i] % 10);
    }
    *o++ = ':';
    *o++ = (char)('0' + ss / 10);
    *o++ = (char)('0' + ss % 10);
    *o++ = 'Z';
    *o = 0;
}

/* ---- names ---- */

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

int nx_names_find(const nx_names *m, const char *name, size_t len)
{
    if (!m->nslot)
        return -1;
    size_t k = (size_t)hash_str(name, len) & (m->nslot - 1);
    for (;;) {
        int v = m->slot[k];
        if (!v)
            return -1;
        const char *s = m->s[v - 1];
        if (strlen(s) == len && memcmp(s, name, len) == 0)
            return v - 1;
        k = (k + 1) & (m->nslot - 1);
    }
}

static int rehash(nx_names *m, size_t nslot)
{
    int *slot = nx_calloc(nslot, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < m->n; i++) {
        size_t k = (size_t)hash_str(m->s[i], strlen(m->s[i])) & (nslot - 1);
        while (slot[k])
            k = (k + 1) & (nslot - 1);
        slot[k] = (int)i + 1;
    }
    nx_free(m->slot);
    m->slot = slot;
    m->nslot = nslot;
    return 0;
}

int nx_names_add(nx_names *m, const char *name, size_t len)
{
    int i = nx_names_find(m, name, len);
    if (i >= 0)
        return i;
    if ((m->n + 1) * 2 > m->nslot && rehash(m, m->nslot ? m->nslot * 2 : 64))
        return -1;
    if (m->n >= 0x7fffffff || nx_grow((void **)&m->s, &m->cap, m->n + 1, sizeof *m->s))
        return -1;
    char *c = nx_strndup(name, len);
    if (!c)
        return -1;
    m->s[m->n] = c;
    size_t k = (size_t)hash_str(name, len) & (m->nslot - 1);
    while (m->slot[k])
        k = (k + 1) & (m->nslot - 1);
    m->slot[k] = (int)m->n + 1;
    return (int)m->n++;
}

void nx_names_free(nx_names *m)
{
    for (size_t i = 0; i < m->n; i++)
        nx_free(m->s[i]);
    nx_free(m->s);
    nx_free(m->slot);
    memset(m, 0, sizeof *m);
}
