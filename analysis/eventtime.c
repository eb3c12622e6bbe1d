/* eventtime.c: calendars, timestamps, New York time, day 0 (see eventtime.h). */
#include "eventtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

long nx_cal_on_or_after(const nx_calendar *c, int date)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->d[mid] < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n ? (long)lo : -1;
}

long nx_cal_index(const nx_calendar *c, int date)
{
    long i = nx_cal_on_or_after(c, date);
    return i >= 0 && c->d[i] == date ? i : -1;
}

void nx_cal_free(nx_calendar *c)
{
    nx_free(c->d);
    c->d = NULL;
    c->n = 0;
}

int nx_cal_read(const char *path, nx_calendar *out, nx_diags *d, nx_error *err)
{
    nx_csv c;
    memset(out, 0, sizeof *out);
    if (nx_csv_open(&c, path, 0, err))
        return -1;
    size_t cap = 0;
    int r;
    while ((r = nx_csv_next(&c, err)) > 0) {
        int day;
        if (nx_csv_bad_record(&c, c.name, 0, d))
            continue;
        if (nx_parse_date(c.f[0], &day)) {
            if (c.line > 1 || out->n)
                nx_diags_add(d, 1, "%s:%zu: expected a date, got '%s'", c.name, c.line, c.f[0]);
            continue; /* the first line may be a header */
        }
        if (out->n && day <= out->d[out->n - 1]) {
            char a[11], b[11];
            nx_format_date(day, a);
            nx_format_date(out->d[out->n - 1], b);
            nx_diags_add(d, 1, "%s:%zu: date '%s' out of order (after '%s')", c.name, c.line, a, b);
            continue;
        }
        if (nx_grow((void **)&out->d, &cap, out->n + 1, sizeof *out->d)) {
            r = nx_error_nomem(err);
            break;
        }
        out->d[out->n++] = day;
    }
    nx_csv_close(&c);
    if (r < 0) {
        nx_cal_free(out);
        return -1;
    }
    if (!out->n)
        return nx_error_set(err, NX_EDATA, "calendar '%s' holds no dates", path);
    return 0;
}

/* ---- time ---- */

static int num2(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 0;
}

/* "HH:MM[:SS[.fff]]" at s; returns bytes used or 0 */
static size_t clock_prefix(const char *s, int *secs)
{
    int h, m, sec = 0;
    if (num2(s, &h) || s[2] != ':' || num2(s + 3, &m) || h > 24 || m > 59)
        return 0;
    size_t u = 5;
    if (s[5] == ':') {
        if (num2(s + 6, &sec) || sec > 60)
            return 0;
        u = 8;
        if (s[8] == '.' || s[8] == ',') {
            u = 9;
            while (s[u] >= '0' && s[u] <= '9')
                u++;
        }
    }
    if (h == 24 && (m || sec))
        return 0;
    *secs = h * 3600 + m * 60 + sec;
    return u;
}

int nx_parse_clock(const char *s, int *secs)
{
    while (*s == ' ')
        s++;
    size_t u = clock_prefix(s, secs);
    if (!u)
        return -1;
    while (s[u] == ' ')
        u++;
    return s[u] ? -1 : 0;
}

int nx_parse_timestamp(const char *s, long long *utc)
{
    int days, secs;
    while (*s == ' ')
        s++;
    size_t u = nx_parse_date_prefix(s, &days);
    if (u != 10 || (s[u] != 'T' && s[u] != 't' && s[u] != ' '))
        return -1;
    s += u + 1;
    u = clock_prefix(s, &secs);
    if (!u)
        return -1;
    s += u;
    long long off = 0;
    if (*s == 'Z' || *s == 'z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        int sign = *s == '-' ? -1 : 1, h, m;
        if (num2(s + 1, &h))
            return -1;
        const char *p = s + 3;
        if (*p == ':')
            p++;
        if (num2(p, &m) || h > 23 || m > 59)
            return -1;
        off = sign * (h * 3600LL + m * 60LL);
        s = p + 2;
    }
    while (*s == ' ')
        s++;
    if (*s)
        return -1;
    *utc = (long long)days * 86400 + secs - off;
    return 0;
}

