/* output.c: event and mention records as JSON Lines (format v1 of spec/events.md), and the
 * human-readable --explain account. */
#include "extract.h"

#include <string.h>

/* Put a string literal, or a number in decimal, at o (a local buffer with room) and go past it. */
#define PUT(o, lit) (memcpy((o), "" lit, sizeof(lit) - 1), (o) += sizeof(lit) - 1)
#define PUT_U(o, v) ((o) += nx_fmt_ull((o), (v)))

/* "rules/deals.rules:42" for shipped rules, the path as given for the user's. */
static void rule_loc(const nx_model *m, const nx_rule *r, nx_buf *b)
{
    const char *f = r->file;
    if (m->rules_dir) {
        size_t n = strlen(m->rules_dir);
        if (strncmp(f, m->rules_dir, n) == 0 && f[n] == '/') {
            NX_BUF_LIT(b, "rules");
            f += n;
        }
    }
    nx_buf_adds(b, f);
    nx_buf_addc(b, ':');
    nx_buf_add_ll(b, r->line);
}

static void span(const nx_result *r, size_t s, size_t e, nx_buf *b)
{
    NX_BUF_LIT(b, "\"text\":");
    nx_buf_json_str(b, r->doc->text + s, e - s);
    char tmp[128], *o = tmp; /* four numbers of at most 20 digits */
    PUT(o, ",\"start\":");
    PUT_U(o, nx_cpmap_cp(&r->cp, s));
    PUT(o, ",\"end\":");
    PUT_U(o, nx_cpmap_cp(&r->cp, e));
    PUT(o, ",\"byte_start\":");
    PUT_U(o, s);
    PUT(o, ",\"byte_end\":");
    PUT_U(o, e);
    nx_buf_addn(b, tmp, (size_t)(o - tmp));
}

static void str_or_null(nx_buf *b, const char *s)
{
    if (s && *s)
        nx_buf_json_str(b, s, strlen(s));
    else
        NX_BUF_LIT(b, "null");
}

static void head(nx_buf *b)
{
    NX_BUF_LIT(b, "{\"v\":1,");
}

static void doc_fields(const nx_result *r, nx_buf *b)
{
    NX_BUF_LIT(b, "\"doc_id\":");
    str_or_null(b, r->doc->id);
}

/* The ticker written for a company mention in an event's role (-1: a mention record): its entity's,
 * else, as an event's filler, the parent's of a unit (extract.c, link_parents), else the mention's
 * own; "" when none. A unit bought or sold (role target) does not take its parent's: the parent is
 * the seller there, not the target; a mention record keeps to the company's own. The string belongs
 * to r. */
static const char *company_ticker(const nx_result *r, const nx_mention *mm, int role)
{
    const nx_entity *en = mm->ent >= 0 ? &r->ent[mm->ent] : NULL;
    if (en && en->ticker[0])
        return en->ticker;
    if (en && en->parent_ticker[0] && role >= 0 && role != NX_R_TARGET)
        return en->parent_ticker;
    return mm->ticker;
}

static void filler(const nx_model *m, const nx_result *r, int mi, int role, nx_buf *b)
{
    (void)m;
    const nx_mention *mm = &r->m[mi];
    const nx_entity *en = mm->ent >= 0 ? &r->ent[mm->ent] : NULL;
    NX_BUF_LIT(b, "{\"name\":");
    if (en && en->name)
        str_or_null(b, en->name);
    else
        nx_buf_json_str(b, r->doc->text + mm->ns, mm->ne - mm->ns);
    NX_BUF_LIT(b, ",\"ticker\":");
    str_or_null(b, company_ticker(r, mm, role));
    nx_buf_addc(b, ',');
    span(r, mm->s, mm->e, b);
    nx_buf_addc(b, '}');
}

static void money_obj(const nx_result *r, int mi, int neg, nx_buf *b)
{
    const nx_mention *mm = &r->m[mi];
    nx_dec v = neg && mm->value.coef > 0 ? nx_dec_neg(mm->value) : mm->value;
    NX_BUF_LIT(b, "{\"value\":");
    nx_dec_print(b, v);
    NX_BUF_LIT(b, ",\"currency\":");
    str_or_null(b, mm->cur);
    if (mm->approx)
        NX_BUF_LIT(b, ",\"approx\":true,\"min\":");
    else
        NX_BUF_LIT(b, ",\"approx\":false,\"min\":");
    if (mm->range)
        nx_dec_print(b, neg ? nx_dec_neg(mm->max) : mm->min);
    else
        NX_BUF_LIT(b, "null");
    NX_BUF_LIT(b, ",\"max\":");
    if (mm->range)
        nx_dec_print(b, neg ? nx_dec_neg(mm->min) : mm->max);
    else
        NX_BUF_LIT(b, "null");
    nx_buf_addc(b, ',');
    span(r, mm->s, mm->e, b);
    nx_buf_addc(b, '}');
}

