/* SPDX-License-Identifier: ISC */
/*
 * The one growable buffer of lib/ (after OpenSSH's sshbuf and curl's dynbuf).
 *
 * A buffer starts zeroed (struct buf b = BUF_INIT, or buf_init) and grows on
 * demand up to its limit; its bytes are always NUL-terminated, so b.data can
 * be read as a string once anything was put.  A secret buffer is wiped
 * (OPENSSL_cleanse-grade, through explicit_bzero) before any memory it held is
 * released: on growth, on buf_reset and on buf_free.  Every function that can
 * fail returns 0 or -1 (out of memory, or the limit would be passed); on -1 the
 * buffer is unchanged.
 */
#ifndef VHA_CORE_BUF_H
#define VHA_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* NULL until the first put; then len bytes + NUL */
	size_t len;
	size_t cap;
	size_t limit; /* most bytes it may hold; 0 = BUF_LIMIT_DEFAULT */
	int secret;   /* wipe whatever it held before freeing it */
};

#define BUF_LIMIT_DEFAULT (64u * 1024 * 1024)
#define BUF_INIT { NULL, 0, 0, 0, 0 }

/* An empty buffer holding at most limit bytes (0: BUF_LIMIT_DEFAULT). */
void buf_init(struct buf *b, size_t limit);
/* The same, for secrets: wiped before its memory is released. */
void buf_init_secret(struct buf *b, size_t limit);

int buf_put(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The bytes as a string: "" for a buffer nothing was put in.  Valid until
 * the next put, reset or free. */
const char *buf_str(const struct buf *b);

/* Empty it, keeping its memory (wiped first when secret). */
void buf_reset(struct buf *b);
/* Release its memory (wiped first when secret); the buffer is empty after. */
void buf_free(struct buf *b);

/*
 * Hand the bytes over: returns a heap string (never NULL unless out of
 * memory; "" for an empty buffer) that the caller frees, with its length in
 * *len when len is not NULL.  The buffer is empty afterwards.  A secret's
 * copy is the caller's to wipe.
 */
char *buf_steal(struct buf *b, size_t *len);

#endif
