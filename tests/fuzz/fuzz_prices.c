/* fuzz_prices.c: libFuzzer harness for the price CSV reader (analysis/, not merged yet).
 *
 * NOT BUILT YET: it is not in the Makefile's FUZZERS. It assumes the reader that the study is
 * expected to provide:
 *     nx_prices *nx_prices_parse(const char *name, const char *text, size_t len, nx_buf *diag,
 *                                nx_error *err);   // NULL only on fatal errors (err set)
 *     void nx_prices_free(nx_prices *p);
 * Bad rows are reported in diag (one "name:line: message" each) and skipped. Adapt the two calls
 * to the real API, add fuzz_prices to FUZZERS, seed tests/fuzz/corpus/fuzz_prices/ with a slice of
 * ../shared/data/prices1987/stocks_1985_1988.csv and tests/pending/price_*/prices.csv.
 * Invariants checked: a diagnostic for every rejected row names the file and a line; no crash,
 * leak or sanitizer report on any input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/prices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    nx_buf diag = NX_BUF_INIT;
    nx_error err = {0};
    nx_prices *p = nx_prices_parse("fuzz.csv", (const char *)data, size, &diag, &err);
    if (diag.p)
        for (const char *l = diag.p; *l;) {
            if (strncmp(l, "fuzz.csv:", 9) != 0)
                abort(); /* every diagnostic names the file and the line */
            const char *nl = strchr(l, '\n');
            l = nl ? nl + 1 : l + strlen(l);
        }
    nx_prices_free(p);
    nx_buf_free(&diag);
    return 0;
}