/* The amount of an event that names none but is zero by its rule (an omitted dividend): 0 in the
 * document's currency, the trigger as its text. */
static void zero_obj(const nx_result *r, const nx_event *ev, nx_buf *b)
{
    NX_BUF_LIT(b, "{\"value\":0,\"currency\":");
    str_or_null(b, r->doc_cur);
    NX_BUF_LIT(b, ",\"approx\":false,\"min\":null,\"max\":null,");
    span(r, ev->ts, ev->te, b);
    nx_buf_addc(b, '}');
}

static void change_obj(const nx_result *r, const nx_event *ev, nx_buf *b)
{
    const nx_mention *mm = &r->m[ev->change];
    nx_dec v = mm->value;
    if (ev->change_sign < 0 && v.coef > 0)
        v = nx_dec_neg(v);
    NX_BUF_LIT(b, "{\"value\":");
    nx_dec_print(b, v);
    NX_BUF_LIT(b, ",\"unit\":");
    str_or_null(b, mm->kind == NX_K_PERCENT ? "percent" : mm->cur);
    nx_buf_addc(b, ',');
    /* the change's text begins at its verb when the verb comes first ("declined 2.3%") */
    size_t s0 = ev->ts < mm->s && ev->ts >= ev->s && mm->s - ev->te <= 24 ? ev->ts : mm->s;
    span(r, s0, mm->e, b);
    nx_buf_addc(b, '}');
}

void nx_write_events(const nx_model *m, const nx_result *r, nx_buf *b)
{
    int k = 0;
    for (size_t i = 0; i < r->nev; i++) {
        const nx_event *ev = &r->ev[i];
        if (ev->merged)
            continue;
        const nx_rule *ru = &m->rules->rules[ev->rule];
        head(b);
        NX_BUF_LIT(b, "\"event_id\":");
        nx_buf_addc(b, '"');
        size_t l0 = b->len;
        nx_buf_json_str(b, r->doc->id, strlen(r->doc->id));
        /* drop the quotes json_str added: splice "id:k" */
        if (!b->oom) {
            memmove(b->p + l0, b->p + l0 + 1, b->len - l0 - 2);
            b->len -= 2;
            b->p[b->len] = 0;
        }
        nx_buf_addc(b, ':');
        nx_buf_add_ll(b, k++);
        NX_BUF_LIT(b, "\",");
        doc_fields(r, b);
        NX_BUF_LIT(b, ",\"doc_date\":");
        str_or_null(b, r->doc->date);
        NX_BUF_LIT(b, ",\"timestamp\":");
        str_or_null(b, r->doc->timestamp);
        NX_BUF_LIT(b, ",\"type\":\"");
        nx_buf_adds(b, nx_type_names[ev->type]);
        NX_BUF_LIT(b, "\",\"status\":");
        if (ev->status >= 0) {
            nx_buf_addc(b, '"');
            nx_buf_adds(b, nx_status_names[ev->status]);
            nx_buf_addc(b, '"');
        } else {
            NX_BUF_LIT(b, "null");
        }
        NX_BUF_LIT(b, ",\"modality\":\"");
        nx_buf_adds(b, nx_modality_names[ev->modality >= 0 ? ev->modality : 0]);
        NX_BUF_LIT(b, "\",\"roles\":{");
        int firstrole = 1;
        for (int role = 0; role < NX_NROLE; role++) {
            int any = 0;
            for (int f = 0; f < ev->nfill; f++) {
                if (ev->fill[f].role != role)
                    continue;
                if (!any) {
                    if (!firstrole)
                        nx_buf_addc(b, ',');
                    nx_buf_addc(b, '"');
                    nx_buf_adds(b, nx_role_names[role]);
                    NX_BUF_LIT(b, "\":[");
                    firstrole = 0;
                } else {
                    nx_buf_addc(b, ',');
                }
                any = 1;
                filler(m, r, ev->fill[f].mention, role, b);
            }
            if (any)
                nx_buf_addc(b, ']');
        }
        NX_BUF_LIT(b, "},\"amount\":");
        if (ev->amount >= 0)
            money_obj(r, ev->amount, ev->amount_neg, b);
        else if (ev->amount_zero)
            zero_obj(r, ev, b);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"change\":");
        if (ev->change >= 0)
            change_obj(r, ev, b);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"stake_pct\":");
        if (ev->stake >= 0)
            nx_dec_print(b, r->m[ev->stake].value);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"period\":");
        if (ev->pe > ev->ps)
            nx_buf_json_str(b, r->doc->text + ev->ps, ev->pe - ev->ps);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"trigger\":{");
        span(r, ev->ts, ev->te, b);
        NX_BUF_LIT(b, "},\"sentence\":");
        nx_buf_add_ll(b, ev->sentence);
        NX_BUF_LIT(b, ",\"rule\":");
        nx_buf_json_str(b, ru->id, strlen(ru->id));
        NX_BUF_LIT(b, ",\"rule_loc\":\"");
        rule_loc(m, ru, b);
        NX_BUF_LIT(b, "\",\"confidence\":");
        nx_buf_json_num(b, ev->confidence);
        NX_BUF_LIT(b, "}\n");
    }
}

