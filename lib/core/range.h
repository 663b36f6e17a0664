/* SPDX-License-Identifier: ISC */
/*
 * Nagios threshold ranges, as in the monitoring-plugins development
 * guidelines: "10" (alert outside 0..10), "10:" (below 10), "~:10" (above 10),
 * "10:20" (outside 10..20), "@10:20" (inside 10..20); decimals and negative
 * numbers allowed; percent signs after a number are ignored ("1:12%%").
 */
#ifndef VHA_RANGE_H
#define VHA_RANGE_H

#include <stddef.h>

struct range {
	double start;
	double end;
	int start_infinity; /* "~" */
	int end_infinity;   /* "N:" */
	int inside;         /* "@": alert when inside */
	char text[64];      /* as given less any '%', for perfdata */
};

/*
 * Parse text into *r.  Returns 0, or -1 with a reason in err (e.g. start
 * greater than end, not a number, empty).
 */
int range_parse(const char *text, struct range *r, char *err, size_t errlen);

/* 1 when value raises an alert for r, 0 otherwise. */
int range_alert(const struct range *r, double value);

#endif
