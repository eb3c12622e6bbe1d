/* test_result.c: one nx_result reused from document to document (nx_extract clears it, keeping its
 * arrays' memory) gives every document the same events and mentions as a fresh result, before and
 * after a long document, and does not keep the long document's memory. Real stories
 * (data/articles/reuters-1987-slice.jsonl) and the shipped rules. */
#include "../../extractor/extract.h"
#include "shipped.h"
#include "unit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NSTORIES 60

/* Events, then mentions, of doc as extracted into r: a string to free, or NULL (an error). */
static char *extract_into(nx_worker *w, const nx_model *m, nx_doc *doc, nx_result *r)
{
    nx_error err = {0};
    if (nx_extract(w, doc, 0, r, &err) != 0) {
        fprintf(stderr, "%s: %s\n", doc->id, err.msg);
        return NULL;
    }
    nx_buf b = NX_BUF_INIT;
    nx_write_events(m, r, &b);
    nx_write_mentions(m, r, &b);
    return nx_buf_take(&b);
}

int main(void)
{
    nx_model *m = shipped_model();
    CHECK(m != NULL);
    if (!m)
        UNIT_DONE();
    nx_error err = {0};
    nx_worker *w = nx_worker_new(m, &err);
    CHECK(w != NULL);
    FILE *f = fopen("data/articles/reuters-1987-slice.jsonl", "r");
    CHECK(f != NULL);
    if (!w || !f)
        UNIT_DONE();
    /* the stories: title, newline, body */
    static nx_doc docs[NSTORIES + 1];
    static char ids[NSTORIES + 1][32];
    size_t nd = 0;
    char line[1 << 16];
    nx_buf all = NX_BUF_INIT; /* every story, for the long document */
    while (nd < NSTORIES && fgets(line, sizeof line, f)) {
        json_t *o = json_loads(line, 0, NULL);
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *body = json_string_value(json_object_get(o, "body"));
        if (title && body && strlen(body) > 200) {
            nx_buf t = NX_BUF_INIT;
            nx_buf_printf(&t, "%s\n%s", title, body);
            docs[nd].len = t.len;
            docs[nd].title_len = strlen(title);
            docs[nd].text = nx_buf_take(&t);
            docs[nd].date = "1987-03-02";
            snprintf(ids[nd], sizeof ids[nd], "s%zu", nd);
            docs[nd].id = ids[nd];
            nx_buf_printf(&all, "%s\n\n", body);
            nd++;
        }
        json_decref(o);
    }
    fclose(f);
    CHECK(nd == NSTORIES);
    /* the long one: the stories again and again, past NX_RESULT_KEEP bytes */
    nx_buf big = NX_BUF_INIT;
    nx_buf_adds(&big, "STORIES\n");
    while (big.len <= 2 * NX_RESULT_KEEP)
        nx_buf_add(&big, all.p, all.len);
    nx_buf_free(&all);
    nx_doc *longd = &docs[nd];
    longd->len = big.len;
    longd->title_len = 7;
    longd->text = nx_buf_take(&big);
    longd->date = "1987-03-02";
    longd->id = "long";
    CHECK(longd->text != NULL);
    /* each document alone, into a fresh result */
    static char *fresh[NSTORIES + 1];
    for (size_t i = 0; i <= nd; i++) {
        nx_result r;
        nx_result_init(&r);
        fresh[i] = extract_into(w, m, &docs[i], &r);
        CHECK(fresh[i] != NULL);
        nx_result_free(&r);
    }
    CHECK(fresh[nd] && strlen(fresh[nd]) > 100000); /* the long one finds much */
    /* all of them through one result: the short ones, the long one in the middle, the short ones again */
    size_t order[2 * NSTORIES + 1], no = 0;
    for (size_t i = 0; i < nd; i++)
        order[no++] = i;
    order[no++] = nd;
    for (size_t i = nd; i-- > 0;)
        order[no++] = i;
    nx_result r;
    nx_result_init(&r);
    int same = 1;
    for (size_t k = 0; k < no; k++) {
        size_t i = order[k];
        char *got = extract_into(w, m, &docs[i], &r);
        if (!got || !fresh[i] || strcmp(got, fresh[i]) != 0) {
            fprintf(stderr, "document %s (the %zu-th): not what a fresh result holds\n", docs[i].id, k + 1);
            same = 0;
        }
        free(got);
        if (i == nd) { /* what it kept of the long document: no array over NX_RESULT_KEEP */
            CHECK(r.capabs > NX_RESULT_KEEP && r.capm > 0);
            nx_result_clear(&r);
            CHECK(r.capabs == 0);
            CHECK(r.capm * sizeof *r.m <= NX_RESULT_KEEP);
            CHECK(r.capphits * sizeof *r.phits <= NX_RESULT_KEEP);
            CHECK(r.capwordbits * sizeof *r.wordbits <= NX_RESULT_KEEP);
            CHECK(r.nm == 0 && r.nev == 0 && r.nent == 0 && r.doc == NULL);
        }
    }
    CHECK(same);
    nx_result_free(&r);
    for (size_t i = 0; i <= nd; i++) {
        free(fresh[i]);
        nx_free(docs[i].text);
    }
    nx_worker_free(w);
    nx_model_free(m);
    UNIT_DONE();
}
