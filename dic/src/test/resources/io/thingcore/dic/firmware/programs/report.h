/*
 * Output of the test programs: one "name=value" line per fact, strings hex-encoded so that the test compares them
 * byte for byte (quotes, backslashes, newlines and non-ASCII bytes included).
 */
#ifndef THINGCORE_TEST_REPORT_H
#define THINGCORE_TEST_REPORT_H

#include <stddef.h>
#include <stdio.h>

static inline void report_hex(const char * name, const char * value, size_t length)
{
    size_t i;
    printf("%s=", name);
    for (i = 0; i < length; i++)
    {
        printf("%02x", (unsigned) (unsigned char) value[i]);
    }
    printf("\n");
}

static inline void report_number(const char * name, long value)
{
    printf("%s=%ld\n", name, value);
}

#endif /* THINGCORE_TEST_REPORT_H */
