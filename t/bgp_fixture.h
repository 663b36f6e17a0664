/* Loading fixtures for the BGP unit tests (header-only, test code). */
#ifndef VHA_T_BGP_FIXTURE_H
#define VHA_T_BGP_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file FIXTURES_DIR/rel, NUL-terminated; aborts the test on
 * failure (a missing fixture is a broken tree, not a skip). */
static char *
fixture_load(const char *rel, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, rel);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open fixture %s\n", path);
		abort();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Does err contain want?  Prints both when not, for the test log. */
static int
err_has(const char *err, const char *want)
{
	if (strstr(err, want) != NULL)
		return 1;
	fprintf(stderr, "error \"%s\" lacks \"%s\"\n", err, want);
	return 0;
}

#endif
