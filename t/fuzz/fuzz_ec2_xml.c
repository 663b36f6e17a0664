/* SPDX-License-Identifier: ISC */
/*
 * The EC2 XML decoders (lib/ec2/ec2.c), called read-only: every input goes
 * through DescribeRouteTables, the error body, ReplaceRoute's <return> and
 * DescribeNetworkInterfaces.
 */
#include "config.h"

#include "ec2/ec2.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec2_route_tables *t = calloc(1, sizeof(*t));
	struct ec2_error e;
	char *xml = fuzz_exact(data, size), next[256], err[512] = "";
	char **ids = NULL;
	size_t n = 0;
	int rc;

	FUZZ_CHECK(t != NULL);
	rc = ec2_parse_route_tables(xml, size, t, next, sizeof(next), err, sizeof(err));
	FUZZ_CHECK(rc == 0 ? memchr(next, '\0', sizeof(next)) != NULL : err[0] != '\0');
	ec2_route_tables_free(t); /* frees t too */
	memset(&e, 0, sizeof(e));
	if (ec2_parse_error(xml, size, &e) == 0)
		FUZZ_CHECK(e.code[0] != '\0');
	(void)ec2_error_is_not_found(&e);
	rc = ec2_parse_return(xml, size);
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	err[0] = '\0';
	rc = ec2_parse_network_interfaces(xml, size, &ids, &n, next, sizeof(next), err,
					  sizeof(err));
	FUZZ_CHECK(rc == 0 || err[0] != '\0');
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(ids[i] != NULL);
	ec2_strings_free(ids, n);
	free(xml);
	return 0;
}
