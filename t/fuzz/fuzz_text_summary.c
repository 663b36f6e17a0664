/* SPDX-License-Identifier: ISC */
/* The Quagga/FRR text summary parser (lib/bgp/quagga_text.c). */
#include "config.h"

#include "bgp/quagga_text.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_summary *out = (void *)1;
	char *buf = fuzz_exact(data, size), err[512] = "";
	int rc = quagga_parse_summary_text(buf, size, &out, err, sizeof(err));

	FUZZ_CHECK(rc == 0 ? out != NULL : out == NULL && err[0] != '\0');
	bgp_summary_free(out);
	free(buf);
	return 0;
}
