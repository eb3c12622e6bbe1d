/* fuzz_html.c: libFuzzer harness for HTML to text (extractor/html.c) on arbitrary bytes.
 * Checks: the result is NUL-terminated at the stated length with no NUL inside, it is never
 * longer than the input plus one byte per character reference expansion bound (4x), and a valid
 * UTF-8 input gives valid UTF-8. */
#include <stdlib.h>
#include <string.h>

#include "../../extractor/html.h"
#include "../../extractor/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const char *s = (const char *)data;
    (void)nx_html_detect(s, size);
    size_t n = 0;
    char *t = nx_html_to_text(s, size, &n);
    if (!t)
        return 0;
    if (t[n] != 0 || memchr(t, 0, n) || n > 4 * size + 1)
        abort();
    char *copy = malloc(size + 1);
    if (copy) {
        memcpy(copy, s, size);
        size_t first;
        if (nx_utf8_repair(copy, size, &first) == 0 && nx_utf8_repair(t, n, &first) != 0)
            abort();
        free(copy);
    }
    nx_free(t);
    return 0;
}
