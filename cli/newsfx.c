/* newsfx.c: the command-line front: dispatch to the subcommands (one file each, as git's builtin/). */
#include <errno.h>
#include <jansson.h>
#include <gsl/gsl_version.h>
#include <string.h>
#include <zlib.h>

#include "../extractor/extract.h"
#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} command;

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const command COMMANDS[] = {
    {"extract", nx_cmd_extract, "extract events or mentions from articles (JSON Lines out)"},
    {"eval", nx_cmd_eval, "score the rules over a labeled sample (precision, recall, F1)"},
    {"rules", nx_cmd_rules, "test or list the rules (rules test: compile and run every example)"},
    {"study", nx_cmd_study, "event study: abnormal returns around the events, with every test statistic"},
    {"schema", nx_cmd_schema, "print the JSON Schema of event and mention records and of study.json"},
    {"version", cmd_version, "print the version and the sha256 of the rule set in use"},
    {"help", cmd_help, "show help for a command"},
    {NULL, NULL, NULL}};

static void usage(FILE *f)
{
    fputs("usage: newsfx <command> [options] [args]\n\n"
          "newsfx reads business news, extracts structured events with PCRE2 rules and measures how\n"
          "share prices reacted (event study).\n\ncommands:\n",
          f);
    for (const command *c = COMMANDS; c->name; c++)
        fprintf(f, "  %-9s %s\n", c->name, c->summary);
    fputs("\nexamples:\n"
          "  newsfx extract article.txt\n"
          "  newsfx extract --threads 2 -o events.jsonl reuters.jsonl\n"
          "  newsfx rules test\n"
          "  newsfx schema events\n"
          "\n'newsfx help <command>' or 'newsfx <command> --help' shows a command's options;\n"
          "'man newsfx' the manual.\n"
          "Exit codes: 0 ok, 1 some records rejected, 2 usage or fatal error, 3 rules failed.\n",
          f);
}

static const command *find(const char *name)
{
    for (const command *c = COMMANDS; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* The one message for a name that is no command, from `newsfx NAME` and `newsfx help NAME`; returns 2. */
static int not_a_command(const char *name)
{
    nx_cli_error("'%s' is not a newsfx command; see 'newsfx help'", name);
    return NX_EXIT_FATAL;
}

static int cmd_help(int argc, char **argv)
{
    if (argc > 1)
        return nx_cli_usage("help", "unexpected argument '%s'", argv[1]);
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    const command *c = find(argv[0]);
    if (!c)
        return not_a_command(argv[0]);
    if (c->run == cmd_help) {
        usage(stdout);
        return 0;
    }
    char help[] = "--help";
    char *av[] = {help, NULL};
    return c->run(1, av);
}

static int cmd_version(int argc, char **argv)
{
    nx_cli_model mo;
    nx_cli_model_init(&mo);
    int help = 0;
    const nx_opt opts[] = {NX_CLI_MODEL_OPTS(mo), {0}};
    nx_strlist pos = {0};
    nx_error err = {0};
    int rc = 0;
    if (nx_opts_parse(opts, argc, argv, &pos, &help, &err)) {
        rc = nx_cli_usage("version", "%s", err.msg);
        goto done;
    }
    if (help) {
        nx_opts_usage(stdout, "newsfx version [--rules PATH]...",
                      "Print newsfx's version, the sha256 of the rule set in use and the library versions.",
                      opts, "  newsfx version\n");
        goto done;
    }
    if (pos.n) {
        rc = nx_cli_usage("version", "unexpected argument '%s'", pos.v[0]);
        goto done;
    }
    int ok = 1;
    nx_model *m = nx_cli_load_model(&mo, 1, &ok, &rc);
    if (!m)
        goto done;
    if (!ok)
        nx_cli_rule_diags(m);
    char pcre[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, pcre);
    uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    printf("newsfx %s\n", NX_VERSION);
    printf("rules sha256 %s (%zu rules in %zu files%s)\n", m->rules->sha256, m->rules->n, m->rules->nfiles,
           ok ? "" : ", WITH ERRORS");
    printf("gazetteer %zu companies\n", nx_gaz_size(m->gaz));
    printf("pcre2 %s (JIT %s), jansson %s, gsl %s, zlib %s\n", pcre, jit ? "yes" : "no", JANSSON_VERSION,
           GSL_VERSION, zlibVersion());
    nx_model_free(m);
    if (ok)
        rc = 0; /* else as nx_cli_load_model set it: 2 for a rules path that cannot be read, 3 */
done:
    nx_strlist_free(&pos);
    nx_cli_model_free(&mo);
    return rc;
}

/* Data went to stdout: a write error there (a full disk) must not end in a silent success. */
static int finish(int rc)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc != NX_EXIT_FATAL) {
        nx_cli_error("cannot write 'stdout': %s", strerror(errno ? errno : EIO));
        rc = NX_EXIT_FATAL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    nx_alloc_init();
    if (argc < 2) {
        usage(stderr);
        return NX_EXIT_FATAL;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return finish(0);
    }
    if (strcmp(name, "--version") == 0)
        name = "version";
    const command *c = find(name);
    if (!c)
        return not_a_command(name);
    return finish(c->run(argc - 2, argv + 2));
}
