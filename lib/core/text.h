/*
 * Small text helpers shared by every layer: bounded formatting and strict
 * number parsing.
 */
#ifndef VHA_CORE_TEXT_H
#define VHA_CORE_TEXT_H

#include <stddef.h>

/*
 * Append formatted text at buf[*off], never past len; *off advances and
 * stays below len, so a long message is cut, never overflowed.
 */
void text_append(char *buf, size_t len, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Parse a non-negative decimal integer in [min, max]; 0 on success, -1
 * otherwise.  Rejects signs, blanks, trailing text and overflow.
 */
int text_parse_uint(const char *s, unsigned long min, unsigned long max,
		    unsigned long *out);

#endif
