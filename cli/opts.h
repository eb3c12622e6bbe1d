/* opts.h: one option table drives both argument parsing and --help (as in git's parse-options).
 *
 *   static const char *out; static int quiet; static nx_strlist rules;
 *   const nx_opt opts[] = {
 *       {'o', "output", NX_OPT_STRING, &out, "FILE", "write to FILE instead of stdout"},
 *       {'q', "quiet", NX_OPT_FLAG, &quiet, NULL, "no progress on stderr"},
 *       {0, "rules", NX_OPT_LIST, &rules, "PATH", "rule file or folder (repeatable)"},
 *       {0}};
 *
 * Accepted forms: --name VALUE, --name=VALUE, -x VALUE, -xVALUE, grouped short flags (-qv), "--"
 * ends the options; "-" alone is a positional argument (stdin).
 */
#ifndef NX_OPTS_H
#define NX_OPTS_H

#include <stdio.h>

#include "../extractor/base.h"

typedef enum {
    NX_OPT_FLAG,   /* int*: set to 1 */
    NX_OPT_STRING, /* const char**: points into argv */
    NX_OPT_INT,    /* long* */
    NX_OPT_DOUBLE, /* double* */
    NX_OPT_LIST,   /* nx_strlist*: repeatable, each value appended */
    NX_OPT_RANGE,  /* nx_range*: an integer from its min to its max */
    NX_OPT_GROUP   /* not an option: a heading in --help (help is the heading text) */
} nx_opt_kind;

typedef struct nx_opt {
    char short_name;
    const char *long_name;
    nx_opt_kind kind;
    void *dest;
    const char *argname;
    const char *help;
} nx_opt;

/* The value of an NX_OPT_RANGE option. Set min and max before parsing: a value given is stored in
 * value with given set to 1; anything else than an integer from min to max is a usage error that
 * states the range ("option '--threads' needs an integer from 1 to 256, got '0'"). */
typedef struct nx_range {
    long min, max;
    long value;
    int given;
} nx_range;

/* A list of strings that point into argv (not owned). Free the array with nx_strlist_free. */
typedef struct nx_strlist {
    const char **v;
    size_t n, cap;
} nx_strlist;

/* Append s; returns 0 or -1 when out of memory. */
int nx_strlist_push(nx_strlist *l, const char *s);
void nx_strlist_free(nx_strlist *l);

/* Parse argv[0..argc) (argv[0] is the first argument, not the program) against the table, which ends
 * with an entry whose long_name and short_name are both 0. Options and positional arguments may be
 * mixed. Positional arguments are appended to *pos. Sets *help when -h/--help is given.
 * Returns 0, or -1 with err set ("unknown option '--x'", "option '--threads' needs an integer from 1
 * to 256, got 'x'"). */
int nx_opts_parse(const nx_opt *opts, int argc, char **argv, nx_strlist *pos, int *help, nx_error *err);

/* Print "usage: ..." then the option table, then the examples text (may be NULL), to f. */
void nx_opts_usage(FILE *f, const char *usage, const char *summary, const nx_opt *opts,
                   const char *examples);

#endif
