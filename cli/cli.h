/* cli.h: what the subcommands share: messages, exit codes, output files, the model options. */
#ifndef NX_CLI_H
#define NX_CLI_H

#include <stdio.h>

#include "../extractor/base.h"
#include "../extractor/extract.h"
#include "opts.h"

/* Exit codes (GUIDE.md): 0 ok, 1 some records rejected, 2 usage or fatal error, 3 rules failed. */
enum { NX_EXIT_OK = 0, NX_EXIT_REJECTED = 1, NX_EXIT_FATAL = 2, NX_EXIT_RULES = 3 };

/* Print "newsfx: <message>" on stderr. */
void nx_cli_error(const char *fmt, ...) NX_PRINTF(1, 2);
/* Print the error and return the exit code it maps to. */
int nx_cli_fail(const nx_error *err);
/* Usage error: print "newsfx: <message>" and a hint to --help; returns 2. */
int nx_cli_usage(const char *cmd, const char *fmt, ...) NX_PRINTF(2, 3);

/* Options every command that extracts shares: --rules, --add-rules, --gazetteer, limits. */
typedef struct nx_cli_model {
    nx_strlist rules, add_rules, gazetteers;
    nx_range match_limit, depth_limit; /* 1 to 4294967295 (PCRE2's 32 bits) */
    nx_range doc_timeout_ms;           /* 0 (no budget) to NX_CLI_MAX_DOC_TIMEOUT */
} nx_cli_model;

/* The largest --doc-timeout, in ms: a day */
#define NX_CLI_MAX_DOC_TIMEOUT 86400000L

/* Empty lists and the limits' ranges, nothing given: call before nx_opts_parse. */
void nx_cli_model_init(nx_cli_model *mo);

#define NX_CLI_MODEL_OPTS(mo)                                                                          \
    {0, "rules", NX_OPT_LIST, &(mo).rules, "PATH", "use these rules instead of the shipped ones (file or folder, repeatable)"}, \
    {0, "add-rules", NX_OPT_LIST, &(mo).add_rules, "PATH", "add rules to the shipped ones (repeatable)"},    \
    {0, "gazetteer", NX_OPT_LIST, &(mo).gazetteers, "FILE", "add companies (TSV: name, ticker, aliases; repeatable)"}, \
    {0, "match-limit", NX_OPT_RANGE, &(mo).match_limit, "N", "PCRE2 match limit per match (default 2000000)"}, \
    {0, "depth-limit", NX_OPT_RANGE, &(mo).depth_limit, "N", "PCRE2 depth limit per match (default 5000)"},   \
    {0, "doc-timeout", NX_OPT_RANGE, &(mo).doc_timeout_ms, "MS", "CPU time budget per document (default 2000; 0 = none)"}

/* Load the model from the shared options. On failure prints the first diagnostic and returns NULL
 * with *exit_code set: 3 when rules did not compile, 2 for anything else (a rules path that cannot
 * be read or holds no .rules file, the data, out of memory). lenient: return the model even when
 * the rules failed (rules test, rules list, version), with *rules_ok 0 and *exit_code set as above
 * for that failure (print the diagnostics with nx_cli_rule_diags). Free with nx_model_free. */
nx_model *nx_cli_load_model(const nx_cli_model *mo, int lenient, int *rules_ok, int *exit_code);
/* Print every diagnostic of the rule set (m->rules->diag), one "newsfx: ..." line each, on stderr. */
void nx_cli_rule_diags(const nx_model *m);
void nx_cli_model_free(nx_cli_model *mo);

/* An output file written atomically: to FILE.tmp-PID, renamed on nx_out_close; removed on
 * nx_out_abort or when the process is interrupted (SIGINT, SIGTERM). "-" or NULL is stdout. */
typedef struct nx_out {
    FILE *f;
    char *path;
    char *tmp;
    int failed;
} nx_out;
/* Open path for writing (see above). Returns 0, or -1 with err set ("cannot write 'x': ..."; when
 * x's folder does not exist, the message says so and to create it). */
int nx_out_open(nx_out *o, const char *path, nx_error *err);
/* Write n bytes; returns 0 or -1 (o->failed set, errno kept). */
int nx_out_write(nx_out *o, const char *data, size_t n);
/* Flush, close and rename into place. Returns 0 or -1 with err set ("cannot write 'x': No space left"). */
int nx_out_close(nx_out *o, nx_error *err);
/* nx_out_close in two steps, for a set of files that replace the old set together or not at all:
 * nx_out_stage flushes and closes, leaving the data in FILE.tmp-PID (still removed on a signal or by
 * nx_out_abort); nx_out_commit renames it into place. Each returns 0 or -1 with err set (a failed
 * stage has removed its temporary file). */
int nx_out_stage(nx_out *o, nx_error *err);
int nx_out_commit(nx_out *o, nx_error *err);
void nx_out_abort(nx_out *o);

/* Check an output file of cmd (given with option opt) before any work: NULL and "-" (stdout) and
 * /dev/ paths pass; a folder is a usage error ("-o 'x' is a folder: give a file name"), a file in a
 * folder that does not exist an error saying to create it. Returns 0, or prints the message and
 * returns 2. */
int nx_cli_check_out(const char *cmd, const char *opt, const char *path);

/* Do the output paths a and b (neither NULL; "-" is stdout) name the same file? When both exist,
 * the same device and inode (a character device such as /dev/null, written directly, never counts);
 * else the same path once the folder is resolved (symlinks, '.', '..'). Returns 1 or 0. */
int nx_cli_same_file(const char *a, const char *b);

/* Number of online processors (at least 1). */
int nx_cli_ncpu(void);

/* Subcommands: each returns the process exit code. argv[0] is the subcommand's first argument. */
int nx_cmd_extract(int argc, char **argv);
int nx_cmd_rules(int argc, char **argv);
int nx_cmd_eval(int argc, char **argv);
int nx_cmd_study(int argc, char **argv);
int nx_cmd_schema(int argc, char **argv);

#endif