static int weekday(int days) { return ((days % 7) + 7 + 4) % 7; } /* 0 = Sunday; 1970-01-01 was a Thursday */

/* the date of the n-th (1-based; n = -1: the last) Sunday of month m of year y */
static int nth_sunday(int y, int m, int n)
{
    if (n > 0) {
        int first = nx_days_from_civil(y, m, 1);
        return first + (7 - weekday(first)) % 7 + 7 * (n - 1);
    }
    int last = (m == 12 ? nx_days_from_civil(y + 1, 1, 1) : nx_days_from_civil(y, m + 1, 1)) - 1;
    return last - weekday(last);
}

int nx_ny_offset(long long utc)
{
    int y, m, d;
    long long day = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    nx_civil_from_days((int)day, &y, &m, &d);
    int start, end;
    if (y >= 2007) {
        start = nth_sunday(y, 3, 2);
        end = nth_sunday(y, 11, 1);
    } else if (y >= 1987) {
        start = nth_sunday(y, 4, 1);
        end = nth_sunday(y, 10, -1);
    } else if (y >= 1967) {
        start = y == 1974 ? nx_days_from_civil(1974, 1, 6)
              : y == 1975 ? nx_days_from_civil(1975, 2, 23)
                          : nth_sunday(y, 4, -1);
        end = nth_sunday(y, 10, -1);
    } else if (y >= 1955) { /* New York City's own rules until the Uniform Time Act (1967) */
        start = nth_sunday(y, 4, -1);
        end = nth_sunday(y, 10, -1);
    } else if (y >= 1946 || (y >= 1921 && y <= 1941)) {
        start = nth_sunday(y, 4, -1);
        end = nth_sunday(y, 9, -1);
    } else if (y >= 1942) { /* War Time, all year from 1942-02-09 to 1945-09-30 */
        start = nx_days_from_civil(1942, 2, 9);
        end = nx_days_from_civil(1945, 9, 30);
    } else if (y >= 1918) {
        start = nth_sunday(y, 3, -1);
        end = nth_sunday(y, 10, -1);
    } else {
        return -5 * 3600;
    }
    /* 02:00 local: 07:00 UTC when DST begins (EST), 06:00 UTC when it ends (EDT) */
    long long s = (long long)start * 86400 + 7 * 3600, e = (long long)end * 86400 + 6 * 3600;
    return utc >= s && utc < e ? -4 * 3600 : -5 * 3600;
}

void nx_find_day0(const nx_calendar *c, int date, int has_time, long long utc, int close_secs, nx_day0 *o)
{
    memset(o, 0, sizeof *o);
    o->local_date = date;
    o->local_secs = -1;
    int eff = date;
    if (has_time) {
        long long local = utc + nx_ny_offset(utc);
        long long day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
        o->local_date = (int)day;
        o->local_secs = (int)(local - day * 86400);
        o->after_close = o->local_secs >= close_secs;
        eff = o->local_date + o->after_close;
    }
    o->index = -1;
    if (!c->n)
        return;
    if (o->local_date < c->d[0]) {
        o->before_first = 1;
        return;
    }
    o->index = nx_cal_on_or_after(c, eff);
    if (o->index >= 0)
        o->shift_days = c->d[o->index] - o->local_date;
}

int nx_parse_window(const char *s, nx_window *w)
{
    char *e;
    errno = 0;
    long a = strtol(s, &e, 10);
    if (e == s || (*e != ',' && *e != ':') || errno)
        return -1;
    const char *s2 = e + 1;
    long b = strtol(s2, &e, 10);
    if (e == s2 || *e || errno || a > b || a < -100000 || b > 100000)
        return -1;
    w->a = (int)a;
    w->b = (int)b;
    return 0;
}
