/* cmd_extract.c: newsfx extract: articles in, events (or mentions) out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../extractor/input.h"
#include "../extractor/pipeline.h"
#include "cli.h"

static const char USAGE[] = "newsfx extract [options] [FILE|DIR|-]...";
static const char SUMMARY[] =
    "Extract events (acquisitions, mergers, investments, funding rounds, partnerships, earnings,\n"
    "dividends, stock moves, IPOs, divestitures) from news articles, as JSON Lines on stdout.\n"
    "A text file is one document (doc_id = its path); a .jsonl/.ndjson file (or stdin starting\n"
    "with '{') holds one document per line. Folders are read recursively in sorted order, .gz\n"
    "files are decompressed. With a title and a body, the text is the title, a newline, then the\n"
    "body, and every offset refers to that text.";
static const char EXAMPLES[] =
    "  newsfx extract article.txt\n"
    "  newsfx extract --mentions article.txt\n"
    "  newsfx extract --explain article.txt\n"
    "  newsfx extract --threads 2 -o events.jsonl --docs-out docs.jsonl reuters.jsonl.gz\n"
    "  newsfx extract --text-field body --id-field uid dump.ndjson | jq -c 'select(.type==\"acquisition\")'\n"
    "  newsfx extract --shard 2/8 corpus.jsonl > part-2.jsonl\n"
    "  newsfx extract --output-format csv corpus.jsonl > events.csv\n";

typedef struct ctx {
    nx_out out, docs;
    int progress;
    double t0, last;
} ctx;

static int w_out(void *c, const char *d, size_t n) { return nx_out_write(&((ctx *)c)->out, d, n); }
static int w_docs(void *c, const char *d, size_t n) { return nx_out_write(&((ctx *)c)->docs, d, n); }
static void w_diag(void *c, const char *msg)
{
    ctx *x = c;
    if (x->progress)
        fputs("\r\033[K", stderr);
    nx_cli_error("%s", msg);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void w_progress(void *c, uint64_t docs, uint64_t bytes, uint64_t events)
{
    ctx *x = c;
    if (!x->progress)
        return;
    double t = now();
    if (t - x->last < 0.25)
        return;
    x->last = t;
    double mb = bytes / 1e6;
    fprintf(stderr, "\r\033[K%llu documents, %.1f MB, %.1f MB/s, %llu events", (unsigned long long)docs, mb,
            t > x->t0 ? mb / (t - x->t0) : 0.0, (unsigned long long)events);
}

static int parse_range(const char *s, uint64_t *a, uint64_t *b)
{
    char *e;
    errno = 0;
    if (*s < '0' || *s > '9') /* strtoull would take "-1" as 2^64 - 1 */
        return -1;
    unsigned long long x = strtoull(s, &e, 10);
    if (errno || e == s || *e != '-')
        return -1;
    const char *s2 = e + 1;
    if (*s2 < '0' || *s2 > '9')
        return -1;
    unsigned long long y = strtoull(s2, &e, 10);
    if (errno || e == s2 || *e)
        return -1;
    *a = x;
    *b = y;
    return 0;
}

