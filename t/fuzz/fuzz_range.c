/* SPDX-License-Identifier: ISC */
/*
 * Nagios threshold ranges (lib/core/range.c) and check_icmp's RTA,LOSS%
 * thresholds (lib/probe/icmp.c), from the command line.
 */
#include "config.h"

#include <math.h>

#include "core/range.h"
#include "probe/icmp.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size), err[256] = "";
	struct range r, again;
	struct icmp_threshold th = {7.0, 8.0};

	if (range_parse(s, &r, err, sizeof(err)) == 0) {
		/* The text kept for perfdata parses to the same range. */
		FUZZ_CHECK(strchr(r.text, '%') == NULL);
		FUZZ_CHECK(range_parse(r.text, &again, err, sizeof(err)) == 0);
		FUZZ_CHECK(again.start == r.start && again.end == r.end &&
			   again.start_infinity == r.start_infinity &&
			   again.end_infinity == r.end_infinity && again.inside == r.inside);
		FUZZ_CHECK(r.start_infinity || r.end_infinity || r.start <= r.end);
		(void)range_alert(&r, 0.0);
		(void)range_alert(&r, r.start);
	} else {
		FUZZ_CHECK(err[0] != '\0');
	}
	err[0] = '\0';
	if (icmp_threshold_parse(s, &th, err, sizeof(err)) == 0)
		FUZZ_CHECK(isfinite(th.rta_ms) && th.rta_ms >= 0 && th.loss_pct >= 0 &&
			   th.loss_pct <= 100);
	else
		FUZZ_CHECK(err[0] != '\0' && th.rta_ms == 7.0 && th.loss_pct == 8.0);
	free(s);
	return 0;
}
