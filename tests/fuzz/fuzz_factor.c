/* fuzz_factor.c: libFuzzer harness for the rewrite of lists of words (extractor/factor.c), by
 * difference: the rewritten pattern must match exactly what the pattern as written matches.
 *
 * The input is a pattern, a NUL byte, and a subject. The first byte of the pattern chooses the
 * options (bit 0: caseless). When the pattern compiles (PCRE2, extended, UTF), its rewrite must
 * compile too, and both are tried anchored at every character of the subject (up to 256): the same
 * result and the same ovector, or the harness aborts. Built and run by scripts/fuzz.sh (make fuzz).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../../extractor/base.h"
#include "../../extractor/factor.h"
#include "../../extractor/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 4096)
        return 0;
    const uint8_t *nul = memchr(data, 0, size);
    size_t plen = nul ? (size_t)(nul - data) : size;
    if (plen < 2)
        return 0;
    uint32_t opts = PCRE2_UTF | PCRE2_EXTENDED | PCRE2_DUPNAMES | PCRE2_MULTILINE | ((data[0] & 1) ? PCRE2_CASELESS : 0);
    char *pat = nx_strndup((const char *)data + 1, plen - 1);
    size_t slen = nul ? size - plen - 1 : 0;
    char *subj = nx_strndup(nul ? (const char *)nul + 1 : "", slen);
    if (!pat || !subj) {
        nx_free(pat);
        nx_free(subj);
        return 0;
    }
    nx_utf8_repair(subj, slen, NULL); /* the extractor's texts are valid UTF-8 */
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *a = pcre2_compile((PCRE2_SPTR)pat, plen - 1, opts, &ec, &eo, NULL);
    if (a) {
        int changed = 0;
        char *t = nx_factor_words(pat, plen - 1, &changed);
        if (t && changed) {
            pcre2_code *b = pcre2_compile((PCRE2_SPTR)t, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
            if (!b)
                abort(); /* a pattern that compiles must compile rewritten */
            pcre2_match_data *ma = pcre2_match_data_create_from_pattern(a, NULL);
            pcre2_match_data *mb = pcre2_match_data_create_from_pattern(b, NULL);
            pcre2_match_context *mc = pcre2_match_context_create(NULL);
            pcre2_set_match_limit(mc, 100000);
            size_t n = slen < 256 ? slen : 256;
            for (size_t i = 0; ma && mb && mc && i <= n; i++) {
                if (i < n && ((unsigned char)subj[i] & 0xC0) == 0x80)
                    continue;
                int ra = pcre2_match(a, (PCRE2_SPTR)subj, n, i, PCRE2_ANCHORED, ma, mc);
                int rb = pcre2_match(b, (PCRE2_SPTR)subj, n, i, PCRE2_ANCHORED, mb, mc);
                if (ra == PCRE2_ERROR_MATCHLIMIT || rb == PCRE2_ERROR_MATCHLIMIT)
                    break;
                if (ra != rb)
                    abort();
                if (ra > 0 && memcmp(pcre2_get_ovector_pointer(ma), pcre2_get_ovector_pointer(mb),
                                     2 * (size_t)ra * sizeof(PCRE2_SIZE)) != 0)
                    abort();
            }
            pcre2_match_context_free(mc);
            pcre2_match_data_free(ma);
            pcre2_match_data_free(mb);
            pcre2_code_free(b);
        }
        nx_free(t);
        pcre2_code_free(a);
    }
    nx_free(pat);
    nx_free(subj);
    return 0;
}
