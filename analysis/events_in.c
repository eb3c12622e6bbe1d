/* events_in.c: events in, firm-events out (see events_in.h). */
#include "events_in.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eventtime.h"

static void fevent_free(nx_fevent *f)
{
    nx_free(f->event_id);
    nx_free(f->ticker);
    nx_free(f->role);
    nx_free(f->name);
    nx_free(f->type);
    nx_free(f->doc_id);
    nx_free(f->currency);
    nx_free(f->change_unit);
    nx_free(f->change_text);
    nx_free(f->time_text);
    nx_free(f->map_reason);
}

void nx_fevents_free(nx_fevents *e)
{
    for (size_t i = 0; i < e->n; i++)
        fevent_free(&e->v[i]);
    nx_free(e->v);
    memset(e, 0, sizeof *e);
}

/* a copy of s (NULL stays NULL); *oom set on failure */
static char *dup_or_null(const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *c = nx_strdup(s);
    if (!c)
        *oom = 1;
    return c;
}

/* Append a copy of proto with this ticker, role and name. Returns 0 or -1 (memory). */
static int push(nx_fevents *out, const nx_fevent *proto, const char *ticker, const char *role, const char *name)
{
    if (nx_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
        return -1;
    nx_fevent *f = &out->v[out->n];
    int oom = 0;
    *f = *proto;
    f->event_id = dup_or_null(proto->event_id, &oom);
    f->ticker = ticker && *ticker ? dup_or_null(ticker, &oom) : NULL;
    f->role = dup_or_null(role, &oom);
    f->name = dup_or_null(name, &oom);
    f->type = dup_or_null(proto->type, &oom);
    f->doc_id = dup_or_null(proto->doc_id, &oom);
    f->currency = dup_or_null(proto->currency, &oom);
    f->change_unit = dup_or_null(proto->change_unit, &oom);
    f->change_text = dup_or_null(proto->change_text, &oom);
    f->time_text = dup_or_null(proto->time_text, &oom);
    if (oom) {
        fevent_free(f);
        return -1;
    }
    out->n++;
    return 0;
}

static int role_wanted(const nx_events_opts *o, const char *role)
{
    if (!o || !o->roles)
        return 1;
    for (size_t i = 0; i < o->nroles; i++)
        if (role && strcmp(o->roles[i], role) == 0)
            return 1;
    return 0;
}

/* Set date / time from a date text and an optional time text. Returns 0 or an error message. */
static const char *set_when(nx_fevent *f, const char *date, const char *time)
{
    long long ts;
    if ((!date || !*date) && time && nx_parse_timestamp(time, &ts) == 0)
        date = time; /* a timestamp alone says its date too */
    if (!date || !*date)
        return "no date";
    if (nx_parse_date(date, &f->date))
        return "bad date";
    long long utc;
    if (nx_parse_timestamp(date, &utc) == 0) {
        f->has_time = 1;
        f->utc = utc;
        f->time_text = (char *)date;
    }
    if (time && *time) {
        int secs;
        if (nx_parse_timestamp(time, &utc) == 0) {
            f->has_time = 1;
            f->utc = utc;
        } else if (nx_parse_clock(time, &secs) == 0) {
            f->has_time = 1;
            f->utc = (long long)f->date * 86400 + secs;
        } else {
            return "bad time";
        }
        f->time_text = (char *)time;
    }
    return NULL;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A ticker: a string, or a whole number (a CRSP PERMNO, 10107) written into buf. NULL otherwise. */
static const char *jticker(json_t *o, char buf[32])
{
    json_t *v = json_object_get(o, "ticker");
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_number(v)) {
        double x = json_number_value(v);
        if (x == (double)(long long)x && x >= 0 && x < 1e15) {
            snprintf(buf, 32, "%lld", (long long)x);
            return buf;
        }
    }
    return NULL;
}

/* The roles met while reading, for the check of --role (nx_events_read). Out of memory here only
 * weakens that check. */
static void note_role(nx_names *seen, const char *role)
{
    if (role && nx_names_find(seen, role, strlen(role)) < 0)
        nx_names_add(seen, role, strlen(role));
}

static int read_jsonl(const char *path, char *data, size_t len, const nx_events_opts *o, nx_fevents *out,
                      nx_names *seen, nx_diags *d, nx_error *err)
{
    size_t line = 0;
    for (size_t pos = 0; pos < len;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        line++;
        size_t s = pos;
        pos = end + 1;
        if (line == 1 && end - s >= 3 && memcmp(data + s, "\xEF\xBB\xBF", 3) == 0)
            s += 3; /* a byte-order mark */
        while (s < end && (data[s] == ' ' || data[s] == '\t' || data[s] == '\r'))
            s++;
        if (s >= end)
            continue;
        json_error_t je;
        json_t *j = json_loadb(data + s, end - s, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &je);
        if (!j && (json_error_code(&je) == json_error_out_of_memory || strstr(je.text, "out of memory") ||
                   !je.text[0])) {
            return nx_error_nomem(err); /* jansson's parser ran out of memory: not the line's fault */
        }
        if (!j || !json_is_object(j)) {
            nx_diags_add(d, 1, "%s:%zu: %s", path, line, j ? "not a JSON object" : je.text);
            json_decref(j);
            continue;
        }
        nx_fevent f;
        memset(&f, 0, sizeof f);
        f.amount = f.change = NAN;
        f.line = line;
        char idbuf[64];
        json_t *id = json_object_get(j, "event_id");
        if (json_is_string(id)) {
            f.event_id = (char *)json_string_value(id);
        } else if (json_is_number(id)) {
            snprintf(idbuf, sizeof idbuf, "%.17g", json_number_value(id));
            f.event_id = idbuf;
        } else {
            nx_diags_add(d, 1, "%s:%zu: no 'event_id'", path, line);
            json_decref(j);
            continue;
        }
        const char *date = jstr(j, "doc_date");
        if (!date)
            date = jstr(j, "date");
        if (!date)
            date = jstr(j, "event_date");
        const char *time = jstr(j, "timestamp");
        if (!time)
            time = jstr(j, "time");
        if (!time)
            time = jstr(j, "doc_time");
        const char *why = set_when(&f, date, time);
        if (why) {
            if (strcmp(why, "no date") == 0)
                nx_diags_add(d, 1, "%s:%zu: event '%s': no date (doc_date, date, event_date or a timestamp)", path,
                             line, f.event_id);
            else
                nx_diags_add(d, 1, "%s:%zu: event '%s': %s '%s'", path, line, f.event_id, why,
                             strcmp(why, "bad time") == 0 ? time : date ? date : "");
            json_decref(j);
            continue;
        }
        f.type = (char *)jstr(j, "type");
        f.doc_id = (char *)jstr(j, "doc_id");
        json_t *am = json_object_get(j, "amount");
        if (json_is_object(am)) {
            json_t *v = json_object_get(am, "value");
            if (json_is_number(v))
                f.amount = json_number_value(v);
            f.currency = (char *)jstr(am, "currency");
        } else if (json_is_number(am)) {
            f.amount = json_number_value(am);
            f.currency = (char *)jstr(j, "currency");
        }
        json_t *ch = json_object_get(j, "change");
        if (json_is_object(ch)) {
            json_t *v = json_object_get(ch, "value");
            if (json_is_number(v)) {
                f.change = json_number_value(v);
                f.change_unit = (char *)jstr(ch, "unit");
                f.change_text = (char *)jstr(ch, "text");
            }
        } else if (json_is_number(ch)) {
            f.change = json_number_value(ch);
            f.change_unit = "percent";
        }
        int bad = 0;
        json_t *roles = json_object_get(j, "roles");
        char tbuf[32];
        const char *top = jticker(j, tbuf);
        if (top || json_object_get(j, "ticker")) {
            const char *role = jstr(j, "role");
            if (role)
                note_role(seen, role);
            if (role_wanted(o, role))
                bad = push(out, &f, top, role, jstr(j, "name"));
        } else {
            size_t before = out->n;
            int any = 0;
            const char *role;
            json_t *list;
            int shape = 0; /* a role that is not a list of objects: reported once */
            if (json_is_object(roles)) {
                json_object_foreach(roles, role, list) {
                    if (!json_is_array(list)) {
                        if (!json_is_null(list) && !shape++)
                            nx_diags_add(d, 1, "%s:%zu: event '%s': role '%s' is not a list of fillers "
                                               "({\"name\": ..., \"ticker\": ...})", path, line, f.event_id, role);
                        continue;
                    }
                    if (json_array_size(list))
                        any = 1;
                    note_role(seen, role);
                    if (!role_wanted(o, role))
                        continue;
                    size_t k;
                    json_t *fill;
                    json_array_foreach(list, k, fill) {
                        if (!json_is_object(fill)) {
                            if (!shape++)
                                nx_diags_add(d, 1, "%s:%zu: event '%s': a filler of role '%s' is not an object "
                                                   "({\"name\": ..., \"ticker\": ...}); skipped",
                                             path, line, f.event_id, role);
                            continue;
                        }
                        if (!bad)
                            bad = push(out, &f, jticker(fill, tbuf), role, jstr(fill, "name"));
                    }
                }
            }
            /* an event naming no company still appears (no_ticker), unless roles were selected */
            if (!bad && out->n == before && !any && (!o || !o->roles))
                bad = push(out, &f, NULL, NULL, NULL);
        }
        json_decref(j);
        if (bad)
            return nx_error_nomem(err);
    }
    return 0;
}

static int read_csv(const char *path, char *data, size_t len, const nx_events_opts *o, nx_fevents *out,
                    nx_names *seen, nx_diags *d, nx_error *err)
{
    nx_csv c;
    if (nx_csv_open_mem(&c, path, data, len, 0, err))
        return -1;
    int r = nx_csv_next(&c, err);
    if (r <= 0) {
        nx_csv_close(&c);
        return r < 0 ? -1 : 0;
    }
    size_t nf = c.nf;
    int ci = nx_csv_find(&c, "event_id"), ct = nx_csv_find(&c, "ticker"), cd = nx_csv_find(&c, "date");
    if (ct < 0)
        ct = nx_csv_find(&c, "symbol");
    if (cd < 0)
        cd = nx_csv_find(&c, "event_date");
    if (cd < 0)
        cd = nx_csv_find(&c, "doc_date");
    int ctime = nx_csv_find(&c, "time"), cty = nx_csv_find(&c, "type"), cam = nx_csv_find(&c, "amount");
    int ccur = nx_csv_find(&c, "currency"), crole = nx_csv_find(&c, "role"), cname = nx_csv_find(&c, "name");
    if (ctime < 0)
        ctime = nx_csv_find(&c, "timestamp");
    if (cd < 0 || ct < 0) {
        nx_csv_close(&c);
        return nx_error_set(err, NX_EDATA, "%s: the header needs the columns event_id, ticker and date", path);
    }
    char idbuf[32];
    while ((r = nx_csv_next(&c, err)) > 0) {
        if (nx_csv_bad_record(&c, path, nf, d))
            continue;
        nx_fevent f;
        memset(&f, 0, sizeof f);
        f.amount = f.change = NAN;
        f.line = c.line;
        if (ci >= 0 && *c.f[ci]) {
            f.event_id = c.f[ci];
        } else {
            snprintf(idbuf, sizeof idbuf, "line-%zu", c.line);
            f.event_id = idbuf;
        }
        const char *why = set_when(&f, c.f[cd], ctime >= 0 ? c.f[ctime] : NULL);
        if (why) {
            if (strcmp(why, "no date") == 0)
                nx_diags_add(d, 1, "%s:%zu: event '%s': no date (its date column is empty)", path, c.line,
                             f.event_id);
            else
                nx_diags_add(d, 1, "%s:%zu: event '%s': %s '%s'", path, c.line, f.event_id, why,
                             strcmp(why, "bad time") == 0 ? c.f[ctime] : c.f[cd]);
            continue;
        }
        const char *role = crole >= 0 && *c.f[crole] ? c.f[crole] : NULL;
        note_role(seen, role);
        if (!role_wanted(o, role))
            continue;
        f.type = cty >= 0 && *c.f[cty] ? c.f[cty] : NULL;
        f.currency = ccur >= 0 && *c.f[ccur] ? c.f[ccur] : NULL;
        if (cam >= 0 && nx_parse_num(c.f[cam], &f.amount) < 0) {
            nx_diags_add(d, 1, "%s:%zu: expected a number in column 'amount', got '%s'", path, c.line, c.f[cam]);
            continue;
        }
        char *tk = c.f[ct];
        while (*tk == ' ')
            tk++;
        size_t tl = strlen(tk);
        while (tl && tk[tl - 1] == ' ')
            tk[--tl] = 0;
        if (push(out, &f, tk, role, cname >= 0 && *c.f[cname] ? c.f[cname] : NULL)) {
            r = nx_error_nomem(err);
            break;
        }
    }
    nx_csv_close(&c);
    return r < 0 ? -1 : 0;
}

int nx_events_read(const char *path, const nx_events_opts *o, nx_fevents *out, nx_diags *d, nx_error *err)
{
    size_t len = 0;
    char *data = nx_read_input(path, &len, err);
    if (!data)
        return -1;
    if (nx_gunzip_in_place(&data, &len, path, err)) { /* events.jsonl.gz */
        nx_free(data);
        return -1;
    }
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    /* JSON Lines when the first line is an object, or when a broken first line is followed by one (a
     * CSV header holds no '{' line after it) */
    int jsonl = i < len && data[i] == '{';
    if (!jsonl) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t k = nl ? (size_t)(nl - data) + 1 : len;
        while (k < len && (data[k] == ' ' || data[k] == '\n' || data[k] == '\r' || data[k] == '\t'))
            k++;
        jsonl = k < len && data[k] == '{';
    }
    nx_names seen;
    memset(&seen, 0, sizeof seen);
    int r = jsonl ? read_jsonl(path, data, len, o, out, &seen, d, err)
                  : read_csv(path, data, len, o, out, &seen, d, err);
    nx_free(data);
    /* --role that names no role of the events: a misspelling gives no firm-event, silently otherwise */
    if (!r && o && o->roles) {
        int any = 0;
        for (size_t k = 0; k < o->nroles; k++)
            any |= nx_names_find(&seen, o->roles[k], strlen(o->roles[k])) >= 0;
        if (!any) {
            nx_buf b = NX_BUF_INIT;
            for (size_t k = 0; k < seen.n && k < 12; k++)
                nx_buf_printf(&b, "%s%s", k ? ", " : "", seen.s[k]);
            r = nx_error_set(err, NX_EUSAGE, "--role '%s'%s matches no role of the events in '%s' (%s%s)", o->roles[0],
                             o->nroles > 1 ? " (and the others)" : "", path, seen.n ? "their roles: " : "they name no role",
                             b.p ? b.p : "");
            nx_buf_free(&b);
        }
    }
    nx_names_free(&seen);
    return r;
}
