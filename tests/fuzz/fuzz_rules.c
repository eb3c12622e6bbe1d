/* fuzz_rules.c: libFuzzer harness for the rule-file parser and compiler (extractor/rules.c).
 *
 * The input is a rule file's text. It is parsed, its macros expanded and every rule compiled with
 * PCRE2 (JIT) exactly as `newsfx rules test --rules FILE` would, with the generated CURWORD and
 * CURSYM macros defined as the model defines them. Diagnostics are expected; crashes, leaks and
 * sanitizer reports are findings. Built and run by scripts/fuzz.sh (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>

#include "../../extractor/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    nx_ruleset *rs = nx_ruleset_new();
    if (!rs)
        return 0;
    nx_error err = {0};
    nx_ruleset_define(rs, "CURSYM", "\\$|US\\$|C\\$|£|€|¥");
    nx_ruleset_define(rs, "CURWORD", "dlrs|dollars|pounds|euros|yen");
    if (nx_ruleset_add_text(rs, "fuzz.rules", (const char *)data, size, &err) == 0) {
        nx_error e2 = {0};
        nx_ruleset_compile(rs, &e2);
    }
    nx_ruleset_free(rs);
    return 0;
}
