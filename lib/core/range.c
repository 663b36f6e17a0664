/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/range.h"

/* A whole string as a finite double; no leading blanks, no trailing text. */
static int
parse_number(const char *s, size_t len, double *out)
{
	char buf[64], *end;
	double v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == ' ' || buf[0] == '\t' || buf[0] == '+')
		return -1;
	errno = 0;
	v = strtod(buf, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int
range_parse(const char *text, struct range *r, char *err, size_t errlen)
{
	const char *s = text, *colon;
	size_t len;

	memset(r, 0, sizeof(*r));
	if (text == NULL || *text == '\0') {
		snprintf(err, errlen, "empty range");
		return -1;
	}
	if (strlen(text) >= sizeof(r->text)) {
		snprintf(err, errlen, "range '%.20s...' is too long", text);
		return -1;
	}
	/* As monitoring-plugins' parse_range_string, percent signs after a
	 * number are ignored ("1:12%%" is 1:12); the text kept for perfdata
	 * drops them, since thresholds there carry no unit. */
	{
		size_t o = 0;

		for (size_t i = 0; text[i] != '\0'; i++) {
			if (text[i] != '%') {
				r->text[o++] = text[i];
				continue;
			}
			if (o == 0 ||
			    !(isdigit((unsigned char)r->text[o - 1]) || r->text[o - 1] == '.') ||
			    strchr("%:", text[i + 1]) == NULL) /* NUL too: the end */
				goto bad;
		}
		r->text[o] = '\0';
		s = r->text;
	}

	if (*s == '@') {
		r->inside = 1;
		s++;
	}
	colon = strchr(s, ':');
	if (colon == NULL) {
		/* "10": alert outside 0..10 */
		if (parse_number(s, strlen(s), &r->end) != 0)
			goto bad;
		r->start = 0;
	} else {
		len = (size_t)(colon - s);
		if (len == 1 && *s == '~')
			r->start_infinity = 1;
		else if (len == 0)
			r->start = 0;
		else if (parse_number(s, len, &r->start) != 0)
			goto bad;
		s = colon + 1;
		if (*s == '\0' && len == 0)
			goto bad; /* ":" alone says nothing */
		if (*s == '\0')
			r->end_infinity = 1;
		else if (parse_number(s, strlen(s), &r->end) != 0)
			goto bad;
	}
	if (!r->start_infinity && !r->end_infinity && r->start > r->end) {
		snprintf(err, errlen, "range '%s': start is greater than end",
			 text);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen,
		 "range '%s' is not of the form [@][start:][end] with numbers",
		 text);
	return -1;
}

int
range_alert(const struct range *r, double value)
{
	int within;

	within = (r->start_infinity || value >= r->start) &&
		 (r->end_infinity || value <= r->end);
	return r->inside ? within : !within;
}
