/* test_schema.c: newsfx schema under allocation failure (cli/cmd_schema.c): whichever allocation
 * fails, once or from then on, the command either prints the whole schema or nothing and exits 2.
 * The CLI sources are compiled in here, as unit tests link only the library. */
#include "../../cli/cli.c"
#include "../../cli/cmd_schema.c"
#include "../../cli/opts.c"
#include "unit.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/* Run 'newsfx schema WHAT' with stdout and stderr in files; returns the exit code, *out the stdout. */
static int run(const char *what, char **out, size_t *len)
{
    char o[] = "/tmp/nx-schema-out-XXXXXX", e[] = "/tmp/nx-schema-err-XXXXXX";
    int fo = mkstemp(o), fe = mkstemp(e);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    dup2(fo, 1);
    dup2(fe, 2);
    char arg[16];
    snprintf(arg, sizeof arg, "%s", what);
    char *av[] = {arg, NULL};
    int rc = nx_cmd_schema(1, av);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    close(fo);
    close(fe);
    nx_alloc_fail_at(0, 0); /* reading the files must not fail */
    nx_error err = {0};
    *out = nx_read_file(o, len, &err);
    unlink(o);
    unlink(e);
    return rc;
}

int main(void)
{
    nx_alloc_init();
    static const char *const what[] = {"events", "mentions", "study", "all"};
    for (int w = 0; w < 4; w++) {
        char *full;
        size_t nfull;
        nx_alloc_fail_at(0, 0);
        CHECK(run(what[w], &full, &nfull) == 0);
        CHECK(full && nfull > 100 && full[0] == '{' && full[nfull - 1] == '\n');
        for (int sticky = 0; sticky <= 1; sticky++) {
            int failed = 0, wrong = 0;
            for (long n = 1; n < 100000; n++) {
                char *out;
                size_t len;
                nx_alloc_fail_at(0, 0);
                nx_alloc_fail_at(n, sticky);
                int rc = run(what[w], &out, &len);
                int whole = rc == 0 && out && len == nfull && memcmp(out, full, len) == 0;
                int none = rc == NX_EXIT_FATAL && out && len == 0;
                if (!whole && !none && wrong++ < 3)
                    fprintf(stderr, "schema %s, allocation %ld failing%s: exit %d, %zu of %zu bytes\n", what[w], n,
                            sticky ? " on" : " once", rc, len, nfull);
                CHECK(whole || none);
                nx_free(out);
                if (rc == 0)
                    break;
                failed++;
            }
            CHECK(failed > 100);
        }
        nx_free(full);
    }
    UNIT_DONE();
}