void nx_write_mentions(const nx_model *m, const nx_result *r, nx_buf *b)
{
    for (size_t i = 0; i < r->nm; i++) {
        const nx_mention *mm = &r->m[i];
        if (mm->dropped)
            continue;
        head(b);
        doc_fields(r, b);
        NX_BUF_LIT(b, ",\"kind\":\"");
        nx_buf_adds(b, nx_kind_names[mm->kind]);
        NX_BUF_LIT(b, "\",");
        span(r, mm->s, mm->e, b);
        NX_BUF_LIT(b, ",\"value\":");
        int num = mm->kind == NX_K_MONEY || mm->kind == NX_K_PERCENT;
        if (num)
            nx_dec_print(b, mm->value);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"currency\":");
        str_or_null(b, mm->kind == NX_K_MONEY ? mm->cur : NULL);
        if (num && mm->approx)
            NX_BUF_LIT(b, ",\"approx\":true,\"min\":");
        else
            NX_BUF_LIT(b, ",\"approx\":false,\"min\":");
        if (num && mm->range)
            nx_dec_print(b, mm->min);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"max\":");
        if (num && mm->range)
            nx_dec_print(b, mm->max);
        else
            NX_BUF_LIT(b, "null");
        const nx_entity *en = mm->ent >= 0 ? &r->ent[mm->ent] : NULL;
        NX_BUF_LIT(b, ",\"name\":");
        if (mm->kind == NX_K_COMPANY)
            str_or_null(b, en ? en->name : NULL);
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"ticker\":");
        if (mm->kind == NX_K_COMPANY || mm->kind == NX_K_TICKER)
            str_or_null(b, company_ticker(r, mm, -1));
        else
            NX_BUF_LIT(b, "null");
        NX_BUF_LIT(b, ",\"rule\":");
        if (mm->rule >= 0) {
            const nx_rule *ru = &m->rules->rules[mm->rule];
            nx_buf_json_str(b, ru->id, strlen(ru->id));
            NX_BUF_LIT(b, ",\"rule_loc\":\"");
            rule_loc(m, ru, b);
            NX_BUF_LIT(b, "\"}\n");
        } else {
            NX_BUF_LIT(b, "\"context\",\"rule_loc\":null}\n");
        }
    }
}

static void quote(const nx_result *r, size_t s, size_t e, nx_buf *b)
{
    nx_buf_addc(b, '"');
    for (size_t i = s; i < e; i++) {
        char c = r->doc->text[i];
        nx_buf_addc(b, c == '\n' ? ' ' : c);
    }
    nx_buf_addc(b, '"');
}