/* The rules by time spent, slowest first (--profile). */
static void print_profile(const nx_model *m, const double *ms, const long *calls, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += ms[i];
    size_t *idx = nx_malloc(n * sizeof *idx);
    if (!idx)
        return;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort: a few hundred entries */
        for (size_t j = i; j > 0 && ms[idx[j]] > ms[idx[j - 1]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    fprintf(stderr, "newsfx: profile: %.1f ms in rules and steps (wall time of the workers)\n", total);
    fprintf(stderr, "%10s %6s %10s  %s\n", "ms", "share", "calls", "rule or step");
    for (size_t k = 0; k < n && k < 40; k++) {
        size_t i = idx[k];
        if (ms[i] <= 0)
            break;
        const char *name = i < m->rules->n                   ? m->rules->rules[i].id
                           : i == m->rules->n + NX_PROF_TEXT  ? "(text: UTF-8 and sentences)"
                           : i == m->rules->n + NX_PROF_WORDS ? "(word prefilter)"
                                                              : "(linking, aliases, currencies)";
        fprintf(stderr, "%10.1f %5.1f%% %10ld  %s\n", ms[i], total > 0 ? 100 * ms[i] / total : 0, calls[i], name);
    }
    nx_free(idx);
}

/* Is path standard output: "-", /dev/stdout, /dev/fd/1? 1 or 0. */
static int is_stdout(const char *path)
{
    return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 || strcmp(path, "/dev/fd/1") == 0 ||
           strcmp(path, "/proc/self/fd/1") == 0;
}

int nx_cmd_extract(int argc, char **argv)
{
    const char *output = NULL, *docs_out = NULL, *input_format = NULL, *out_format = "jsonl";
    const char *time_zone = NULL;
    const char *shard = NULL, *range = NULL;
    int mentions = 0, explain = 0, quiet = 0, help = 0, profile = 0;
    long max_doc = 8L << 20;
    nx_range threads = {1, 256, 0, 0}; /* not given: the number of cores */
    nx_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    nx_cli_model mo;
    nx_cli_model_init(&mo);
    const nx_opt opts[] = {
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "output:"},
        {'o', "output", NX_OPT_STRING, &output, "FILE", "write to FILE (atomically) instead of stdout"},
        {0, "mentions", NX_OPT_FLAG, &mentions, NULL, "write mention records instead of events"},
        {0, "explain", NX_OPT_FLAG, &explain, NULL, "explain each event: rule, file:line, captures, losers"},
        {0, "output-format", NX_OPT_STRING, &out_format, "FMT", "jsonl (default), csv or tsv (events)"},
        {0, "docs-out", NX_OPT_STRING, &docs_out, "FILE", "one accounting line per input document"},
        {'q', "quiet", NX_OPT_FLAG, &quiet, NULL, "no progress and no totals on stderr"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "input:"},
        {0, "input-format", NX_OPT_STRING, &input_format, "FMT", "text or jsonl (default: by file name)"},
        {0, "id-field", NX_OPT_STRING, &ro.id_field, "NAME", "JSON field of the document id (default id)"},
        {0, "text-field", NX_OPT_STRING, &ro.text_field, "NAME", "field of the text (default text, then body)"},
        {0, "title-field", NX_OPT_STRING, &ro.title_field, "NAME", "field of the title (default title)"},
        {0, "date-field", NX_OPT_STRING, &ro.date_field, "NAME", "field of the date (default date)"},
        {0, "time-field", NX_OPT_STRING, &ro.time_field, "NAME", "field of the time (default time)"},
        {0, "time-zone", NX_OPT_STRING, &time_zone, "ZONE",
         "zone of dates and times without an offset: UTC (default) or America/New_York"},
        {0, "max-doc-bytes", NX_OPT_INT, &max_doc, "N", "skip (and report) larger documents (default 8 MiB)"},
        {0, "shard", NX_OPT_STRING, &shard, "K/N", "only documents K of every N (K from 1 to N)"},
        {0, "byte-range", NX_OPT_STRING, &range, "A-B", "only records whose first byte is in [A,B)"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "processing:"},
        {'j', "threads", NX_OPT_RANGE, &threads, "N", "worker threads (default: number of cores)"},
        {0, "profile", NX_OPT_FLAG, &profile, NULL, "time every rule; print the slowest on stderr at the end"},
        NX_CLI_MODEL_OPTS(mo),
        {0}};
    nx_strlist pos = {0};
    nx_error err = {0};
    int rc = NX_EXIT_OK;
    if (nx_opts_parse(opts, argc, argv, &pos, &help, &err)) {
        rc = nx_cli_usage("extract", "%s", err.msg);
        goto done;
    }
    if (help) {
        nx_opts_usage(stdout, USAGE, SUMMARY, opts, EXAMPLES);
        goto done;
    }
    if (mentions && explain) {
        rc = nx_cli_usage("extract", "--mentions and --explain do not go together");
        goto done;
    }
    int fmt = NX_FORMAT_JSONL;
    if (strcmp(out_format, "csv") == 0)
        fmt = NX_FORMAT_CSV;
    else if (strcmp(out_format, "tsv") == 0)
        fmt = NX_FORMAT_TSV;
    else if (strcmp(out_format, "jsonl") != 0) {
        rc = nx_cli_usage("extract", "unknown --output-format '%s' (jsonl, csv, tsv)", out_format);
        goto done;
    }
    if (fmt != NX_FORMAT_JSONL && (mentions || explain)) {
        rc = nx_cli_usage("extract", "--output-format %s is for events only", out_format);
        goto done;
    }
    if ((rc = nx_cli_check_out("extract", "-o", output)) || (rc = nx_cli_check_out("extract", "--docs-out", docs_out)))
        goto done;
    /* two outputs in one file: found before any work (the second rename would fail at the end) */
    if (docs_out && is_stdout(docs_out) && (!output || is_stdout(output))) {
        rc = nx_cli_usage("extract", "--docs-out %s would mix the accounting with the records on stdout: "
                                     "give -o FILE for the records", docs_out);
        goto done;
    }
    if (docs_out && output && nx_cli_same_file(output, docs_out)) {
        rc = nx_cli_usage("extract", "-o '%s' and --docs-out '%s' are the same file: give two files", output,
                          docs_out);
        goto done;
    }
    if (input_format) {
        if (strcmp(input_format, "text") == 0)
            ro.format = NX_FMT_TEXT;
        else if (strcmp(input_format, "jsonl") == 0)
            ro.format = NX_FMT_JSONL;
        else {
            rc = nx_cli_usage("extract", "unknown --input-format '%s' (text, jsonl)", input_format);
            goto done;
        }
    }
    if (time_zone) {
        if (strcasecmp(time_zone, "UTC") == 0 || strcmp(time_zone, "Z") == 0)
            ro.time_zone = NX_TZ_UTC;
        else if (strcmp(time_zone, "America/New_York") == 0 || strcasecmp(time_zone, "new-york") == 0 ||
                 strcmp(time_zone, "US/Eastern") == 0)
            ro.time_zone = NX_TZ_NEW_YORK;
        else {
            rc = nx_cli_usage("extract", "unknown --time-zone '%s' (UTC, America/New_York)", time_zone);
            goto done;
        }
    }
    if (max_doc <= 0) {
        rc = nx_cli_usage("extract", "--max-doc-bytes must be positive");
        goto done;
    }
    ro.max_doc_bytes = (size_t)max_doc;
    if (shard) {
        char *e;
        ro.shard_k = strtol(shard, &e, 10);
        if (*e != '/' || (ro.shard_n = strtol(e + 1, &e, 10)) <= 0 || *e || ro.shard_k < 1 ||
            ro.shard_k > ro.shard_n) {
            rc = nx_cli_usage("extract", "--shard needs K/N with 1 <= K <= N, got '%s'", shard);
            goto done;
        }
    }
    if (range) {
        if (parse_range(range, &ro.range_a, &ro.range_b)) {
            rc = nx_cli_usage("extract", "--byte-range needs A-B (bytes), got '%s'", range);
            goto done;
        }
        ro.has_range = 1;
    }
    /* stdin is read once: a second '-' would be an empty document */
    for (size_t i = 0, seen = 0; i < pos.n; i++)
        if (strcmp(pos.v[i], "-") == 0 && seen++) {
            rc = nx_cli_usage("extract", "stdin ('-') given twice");
            goto done;
        }
    if (pos.n == 0) {
        if (isatty(0)) {
            rc = nx_cli_usage("extract", "no input: give files, folders or '-' for stdin");
            goto done;
        }
        nx_strlist_push(&pos, "-");
    }
    nx_model *m = nx_cli_load_model(&mo, 0, NULL, &rc);
    if (!m)
        goto done;
    nx_reader *rd = nx_reader_new(pos.v, pos.n, &ro, &err);
    if (!rd) {
        rc = nx_cli_fail(&err);
        nx_model_free(m);
        goto done;
    }
    ctx c;
    memset(&c, 0, sizeof c);
    if (nx_out_open(&c.out, output, &err) || (docs_out && nx_out_open(&c.docs, docs_out, &err))) {
        rc = nx_cli_fail(&err);
        nx_out_abort(&c.out);
        nx_reader_free(rd);
        nx_model_free(m);
        goto done;
    }
    /* progress only on a terminal, and not when the records go to that terminal too: they would
     * land in the middle of the progress line (curl's rule) */
    c.progress = !quiet && isatty(2) && !(c.out.f == stdout && isatty(1));
    c.t0 = now();
    if (fmt != NX_FORMAT_JSONL)
        nx_out_write(&c.out, nx_csv_header(fmt), strlen(nx_csv_header(fmt)));
    nx_pipeline_opts po;
    memset(&po, 0, sizeof po);
    po.threads = threads.given ? (int)threads.value : nx_cli_ncpu();
    po.what = mentions ? NX_OUT_MENTIONS : explain ? NX_OUT_EXPLAIN : NX_OUT_EVENTS;
    po.format = fmt;
    po.docs_out = docs_out != NULL;
    po.write_out = w_out;
    po.write_docs = docs_out ? w_docs : NULL;
    po.diag = w_diag;
    po.progress = w_progress;
    po.ctx = &c;
    size_t nprof = m->rules->n + NX_PROF_EXTRA;
    if (profile) {
        po.profile_ms = nx_calloc(nprof, sizeof *po.profile_ms);
        po.profile_calls = nx_calloc(nprof, sizeof *po.profile_calls);
        if (!po.profile_ms || !po.profile_calls) {
            nx_error_nomem(&err);
            rc = nx_cli_fail(&err);
            nx_free(po.profile_ms);
            nx_free(po.profile_calls);
            nx_out_abort(&c.out);
            nx_reader_free(rd);
            nx_model_free(m);
            goto done;
        }
    }
    nx_pipeline_stats st;
    int prc = nx_pipeline_run(m, rd, &po, &st, &err);
    if (profile)
        print_profile(m, po.profile_ms, po.profile_calls, nprof);
    nx_free(po.profile_ms);
    nx_free(po.profile_calls);
    if (c.progress)
        fputs("\r\033[K", stderr);
    if (prc) {
        if (err.code == NX_EIO && c.out.failed) {
            nx_error e2 = {0};
            nx_out_close(&c.out, &e2);
            rc = nx_cli_fail(&e2);
        } else {
            rc = nx_cli_fail(&err);
            nx_out_abort(&c.out);
        }
        if (docs_out)
            nx_out_abort(&c.docs);
    } else {
        nx_error e2 = {0};
        if (nx_out_close(&c.out, &e2) || (docs_out && nx_out_close(&c.docs, &e2))) {
            rc = nx_cli_fail(&e2);
            if (docs_out)
                nx_out_abort(&c.docs);
        } else {
            if (!quiet) {
                double t = now() - c.t0;
                fprintf(stderr,
                        "newsfx: %llu documents read, %llu extracted, %llu rejected; %llu events, %llu mentions; "
                        "%.1f MB in %.2f s\n",
                        (unsigned long long)st.docs, (unsigned long long)st.ok, (unsigned long long)st.rejected,
                        (unsigned long long)st.events, (unsigned long long)st.mentions, st.bytes / 1e6, t);
            }
            rc = st.rejected ? NX_EXIT_REJECTED : NX_EXIT_OK;
        }
    }
    nx_reader_free(rd);
    nx_model_free(m);
done:
    nx_strlist_free(&pos);
    nx_cli_model_free(&mo);
    return rc;
}
