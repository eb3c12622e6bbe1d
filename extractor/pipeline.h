/* pipeline.h: the batch pipeline: read records, extract on N threads, write in input order.
 *
 * Output is byte-identical whatever the number of threads: records are read in batches, each batch
 * is extracted by one worker into its own buffers, and batches are written strictly in order. At most
 * 2 x threads batches are in flight, so memory stays bounded whatever the input size.
 */
#ifndef NX_PIPELINE_H
#define NX_PIPELINE_H

#include <stdint.h>

#include "extract.h"
#include "input.h"

enum { NX_OUT_EVENTS, NX_OUT_MENTIONS, NX_OUT_EXPLAIN };
enum { NX_FORMAT_JSONL, NX_FORMAT_CSV, NX_FORMAT_TSV };

typedef struct nx_pipeline_opts {
    int threads;      /* >= 1 */
    int what;         /* NX_OUT_* */
    int format;       /* NX_FORMAT_* (events and mentions) */
    int docs_out;     /* produce the per-document accounting lines */
    size_t batch_docs;  /* documents per batch (default 64) */
    size_t batch_bytes; /* or this many bytes of text (default 4 MiB) */
    /* Called in input order from the calling thread. Each returns 0, or -1 to stop the run
     * (a write error); the pipeline then returns -1 with err set to NX_EIO "write failed". */
    int (*write_out)(void *ctx, const char *data, size_t n);
    int (*write_docs)(void *ctx, const char *data, size_t n);
    void (*diag)(void *ctx, const char *msg); /* one diagnostic line, without "newsfx: " */
    void (*progress)(void *ctx, uint64_t docs, uint64_t bytes, uint64_t events); /* may be NULL */
    void *ctx;
    /* When set (arrays of rules->n + NX_PROF_EXTRA), every worker times its rules and the totals are
     * added here at the end (newsfx extract --profile). */
    double *profile_ms;
    long *profile_calls;
} nx_pipeline_opts;

typedef struct nx_pipeline_stats {
    uint64_t docs;        /* records read */
    uint64_t ok;          /* documents extracted */
    uint64_t rejected;    /* records rejected, each reported */
    uint64_t events;
    uint64_t mentions;
    uint64_t warnings;    /* invalid UTF-8 repaired, duplicate ids, PCRE2 limit hits */
    uint64_t limit_hits;
    uint64_t bytes;       /* input bytes read */
} nx_pipeline_stats;

/* Run the whole input through the model. Returns 0 when every record was read (some may have been
 * rejected: see stats), -1 on a fatal error (out of memory, write error) with err set. */
int nx_pipeline_run(const nx_model *m, nx_reader *rd, const nx_pipeline_opts *o, nx_pipeline_stats *st,
                    nx_error *err);

/* Header line for CSV/TSV event output (with a final newline). */
const char *nx_csv_header(int format);

#endif