void nx_write_explain(const nx_model *m, const nx_result *r, nx_buf *b)
{
    int k = 0;
    for (size_t i = 0; i < r->nev; i++) {
        const nx_event *ev = &r->ev[i];
        if (ev->merged)
            continue;
        const nx_rule *ru = &m->rules->rules[ev->rule];
        nx_buf_printf(b, "%s:%d %s  rule %s (", r->doc->id, k++, nx_type_names[ev->type], ru->id);
        rule_loc(m, ru, b);
        nx_buf_adds(b, ")\n");
        if (ev->sentence >= 0 && (size_t)ev->sentence < r->nsent) {
            nx_buf_printf(b, "  sentence %d: ", ev->sentence);
            quote(r, r->sent[ev->sentence].start, r->sent[ev->sentence].end, b);
            nx_buf_addc(b, '\n');
        }
        nx_buf_adds(b, "  match: ");
        quote(r, ev->s, ev->e, b);
        /* code points, as the events' start and end; the bytes too where they differ */
        size_t cs = nx_cpmap_cp(&r->cp, ev->s), ce = nx_cpmap_cp(&r->cp, ev->e);
        if (cs == ev->s && ce == ev->e)
            nx_buf_printf(b, " [%zu,%zu)\n", cs, ce);
        else
            nx_buf_printf(b, " [%zu,%zu) (bytes [%zu,%zu))\n", cs, ce, ev->s, ev->e);
        for (int f = 0; f < ev->nfill; f++) {
            const nx_mention *mm = &r->m[ev->fill[f].mention];
            nx_buf_printf(b, "  %s: ", nx_role_names[ev->fill[f].role]);
            quote(r, mm->s, mm->e, b);
            const nx_entity *en = mm->ent >= 0 ? &r->ent[mm->ent] : NULL;
            const char *tk = company_ticker(r, mm, ev->fill[f].role);
            nx_buf_printf(b, " -> %s%s%s%s%s\n", en && en->name ? en->name : "?", tk[0] ? " <" : "", tk,
                          tk[0] ? ">" : "", en && !en->ticker[0] && tk[0] && tk == en->parent_ticker ? " (its parent's)" : "");
        }
        if (ev->amount >= 0) {
            nx_buf_adds(b, "  amount: ");
            quote(r, r->m[ev->amount].s, r->m[ev->amount].e, b);
            nx_buf_addc(b, '\n');
        } else if (ev->amount_zero) {
            nx_buf_printf(b, "  amount: 0 %s (the rule's: none named)\n", r->doc_cur);
        }
        if (ev->change >= 0) {
            nx_buf_adds(b, "  change: ");
            quote(r, r->m[ev->change].s, r->m[ev->change].e, b);
            nx_buf_printf(b, " direction %s\n", ev->change_sign < 0 ? "down" : ev->change_sign > 0 ? "up" : "unknown");
        }
        nx_buf_printf(b, "  status %s, modality %s\n", ev->status >= 0 ? nx_status_names[ev->status] : "null",
                      nx_modality_names[ev->modality >= 0 ? ev->modality : 0]);
        if (ev->nmerged)
            nx_buf_printf(b, "  merged %d more candidate(s) telling the same action (last: %s)\n",
                          ev->nmerged, ev->why);
        for (size_t l = 0; l < r->nlost; l++) {
            const nx_lost *lo = &r->lost[l];
            if (lo->stage != NX_STAGE_EVENTS || lo->kind_or_type != ev->type || lo->e <= ev->s ||
                lo->s >= ev->e)
                continue;
            nx_buf_printf(b, "  lost: %s (", m->rules->rules[lo->rule].id);
            rule_loc(m, &m->rules->rules[lo->rule], b);
            nx_buf_printf(b, ") [%zu,%zu): %s than %s\n", nx_cpmap_cp(&r->cp, lo->s), nx_cpmap_cp(&r->cp, lo->e), lo->reason,
                          lo->winner >= 0 ? m->rules->rules[lo->winner].id : "?");
        }
    }
}

/* One CSV/TSV field, RFC 4180 quoting: a field holding the separator, a quote, CR or LF is quoted,
 * its quotes doubled. In TSV, tabs and line breaks first become spaces (a row stays one line for
 * cut and awk), so only a field with a quote is quoted, as spreadsheets and CSV readers expect
 * (Python's excel-tab dialect, pandas, DuckDB); otherwise a field opening with a quote would be
 * misread. */
static void csv_field(nx_buf *b, const char *s, size_t n, int tsv)
{
    int q = 0;
    for (size_t i = 0; i < n && !q; i++)
        q = s[i] == '"' || (!tsv && (s[i] == ',' || s[i] == '\n' || s[i] == '\r'));
    if (q)
        nx_buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            nx_buf_addc(b, '"');
        else if (tsv && (c == '\t' || c == '\n' || c == '\r'))
            c = ' ';
        nx_buf_addc(b, c);
    }
    if (q)
        nx_buf_addc(b, '"');
}

static void csv_str(nx_buf *b, const char *s, int tsv) { csv_field(b, s ? s : "", s ? strlen(s) : 0, tsv); }

