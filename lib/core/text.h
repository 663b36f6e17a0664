/* SPDX-License-Identifier: ISC */
/*
 * Small text helpers shared by every layer: bounded formatting, strict
 * number parsing, trimming, and freeing strings that held a secret.
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

/* 1 for a blank inside a line: space, \t, \r, \f, \v (not \n). */
int text_blank(int c);

/* [s, s+len) without leading and trailing blanks, as *start and *n. */
void text_trim(const char *s, size_t len, const char **start, size_t *n);

/* Wipe the string s (NUL-terminated, may be NULL), then free it. */
void text_free_wiped(char *s);

#endif
