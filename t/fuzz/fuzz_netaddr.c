/* SPDX-License-Identifier: ISC */
/*
 * CIDR blocks (lib/core/netaddr.c) and AWS resource ids (lib/aws/ids.c),
 * from the command line.
 */
#include "config.h"

#include <ctype.h>

#include "aws/ids.h"
#include "core/netaddr.h"
#include "fuzz.h"

/* What aws_id_valid promises: prefix, '-', 8 or 17 lower-case hex. */
static int
id_shape(const char *id, const char *prefix)
{
	size_t p = strlen(prefix), n;

	if (strncmp(id, prefix, p) != 0 || id[p] != '-')
		return 0;
	n = strlen(id + p + 1);
	if (n != 8 && n != 17)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)id[p + 1 + i]) || isupper((unsigned char)id[p + 1 + i]))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = {"rtb", "i", "eni"};
	char *s = fuzz_cstring(data, size), err[256] = "";
	struct cidr c, again;

	if (cidr_parse(s, &c, err, sizeof(err)) == 0) {
		/* The canonical text is a CIDR for the same block. */
		FUZZ_CHECK(cidr_parse(c.text, &again, err, sizeof(err)) == 0);
		FUZZ_CHECK(cidr_equal(&c, &again) && strcmp(c.text, again.text) == 0);
	} else {
		FUZZ_CHECK(err[0] != '\0');
	}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		FUZZ_CHECK(aws_id_valid(s, prefixes[i]) == id_shape(s, prefixes[i]));
	FUZZ_CHECK(aws_target_valid(s) == (id_shape(s, "i") || id_shape(s, "eni")));
	free(s);
	return 0;
}
