/* SPDX-License-Identifier: ISC */
/*
 * Growing an array of structs one element at a time (the peers, routes,
 * problems and items the parsers and evaluations collect).
 */
#ifndef VHA_CORE_ARRAY_H
#define VHA_CORE_ARRAY_H

#include <stddef.h>

/*
 * Make room for element n (0-based) of the array at base, which has room
 * for *cap elements of size bytes: doubles *cap (from 8) when full.
 * Returns the array to use from now on (base itself when it had room), or
 * NULL when out of memory or on overflow; base is then untouched and still
 * the caller's to free.
 */
void *array_grow(void *base, size_t *cap, size_t n, size_t size);

#endif
