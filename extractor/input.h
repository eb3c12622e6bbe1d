/* input.h: reading documents from text files, JSON Lines files, folders and stdin, streamed.
 *
 * Every argument is a file, a folder (its files, recursively, in sorted order) or "-" (stdin). Files
 * ending in .gz are decompressed on the fly (any file is: zlib reads plain files unchanged). A .jsonl
 * or .ndjson file (also before .gz) holds one document per line; any other file is one document
 * whose doc_id is its path as given. Stdin is JSON Lines when its first byte is '{'.
 *
 * Each call to nx_reader_next returns one record: a document ready for extraction, or a rejected
 * record with the reason (a broken JSON line, a missing text field, a line over --max-doc-bytes, an
 * unreadable file). Nothing is dropped silently.
 */
#ifndef NX_INPUT_H
#define NX_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "extract.h"

enum { NX_FMT_AUTO, NX_FMT_TEXT, NX_FMT_JSONL };
enum { NX_TZ_UTC, NX_TZ_NEW_YORK };

typedef struct nx_reader_opts {
    const char *id_field;     /* default "id" */
    const char *text_field;   /* default "text", falling back to "body" */
    const char *title_field;  /* default "title" */
    const char *date_field;   /* default "date" */
    const char *time_field;   /* default "time" */
    int time_zone;            /* NX_TZ_*: the zone of a date and time given without an offset */
    int format;               /* NX_FMT_* */
    size_t max_doc_bytes;     /* default 8 MiB */
    long shard_k, shard_n;    /* --shard K/N (K from 1 to N); n = 0: no sharding */
    int has_range;            /* --byte-range A-B */
    uint64_t range_a, range_b;
    int jansson_only;         /* read every JSON line with jansson, not the fast reader (also
                               * NEWSFX_JSON_READER=jansson): tests compare the two */
} nx_reader_opts;

typedef struct nx_record {
    nx_doc doc;               /* doc.text owned here; doc.id etc. point into the own strings */
    char *id_own, *date_own, *time_own, *ts_own;
    const char *source;       /* the argument it came from, or "-" (owned by the reader) */
    long line;                /* 1-based line (JSON Lines), 0 for a whole-file document, -1 unknown */
    uint64_t offset;          /* byte offset of the record in its source (decompressed) */
    uint64_t index;           /* position among all records read (0-based), for --shard */
    int rejected;             /* 1: not a document; reason says why */
    char reason[320];
    size_t bad_utf8;          /* invalid bytes replaced (a warning, not a rejection) */
    size_t first_bad;
    int dup_id;               /* the id was seen before in this run (a warning) */
    char when_warn[200];      /* a date or time that does not parse, left out (a warning; "" when none) */
} nx_record;

typedef struct nx_reader nx_reader;

/* Prepare to read the paths in order (they are not opened yet). `paths` must outlive the reader.
 * Returns NULL with err set on bad options (e.g. --byte-range with several inputs). Free with
 * nx_reader_free. */
nx_reader *nx_reader_new(const char *const *paths, size_t n, const nx_reader_opts *o, nx_error *err);

/* Read the next record into rec (which is cleared first; release it with nx_record_clear).
 * Returns 1 when a record was read (possibly a rejected one), 0 at the end of all input, -1 on a
 * fatal error (out of memory, a write error...) with err set. */
int nx_reader_next(nx_reader *rd, nx_record *rec, nx_error *err);

/* Total bytes read from all inputs so far (decompressed), for progress and throughput. */
uint64_t nx_reader_bytes(const nx_reader *rd);

/* JSON lines read by the fast reader so far (the others went to jansson: see parse_json_record). */
uint64_t nx_reader_fast_lines(const nx_reader *rd);

void nx_record_clear(nx_record *rec);
void nx_reader_free(nx_reader *rd);

/* Does the path look like JSON Lines (.jsonl, .ndjson, optionally followed by .gz)? */
int nx_path_is_jsonl(const char *path);

#endif
