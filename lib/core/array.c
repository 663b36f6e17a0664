/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/array.h"

void *
array_grow(void *base, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nb;

	if (n < *cap)
		return base;
	ncap = *cap != 0 ? *cap * 2 : 8;
	if (ncap <= n || size == 0 || ncap > SIZE_MAX / size)
		return NULL;
	if ((nb = realloc(base, ncap * size)) == NULL)
		return NULL;
	*cap = ncap;
	return nb;
}
