/* floor.c: the benchmark's floor: one PCRE2 JIT pass of a single literal pattern over a file,
 * counting matches. usage: floor FILE [PATTERN] */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: floor FILE [PATTERN]\n");
        return 2;
    }
    const char *pat = argc > 2 ? argv[2] : "Reuter";
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    fclose(f);
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_LITERAL, &ec, &eo, NULL);
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    long count = 0;
    PCRE2_SIZE start = 0;
    while (start < (PCRE2_SIZE)n && pcre2_jit_match(re, (PCRE2_SPTR)buf, (PCRE2_SIZE)n, start, 0, md, NULL) >= 0) {
        count++;
        start = pcre2_get_ovector_pointer(md)[1];
    }
    printf("%ld\n", count);
    return 0;
}
