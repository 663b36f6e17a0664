/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

void
buf_init_secret(struct buf *b, size_t limit)
{
	buf_init(b, limit);
	b->secret = 1;
}

static size_t
buf_limit(const struct buf *b)
{
	return b->limit != 0 ? b->limit : BUF_LIMIT_DEFAULT;
}

/* Room for n more bytes and the NUL.  A secret never goes through
 * realloc, which could leave a copy behind in freed memory. */
static int
buf_reserve(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > buf_limit(b) || b->len > buf_limit(b) - n)
		return -1;
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap != 0 ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->secret) {
		if ((p = malloc(cap)) == NULL)
			return -1;
		if (b->data != NULL) {
			memcpy(p, b->data, b->len + 1);
			explicit_bzero(b->data, b->cap);
			free(b->data);
		}
	} else if ((p = realloc(b->data, cap)) == NULL)
		return -1;
	if (b->data == NULL)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_put(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
	return buf_put(b, &c, 1);
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buf_reserve(b, (size_t)n) != 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

void
buf_reset(struct buf *b)
{
	if (b->data == NULL)
		return;
	if (b->secret)
		explicit_bzero(b->data, b->cap);
	b->len = 0;
	b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	if (b->data != NULL && b->secret)
		explicit_bzero(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
buf_steal(struct buf *b, size_t *len)
{
	char *p = b->data;

	if (p == NULL && (p = calloc(1, 1)) == NULL)
		return NULL;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
