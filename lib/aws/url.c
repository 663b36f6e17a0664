/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aws/url.h"

/* Characters never sent in a URL as is (RFC 3986 and curl's refusals). */
static int
url_char_bad(unsigned char ch)
{
	return ch <= ' ' || ch == 0x7f || strchr("\"<>\\^`{|}", ch) != NULL;
}

int
aws_url_split(const char *url, struct aws_url *u, char *err, size_t errlen)
{
	const char *hs, *he, *q;

	memset(u, 0, sizeof(*u));
	if (strncmp(url, "https://", 8) == 0) {
		u->https = 1;
		hs = url + 8;
	} else if (strncmp(url, "http://", 7) == 0) {
		hs = url + 7;
	} else {
		snprintf(err, errlen, "'%.100s' is not an http:// or https:// URL",
			 url);
		return -1;
	}
	he = hs + strcspn(hs, "/");
	/* Before anything that echoes the URL: its user info may be a
	 * password. */
	if (memchr(hs, '@', (size_t)(he - hs)) != NULL) {
		snprintf(err, errlen,
			 "credentials (user info) in the URL are not accepted");
		return -1;
	}
	for (q = url; *q != '\0'; q++)
		if (url_char_bad((unsigned char)*q) || *q == '?' || *q == '#') {
			snprintf(err, errlen,
				 "'%.100s': blank, control, query or fragment "
				 "characters are not accepted",
				 url);
			return -1;
		}
	u->path = he;
	u->host = hs;
	if (*hs == '[') {
		const char *rb = memchr(hs, ']', (size_t)(he - hs));

		if (rb == NULL || (rb + 1 < he && rb[1] != ':')) {
			snprintf(err, errlen, "'%.100s': bad IPv6 literal", url);
			return -1;
		}
		u->hostlen = (size_t)(rb + 1 - hs);
		if (rb + 1 < he)
			u->port = rb + 2;
	} else {
		const char *colon = memchr(hs, ':', (size_t)(he - hs));

		u->hostlen = (size_t)((colon ? colon : he) - hs);
		if (colon != NULL)
			u->port = colon + 1;
	}
	if (u->hostlen == 0 || (u->host[0] == '[' && u->hostlen <= 2)) {
		snprintf(err, errlen, "'%.100s' has no host", url);
		return -1;
	}
	if (u->port != NULL) {
		u->portlen = (size_t)(he - u->port);
		for (q = u->port; q < he && *q >= '0' && *q <= '9'; q++)
			;
		if (q != he || u->portlen == 0 || u->portlen > 5) {
			snprintf(err, errlen, "'%.100s': bad port", url);
			return -1;
		}
	}
	return 0;
}

int
aws_url_loopback(const struct aws_url *u)
{
	struct in6_addr a6;
	struct in_addr a4;
	char host[64];

	if (u->hostlen >= sizeof(host))
		return 0;
	if (u->host[0] == '[') {
		memcpy(host, u->host + 1, u->hostlen - 2);
		host[u->hostlen - 2] = '\0';
		return inet_pton(AF_INET6, host, &a6) == 1 &&
		       IN6_IS_ADDR_LOOPBACK(&a6);
	}
	memcpy(host, u->host, u->hostlen);
	host[u->hostlen] = '\0';
	if (strcasecmp(host, "localhost") == 0)
		return 1;
	/* inet_pton takes dotted quads only: no "127.1" or octal games. */
	return inet_pton(AF_INET, host, &a4) == 1 &&
	       (ntohl(a4.s_addr) >> 24) == 127;
}

int
aws_endpoint_check(const char *url, const char *what, char *err,
		   size_t errlen)
{
	struct aws_url u;
	char why[256];

	if (aws_url_split(url, &u, why, sizeof(why)) != 0)
		goto fail;
	if (!u.https && !aws_url_loopback(&u)) {
		snprintf(why, sizeof(why),
			 "'%.100s': plain http:// only to a loopback address "
			 "(127.0.0.0/8, ::1, localhost); use https://",
			 url);
		goto fail;
	}
	return 0;
fail:
	if (what != NULL)
		snprintf(err, errlen, "%s: %s", what, why);
	else
		snprintf(err, errlen, "%s", why);
	return -1;
}

int
aws_url_copy(const char *url, const char *what, char *out, size_t outlen,
	     char *err, size_t errlen)
{
	struct aws_url u;
	char why[256];
	size_t n = strlen(url);

	if (aws_url_split(url, &u, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "%s: %s", what, why);
		return -1;
	}
	while (n > 0 && url[n - 1] == '/')
		n--;
	if (n >= outlen) {
		snprintf(err, errlen, "%s is too long", what);
		return -1;
	}
	memcpy(out, url, n);
	out[n] = '\0';
	return 0;
}
