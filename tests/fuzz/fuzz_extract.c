/* fuzz_extract.c: libFuzzer harness for the extractor (extractor/extract.c, text.c, gazetteer.c,
 * output.c) on arbitrary bytes, with the shipped rules and data.
 *
 * The input becomes one document the way the reader makes one: invalid UTF-8 repaired in place.
 * The first byte picks a title length (a JSON record's title) and whether --explain is on. The
 * events, mentions and explanation are written, which also runs the JSON and CSV writers. The
 * model is loaded once from NEWSFX_HOME (scripts/fuzz.sh sets it to the repository).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../extractor/extract.h"
#include "../../extractor/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nx_model *model;
static nx_worker *worker;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nx_alloc_init();
    nx_model_opts o;
    memset(&o, 0, sizeof o);
    o.doc_time_budget_ms = 1000;
    nx_error err = {0};
    model = nx_model_load(&o, &err);
    if (!model) {
        fprintf(stderr, "fuzz_extract: cannot load the model: %s (set NEWSFX_HOME)\n", err.msg);
        exit(2);
    }
    worker = nx_worker_new(model, &err);
    if (!worker)
        exit(2);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024)
        return 0;
    unsigned mode = data[0];
    data++;
    size--;
    nx_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "fuzz";
    doc.text = malloc(size + 1);
    if (!doc.text)
        return 0;
    memcpy(doc.text, data, size);
    doc.text[size] = 0;
    doc.len = size;
    size_t first;
    nx_utf8_repair(doc.text, doc.len, &first);
    size_t tl = mode & 0x3f;
    if (tl && tl < size && doc.text[tl] == '\n')
        doc.title_len = tl;
    if (mode & 0x40) {
        doc.date = "1987-03-02";
        doc.time = "10:00:00";
    }
    int explain = (mode & 0x80) != 0;
    nx_result res;
    nx_result_init(&res);
    nx_error err = {0};
    int rc = nx_extract(worker, &doc, explain, &res, &err);
    if (rc == 0 || err.code == NX_ELIMIT) {
        nx_buf out = NX_BUF_INIT;
        if (explain) {
            nx_write_explain(model, &res, &out);
        } else {
            nx_write_events(model, &res, &out);
            nx_write_mentions(model, &res, &out);
            nx_write_events_csv(model, &res, mode & 1, &out);
        }
        nx_buf_free(&out);
    }
    nx_result_free(&res);
    free(doc.text);
    return 0;
}
