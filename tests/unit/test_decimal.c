/* test_decimal.c: exact decimals for money and percent values (extractor/decimal.c). */
#include "../../extractor/decimal.h"
#include "unit.h"

static const char *show(nx_dec d)
{
    static char out[64];
    return nx_dec_str(d, out, sizeof out);
}

static nx_dec P(const char *s) { return nx_dec_parse(s, strlen(s)); }

int main(void)
{
    CHECK_STR(show(P("270")), "270");
    CHECK_STR(show(nx_dec_shift(P("1.37"), 9)), "1370000000"); /* never 1369999999.9999998 */
    CHECK_STR(show(nx_dec_shift(P("270"), 6)), "270000000");
    CHECK_STR(show(P("2,180,608")), "2180608");
    CHECK_STR(show(P("1-3/4")), "1.75");
    CHECK_STR(show(P("149-3/8")), "149.375");
    CHECK_STR(show(P("5/8")), "0.625");
    CHECK_STR(show(P("9 1/4")), "9.25");
    CHECK_STR(show(P("two")), "2");
    CHECK_STR(show(P("twenty-five")), "25");
    CHECK_STR(show(P("half a")), "0.5");
    CHECK_STR(show(P("a")), "1");
    CHECK_STR(show(P("two and a half")), "2.5");
    CHECK_STR(show(P("one hundred")), "100");
    CHECK_STR(show(P(".5")), "0.5");
    CHECK_STR(show(P("1.50")), "1.5");
    CHECK(!P("abc").ok);
    CHECK(!P("1,2,3").ok);
    CHECK(!P("").ok);
    CHECK(!P("5/0").ok);
    CHECK_STR(show(nx_dec_mid(P("30000"), P("50000"))), "40000");
    CHECK_STR(show(nx_dec_mid(P("59"), P("84"))), "71.5");
    CHECK_STR(show(nx_dec_shift(nx_dec_mid(P("59"), P("84")), -2)), "0.715");
    CHECK_STR(show(nx_dec_mul_frac(P("12"), 1, 100)), "0.12");
    CHECK_STR(show(nx_dec_mul_frac(P("1"), 1, 3)), "0.333333");
    CHECK_STR(show(nx_dec_neg(P("5.2"))), "-5.2");
    CHECK_STR(show(nx_dec_shift(P("5"), 12)), "5000000000000");
    CHECK(!nx_dec_shift(P("5"), 30).ok); /* overflow is reported, not wrapped */
    CHECK(nx_scale_pow10("mln", 3) == 6 && nx_scale_pow10("Billion", 7) == 9 && nx_scale_pow10("crore", 5) == 7);
    CHECK(nx_scale_pow10("bags", 4) == -1);
    CHECK(nx_dec_cmp(P("1.5"), P("1.50")) == 0 && nx_dec_cmp(P("2"), P("10")) < 0);
    UNIT_DONE();
}
