/* SPDX-License-Identifier: ISC */
/* AWS resource ids as EC2 writes them. */
#include "config.h"

#include <string.h>

#include "aws/ids.h"

int
aws_id_valid(const char *id, const char *prefix)
{
	size_t plen = strlen(prefix), n = 0;
	const char *p;

	if (id == NULL || strncmp(id, prefix, plen) != 0 || id[plen] != '-')
		return 0;
	for (p = id + plen + 1; *p != '\0'; p++, n++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return n == 8 || n == 17;
}

int
aws_target_valid(const char *id)
{
	return aws_id_valid(id, "i") || aws_id_valid(id, "eni");
}
