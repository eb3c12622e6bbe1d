/* fuzz_prices.c: libFuzzer harness for the price CSV reader of the study (analysis/prices.c).
 *
 * The input is a price or return file (long, wide or single series, any separator the reader
 * detects). The first byte picks options: the kind of values (prices, simple, log or percent
 * returns), a single-series name (so the one-series format can be chosen), and a filter on the
 * wanted series. The file reaches the reader through a memfd, so nothing touches the disk. After
 * the read, every series is aligned on the union calendar and turned into returns, as the study
 * does. Invariants checked beyond the sanitizers: every diagnostic of the reader names the file as
 * given ("PATH:"), the observations of a series are in strictly increasing date order, and a return
 * series stays inside its calendar.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../analysis/prices.h"
#include "../../extractor/base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    unsigned mode = data[0];
    data++;
    size--;
    int fd = memfd_create("fuzz.csv", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64], name[72];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    snprintf(name, sizeof name, "%s:", path);
    nx_price_opts o;
    memset(&o, 0, sizeof o);
    o.kind = (nx_ret_kind)(mode & 3);
    if (mode & 4)
        o.series_name = "MKT";
    nx_names want = {0};
    if ((mode & 8) && nx_names_add(&want, "IBM", 3) >= 0 && nx_names_add(&want, "MKT", 3) >= 0)
        o.want = &want;
    nx_rawset raw;
    nx_diags d = {0};
    nx_error err = {0};
    if (nx_rawset_read(path, &o, &raw, &d, &err) == 0) {
        for (size_t i = 0; i < raw.names.n; i++) {
            const nx_raw *s = &raw.s[i];
            for (size_t k = 1; k < s->n; k++)
                if (s->date[k] <= s->date[k - 1])
                    abort(); /* observations in increasing date order */
        }
        nx_calendar cal;
        if (nx_calendar_union(&raw, &cal, &err) == 0) {
            for (size_t i = 0; i < raw.names.n; i++) {
                nx_series s;
                if (nx_series_build(&raw.s[i], &cal, o.kind, (mode & 16) != 0, &s, &err) == 0) {
                    if (s.first > s.last || (s.first >= 0 && (size_t)s.last >= cal.n))
                        abort();
                    nx_series_free(&s);
                }
            }
            nx_free(cal.d);
        }
        nx_rawset_free(&raw);
    }
    for (size_t i = 0; i < d.n; i++)
        if (strncmp(d.msg[i], name, strlen(name)) != 0) {
            fprintf(stderr, "fuzz_prices: a diagnostic without the file's name '%s': %s\n", name, d.msg[i]);
            abort(); /* every diagnostic names the file */
        }
    nx_diags_free(&d);
    nx_names_free(&want);
    close(fd);
    return 0;
}
