/* opts.c: table-driven option parsing and help (see opts.h). */
#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int nx_strlist_push(nx_strlist *l, const char *s)
{
    if (nx_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return -1;
    l->v[l->n++] = s;
    return 0;
}

void nx_strlist_free(nx_strlist *l)
{
    nx_free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static int opt_end(const nx_opt *o) { return !o->long_name && !o->short_name && o->kind != NX_OPT_GROUP; }

/* val as a whole decimal integer that fits a long, into *v: 0, or -1 when it is none. */
static int parse_long(const char *val, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(val, &end, 10);
    return errno || end == val || *end ? -1 : 0;
}

static int store(const nx_opt *o, const char *shown, const char *val, nx_error *err)
{
    char *end;
    switch (o->kind) {
    case NX_OPT_FLAG: *(int *)o->dest = 1; return 0;
    case NX_OPT_STRING: *(const char **)o->dest = val; return 0;
    case NX_OPT_LIST:
        if (nx_strlist_push(o->dest, val))
            return nx_error_nomem(err);
        return 0;
    case NX_OPT_INT: {
        long v;
        if (parse_long(val, &v))
            return nx_error_set(err, NX_EUSAGE, "option '%s' needs an integer, got '%s'", shown, val);
        *(long *)o->dest = v;
        return 0;
    }
    case NX_OPT_RANGE: {
        nx_range *r = o->dest;
        long v;
        if (parse_long(val, &v) || v < r->min || v > r->max)
            return nx_error_set(err, NX_EUSAGE, "option '%s' needs an integer from %ld to %ld, got '%s'", shown,
                                r->min, r->max, val);
        r->value = v;
        r->given = 1;
        return 0;
    }
    case NX_OPT_DOUBLE: {
        errno = 0;
        double v = strtod(val, &end);
        if (errno || end == val || *end)
            return nx_error_set(err, NX_EUSAGE, "option '%s' needs a number, got '%s'", shown, val);
        *(double *)o->dest = v;
        return 0;
    }
    case NX_OPT_GROUP: break;
    }
    return 0;
}

int nx_opts_parse(const nx_opt *opts, int argc, char **argv, nx_strlist *pos, int *help, nx_error *err)
{
    int only_pos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == 0) {
            if (nx_strlist_push(pos, a))
                return nx_error_nomem(err);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t nl = eq ? (size_t)(eq - name) : strlen(name);
            if (nl == 4 && strncmp(name, "help", 4) == 0) {
                *help = 1;
                continue;
            }
            const nx_opt *o = opts;
            for (; !opt_end(o); o++)
                if (o->kind != NX_OPT_GROUP && o->long_name && strlen(o->long_name) == nl &&
                    strncmp(o->long_name, name, nl) == 0)
                    break;
            if (opt_end(o))
                return nx_error_set(err, NX_EUSAGE, "unknown option '--%.*s'", (int)nl, name);
            char shown[96];
            snprintf(shown, sizeof shown, "--%s", o->long_name);
            if (o->kind == NX_OPT_FLAG) {
                if (eq)
                    return nx_error_set(err, NX_EUSAGE, "option '%s' takes no value", shown);
                *(int *)o->dest = 1;
                continue;
            }
            const char *val = eq ? eq + 1 : NULL;
            if (!val) {
                if (i + 1 >= argc)
                    return nx_error_set(err, NX_EUSAGE, "option '%s' needs a value", shown);
                val = argv[++i];
            }
            if (store(o, shown, val, err))
                return -1;
            continue;
        }
        /* short options, possibly grouped */
        for (const char *p = a + 1; *p; p++) {
            if (*p == 'h') {
                *help = 1;
                continue;
            }
            const nx_opt *o = opts;
            for (; !opt_end(o); o++)
                if (o->kind != NX_OPT_GROUP && o->short_name == *p)
                    break;
            if (opt_end(o))
                return nx_error_set(err, NX_EUSAGE, "unknown option '-%c'", *p);
            char shown[8] = {'-', *p, 0};
            if (o->kind == NX_OPT_FLAG) {
                *(int *)o->dest = 1;
                continue;
            }
            const char *val = p[1] ? p + 1 : NULL;
            if (!val) {
                if (i + 1 >= argc)
                    return nx_error_set(err, NX_EUSAGE, "option '%s' needs a value", shown);
                val = argv[++i];
            }
            if (store(o, shown, val, err))
                return -1;
            break;
        }
    }
    return 0;
}

void nx_opts_usage(FILE *f, const char *usage, const char *summary, const nx_opt *opts,
                   const char *examples)
{
    fprintf(f, "usage: %s\n", usage);
    if (summary)
        fprintf(f, "\n%s\n", summary);
    int any = 0;
    for (const nx_opt *o = opts; o && !opt_end(o); o++) {
        if (o->kind == NX_OPT_GROUP) {
            fprintf(f, "\n%s\n", o->help);
            any = 1;
            continue;
        }
        if (!any) {
            fputs("\noptions:\n", f);
            any = 1;
        }
        char left[80];
        int n = 0;
        if (o->short_name && o->long_name)
            n = snprintf(left, sizeof left, "  -%c, --%s", o->short_name, o->long_name);
        else if (o->long_name)
            n = snprintf(left, sizeof left, "      --%s", o->long_name);
        else
            n = snprintf(left, sizeof left, "  -%c", o->short_name);
        if (o->argname && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, " %s", o->argname);
        if (strlen(left) <= 26)
            fprintf(f, "%-28s%s\n", left, o->help);
        else
            fprintf(f, "%s\n%28s%s\n", left, "", o->help);
    }
    if (!any)
        fputs("\noptions:\n", f);
    fputs("  -h, --help                show this help\n", f);
    if (examples)
        fprintf(f, "\nexamples:\n%s", examples);
}