void nx_write_events_csv(const nx_model *m, const nx_result *r, int tsv, nx_buf *b)
{
    char sep = tsv ? '\t' : ',';
    int k = 0;
    for (size_t i = 0; i < r->nev; i++) {
        const nx_event *ev = &r->ev[i];
        if (ev->merged)
            continue;
        nx_buf id = NX_BUF_INIT;
        nx_buf_printf(&id, "%s:%d", r->doc->id, k++);
        csv_str(b, id.p, tsv);
        nx_buf_free(&id);
        nx_buf_addc(b, sep);
        csv_str(b, r->doc->id, tsv);
        nx_buf_addc(b, sep);
        csv_str(b, r->doc->date, tsv);
        nx_buf_addc(b, sep);
        csv_str(b, nx_type_names[ev->type], tsv);
        nx_buf_addc(b, sep);
        csv_str(b, ev->status >= 0 ? nx_status_names[ev->status] : "", tsv);
        nx_buf_addc(b, sep);
        csv_str(b, nx_modality_names[ev->modality >= 0 ? ev->modality : 0], tsv);
        nx_buf tick = NX_BUF_INIT;
        int ntick = 0;
        for (int role = 0; role < NX_NROLE; role++) {
            nx_buf names = NX_BUF_INIT;
            for (int f = 0; f < ev->nfill; f++) {
                if (ev->fill[f].role != role)
                    continue;
                const nx_mention *mm = &r->m[ev->fill[f].mention];
                const nx_entity *en = mm->ent >= 0 ? &r->ent[mm->ent] : NULL;
                if (names.len)
                    nx_buf_adds(&names, "; ");
                if (en && en->name)
                    nx_buf_adds(&names, en->name);
                else /* as the JSON filler's name */
                    nx_buf_add(&names, r->doc->text + mm->ns, mm->ne - mm->ns);
                /* one entry per company, in the order of the role columns, empty without a ticker */
                if (ntick++)
                    nx_buf_adds(&tick, "; ");
                nx_buf_adds(&tick, company_ticker(r, mm, role));
            }
            nx_buf_addc(b, sep);
            csv_field(b, names.p ? names.p : "", names.len, tsv);
            nx_buf_free(&names);
        }
        nx_buf_addc(b, sep);
        csv_field(b, tick.p ? tick.p : "", tick.len, tsv);
        nx_buf_free(&tick);
        nx_buf_addc(b, sep);
        if (ev->amount >= 0) {
            const nx_mention *mm = &r->m[ev->amount];
            nx_dec_print(b, ev->amount_neg && mm->value.coef > 0 ? nx_dec_neg(mm->value) : mm->value);
            nx_buf_addc(b, sep);
            csv_str(b, mm->cur, tsv);
            nx_buf_addc(b, sep);
            nx_buf_adds(b, mm->approx ? "true" : "false");
        } else if (ev->amount_zero) {
            nx_buf_addc(b, '0');
            nx_buf_addc(b, sep);
            csv_str(b, r->doc_cur, tsv);
            nx_buf_addc(b, sep);
            nx_buf_adds(b, "false");
        } else {
            nx_buf_addc(b, sep);
            nx_buf_addc(b, sep);
        }
        nx_buf_addc(b, sep);
        if (ev->change >= 0) {
            const nx_mention *mm = &r->m[ev->change];
            nx_dec v = ev->change_sign < 0 && mm->value.coef > 0 ? nx_dec_neg(mm->value) : mm->value;
            nx_dec_print(b, v);
            nx_buf_addc(b, sep);
            csv_str(b, mm->kind == NX_K_PERCENT ? "percent" : mm->cur, tsv);
        } else {
            nx_buf_addc(b, sep);
        }
        nx_buf_addc(b, sep);
        if (ev->stake >= 0)
            nx_dec_print(b, r->m[ev->stake].value);
        nx_buf_addc(b, sep);
        if (ev->pe > ev->ps)
            csv_field(b, r->doc->text + ev->ps, ev->pe - ev->ps, tsv);
        nx_buf_addc(b, sep);
        csv_field(b, r->doc->text + ev->ts, ev->te - ev->ts, tsv);
        nx_buf_printf(b, "%c%d%c", sep, ev->sentence, sep);
        csv_str(b, m->rules->rules[ev->rule].id, tsv);
        nx_buf_addc(b, sep);
        nx_buf_json_num(b, ev->confidence);
        nx_buf_addc(b, '\n');
    }
}
