/* test_input.c: the fast JSON Lines reader against jansson (extractor/input.c). Every line is read
 * twice, by the default reader and with jansson_only; the records must be the same in every field,
 * and the lines the fast reader is meant to take must be taken by it (the rest go to jansson). */
#include <stdlib.h>
#include <unistd.h>

#include "../../extractor/input.h"
#include "unit.h"

/* F: the fast reader reads it; J: it goes to jansson (which may accept or reject it) */
static const struct {
    char path;
    const char *line;
} CASES[] = {
    {'F', "{\"id\": 1, \"title\": \"T\", \"body\": \"a\\nb\"}"},
    {'F', "{\"id\":\"x\\u00e9\\ud83d\\ude00\",\"text\":\"caf\\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\r\\t end\"}"},
    {'F', "{\"id\": -0, \"text\": \"minus zero\"}"},
    {'F', "{\"id\": 9223372036854775807, \"text\": \"largest\"}"},
    {'F', "{\"id\": -9223372036854775808, \"text\": \"smallest\"}"},
    {'J', "{\"id\": 9223372036854775808, \"text\": \"too big\"}"},
    {'J', "{\"id\": 3.0, \"text\": \"a real id\"}"},
    {'J', "{\"id\": 1e3, \"text\": \"an exponent\"}"},
    {'F', "{\"text\": \"nul \\u0000 inside\", \"id\": \"n\"}"},
    {'J', "{\"te\\u0000xt\": \"k\", \"text\": \"t\"}"},
    {'J', "{\"id\": 2, \"text\": \"t\", \"o\": {\"a\\u0000\": 1}}"},
    {'F', "{\"te\\u0078t\": \"an escaped name\", \"id\": 5}"},
    {'F', "{\"id\": 6, \"text\": \"first\", \"text\": 7}"},
    {'F', "{\"id\": 7, \"text\": 7, \"text\": \"the last one\"}"},
    {'F', "{\"id\": 8, \"text\": [\"a\"]}"},
    {'F', "{\"id\": 9, \"text\": {\"a\": 1}}"},
    {'F', "{\"id\": 10, \"text\": true}"},
    {'F', "{\"id\": 11, \"text\": null, \"body\": \"from body\"}"},
    {'F', "{\"id\": 12, \"title\": null, \"text\": \"no title\", \"date\": \"1987-03-01\", \"time\": \"10:11:12\"}"},
    {'F', "{\"id\": 13, \"text\": \"t\", \"a\": [], \"b\": {}, \"c\": [1, [2, [3]], {\"k\": \"v\"}], \"d\": false, \"e\": null}"},
    {'J', "{\"id\": 15, \"text\": \"a bad \\x escape\"}"},
    {'J', "{\"id\": 16, \"text\": \"a lone \\ud800 surrogate\"}"},
    {'J', "{\"id\": 17, \"text\": \"a lone \\udc00 low one\"}"},
    {'J', "{\"id\": 18, \"text\": \"a raw\ttab\"}"},
    {'J', "{\"id\": 19, \"text\": \"t\"} x"},
    {'J', "{\"id\": 20, \"text\": \"t\",}"},
    {'J', "[1, 2]"},
    {'J', "\"just a string\""},
    {'J', "{\"id\": 01, \"text\": \"t\"}"},
    {'F', "  {\t\"id\" : 21 , \"text\" : \"t\" }  \r"},
    {'J', "{\"id\": -, \"text\": \"t\"}"},
    {'J', "{\"id\": 22 \"text\": \"t\"}"},
    {'F', "{}"},
    {'J', "{\"id\": 23, \"text\": \"t\""},
    {'F', "{\"id\": 24, \"text\": \"\\u00E9\\u00e9\"}"},
    {'J', "{\"id\": 25, \"text\": \"bad \\u12G4\"}"},
    {'F', "{\"id\": 26, \"text\": \"x\", \"date\": \"1987-03-02T10:00:00Z\"}"},
    {'J', "{\"id\": 27, \"text\": \"t\", \"n\": 1.5}"},
    {'F', "{\"id\": 29, \"text\": \"t\", \"n\": -12}"},
    {'F', "{\"id\": 30, \"text\": \"a bad \xff byte\"}"},
    {'F', "{\"id\": 31, \"text\": \"Texaco Inc said\", \"title\": \"TEXACO <TX>\", \"text\": \"again\"}"},
    {'J', "{\"id\": 32, \"text\": \"t\", \"b\": tru}"},
    {'J', "{\"id\": 33, \"text\": \"t\", \"b\": nul}"},
    /* past the first sixteen bytes of a string (read sixteen at a time): escapes, a raw tab, a bad byte */
    {'F', "{\"id\": 34, \"text\": \"0123456789abcdefghijklmnopq\\\"rstu 0123456789abcdefghij\\\\k\\nlmnop and on\"}"},
    {'J', "{\"id\": 35, \"text\": \"0123456789abcdefghijklmnopqrstuvwx\traw tab after two blocks\"}"},
    {'F', "{\"id\": 36, \"text\": \"0123456789abcdefghijklmnopqrstuvwxyz0123 a bad \xff byte, then \xc3\xa9\"}"},
};

