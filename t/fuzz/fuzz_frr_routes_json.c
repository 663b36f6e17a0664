/* SPDX-License-Identifier: ISC */
/* FRR's `show ... advertised-routes json` parser (lib/bgp/frr_json.c). */
#include "config.h"

#include "bgp/frr_json.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_routes *out = (void *)1;
	char *buf = fuzz_exact(data, size), err[512] = "";
	int rc = frr_parse_routes_json(buf, size, &out, err, sizeof(err));

	FUZZ_CHECK(rc == 0 ? out != NULL : out == NULL && err[0] != '\0');
	bgp_routes_free(out);
	free(buf);
	return 0;
}
