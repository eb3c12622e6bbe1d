/* fuzz_jsonl.c: libFuzzer harness for the input reader (extractor/input.c) on JSON Lines.
 *
 * The input is a JSON Lines file (or, when it starts with the gzip magic, a compressed one: the
 * reader decompresses any input). The first byte picks options: a small --max-doc-bytes (so the
 * line-too-long path runs), a --byte-range split, or text mode. The file is handed to the reader
 * through a memfd, so nothing touches the disk. Every record must come back as a document or as a
 * rejected record with a reason; the loop checks the reader's promises (NUL-terminated text of the
 * stated length, a non-empty reason for a rejection, a doc_id always). A second reader with
 * jansson_only reads the same file in step: the fast JSON reader must give the same records, field by
 * field, as jansson (or hand the line to it).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../extractor/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    unsigned mode = data[0];
    data++;
    size--;
    int fd = memfd_create("fuzz.jsonl", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *paths[1] = {path};
    nx_reader_opts o;
    memset(&o, 0, sizeof o);
    o.format = (mode & 3) == 3 ? NX_FMT_TEXT : NX_FMT_JSONL;
    if (mode & 4)
        o.max_doc_bytes = 16 + (mode >> 4) * 8;
    if (mode & 8) {
        o.has_range = 1;
        o.range_a = size ? (mode * 7u) % size : 0;
        o.range_b = o.range_a + size / 2 + 1;
    }
    nx_error err = {0};
    nx_reader *rd = nx_reader_new(paths, 1, &o, &err);
    nx_reader_opts oj = o;
    oj.jansson_only = 1;
    nx_reader *rj = rd ? nx_reader_new(paths, 1, &oj, &err) : NULL;
    if (rd && rj) {
        nx_record rec, rej;
        memset(&rec, 0, sizeof rec);
        memset(&rej, 0, sizeof rej);
        int r;
        while ((r = nx_reader_next(rd, &rec, &err)) == 1) {
            if (nx_reader_next(rj, &rej, &err) != 1 || rec.rejected != rej.rejected ||
                strcmp(rec.reason, rej.reason) != 0 || strcmp(rec.doc.id, rej.doc.id) != 0 ||
                rec.doc.len != rej.doc.len || rec.doc.title_len != rej.doc.title_len ||
                (rec.doc.len && memcmp(rec.doc.text, rej.doc.text, rec.doc.len) != 0) ||
                !rec.doc.date != !rej.doc.date || (rec.doc.date && strcmp(rec.doc.date, rej.doc.date) != 0) ||
                !rec.doc.time != !rej.doc.time || (rec.doc.time && strcmp(rec.doc.time, rej.doc.time) != 0) ||
                !rec.ts_own != !rej.ts_own || (rec.ts_own && strcmp(rec.ts_own, rej.ts_own) != 0))
                abort();
            if (!rec.doc.id)
                abort();
            if (rec.rejected) {
                if (!rec.reason[0])
                    abort();
            } else {
                if (!rec.doc.text || strlen(rec.doc.text) > rec.doc.len || rec.doc.text[rec.doc.len] != 0)
                    abort();
                if (rec.doc.title_len > rec.doc.len)
                    abort();
            }
        }
        nx_record_clear(&rec);
        nx_record_clear(&rej);
    }
    nx_reader_free(rd);
    nx_reader_free(rj);
    close(fd);
    return 0;
}