static int same_str(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

int main(void)
{
    size_t n = sizeof CASES / sizeof CASES[0];
    char path[] = "/tmp/newsfx-test-input-XXXXXX.jsonl";
    int fd = mkstemps(path, 6);
    CHECK(fd >= 0);
    if (fd < 0)
        UNIT_DONE();
    FILE *f = fdopen(fd, "w");
    /* a line nested deeper than the fast reader goes (64): jansson's */
    fputs("{\"id\": 14, \"text\": \"deep\", \"x\": ", f);
    for (int k = 0; k < 70; k++)
        fputc('[', f);
    for (int k = 0; k < 70; k++)
        fputc(']', f);
    fputs("}\n", f);
    size_t nfast = 0;
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\n", CASES[i].line);
        nfast += CASES[i].path == 'F';
    }
    fclose(f);
    const char *paths[] = {path};
    nx_reader_opts o1, o2;
    memset(&o1, 0, sizeof o1);
    o1.format = NX_FMT_JSONL;
    o2 = o1;
    o2.jansson_only = 1;
    nx_error err = {0};
    nx_reader *fast = nx_reader_new(paths, 1, &o1, &err), *tree = nx_reader_new(paths, 1, &o2, &err);
    CHECK(fast && tree);
    if (!fast || !tree)
        UNIT_DONE();
    size_t got = 0, accepted = 0;
    for (;;) {
        nx_record a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        int ra = nx_reader_next(fast, &a, &err), rb = nx_reader_next(tree, &b, &err);
        CHECK(ra == rb);
        if (ra != 1 || rb != 1) {
            nx_record_clear(&a);
            nx_record_clear(&b);
            break;
        }
        got++;
        const char *what = got == 1 ? "(the deep line)" : CASES[got - 2].line;
        int same = a.rejected == b.rejected && strcmp(a.reason, b.reason) == 0 && same_str(a.doc.id, b.doc.id) &&
                   a.doc.len == b.doc.len && (!a.doc.len || memcmp(a.doc.text, b.doc.text, a.doc.len) == 0) &&
                   a.doc.title_len == b.doc.title_len && same_str(a.doc.date, b.doc.date) &&
                   same_str(a.doc.time, b.doc.time) && same_str(a.ts_own, b.ts_own) && a.bad_utf8 == b.bad_utf8 &&
                   a.dup_id == b.dup_id;
        CHECK(same);
        if (!same)
            fprintf(stderr, "  differs: %s\n    fast: rejected %d '%s' id '%s'\n    jansson: rejected %d '%s' id '%s'\n",
                    what, a.rejected, a.reason, a.doc.id ? a.doc.id : "", b.rejected, b.reason, b.doc.id ? b.doc.id : "");
        accepted += !a.rejected;
        nx_record_clear(&a);
        nx_record_clear(&b);
    }
    CHECK(got == n + 1);
    CHECK(nx_reader_fast_lines(fast) == nfast);
    CHECK(nx_reader_fast_lines(tree) == 0);
    if (nx_reader_fast_lines(fast) != nfast)
        fprintf(stderr, "  fast lines %llu, want %zu\n", (unsigned long long)nx_reader_fast_lines(fast), nfast);
    /* what the fast reader decoded, checked by value too */
    nx_reader *again = nx_reader_new(paths, 1, &o1, &err);
    nx_record r;
    memset(&r, 0, sizeof r);
    nx_reader_next(again, &r, &err); /* the deep line */
    nx_record_clear(&r);
    nx_reader_next(again, &r, &err);
    CHECK_STR(r.doc.id, "1");
    CHECK(r.doc.len == 5 && memcmp(r.doc.text, "T\na\nb", 5) == 0 && r.doc.title_len == 1);
    nx_record_clear(&r);
    nx_reader_next(again, &r, &err);
    CHECK_STR(r.doc.id, "x\xc3\xa9\xf0\x9f\x98\x80");
    CHECK_STR(r.doc.text, "caf\xc3\xa9 \"q\" \\ / \b\f\r\t end");
    nx_record_clear(&r);
    nx_reader_free(again);
    CHECK(accepted > 10);
    nx_reader_free(fast);
    nx_reader_free(tree);
    unlink(path);
    UNIT_DONE();
}
