/* SPDX-License-Identifier: ISC */
/* Test support: reading fixtures and checking error texts (cmocka tests). */
#ifndef VHA_T_FIXTURE_H
#define VHA_T_FIXTURE_H

#include <stddef.h>

/* The whole file FIXTURES_DIR/rel, NUL-terminated, in heap memory the caller
 * frees; *len gets its size when len is not NULL.  A missing fixture fails
 * the test (a broken tree, not a skip). */
char *fixture_load(const char *rel, size_t *len);

/* Does err contain want?  Prints both when not, for the test log. */
int err_has(const char *err, const char *want);

#endif
