/* SPDX-License-Identifier: ISC */
/* Test support: what a piece of code writes on stderr (the logger's
 * output), captured through a temporary file. */
#ifndef VHA_T_CAPTURE_H
#define VHA_T_CAPTURE_H

/* Send stderr to a fresh temporary file until capture_end(). */
void capture_start(void);
/* Restore stderr; return what was written meanwhile (heap, NUL-terminated,
 * the caller frees). */
char *capture_end(void);

#endif
