/* shipped.h: the shipped model (the rules/ and data/ folders of the working tree), for the unit tests
 * that run the real rules. */
#ifndef NX_SHIPPED_H
#define NX_SHIPPED_H

#include <stdio.h>

#include "../../extractor/extract.h"

/* Load it; returns the model (free with nx_model_free), or NULL with the error on stderr. */
static nx_model *shipped_model(void)
{
    nx_model_opts o = {0};
    o.rules_dir = "rules";
    o.data_dir = "data";
    nx_error err = {0};
    nx_model *m = nx_model_load(&o, &err);
    if (!m)
        fprintf(stderr, "cannot load the shipped model: %s\n", err.msg);
    return m;
}

#endif
