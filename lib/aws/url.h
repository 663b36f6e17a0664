/* SPDX-License-Identifier: ISC */
/*
 * What an AWS endpoint URL may be: the one place that knows, for the
 * options (--endpoint-url), the environment (AWS_ENDPOINT_URL_EC2,
 * AWS_ENDPOINT_URL, AWS_EC2_METADATA_SERVICE_ENDPOINT, ...) and the
 * clients alike.  Needs nothing but libc, so option parsers can use it.
 */
#ifndef VHA_AWS_URL_H
#define VHA_AWS_URL_H

#include <stddef.h>

/* The parts of an endpoint URL, pointing into it (nothing to free). */
struct aws_url {
	int https;
	const char *host; /* as written; an IPv6 literal keeps its [] */
	size_t hostlen;
	const char *port; /* the digits after ':', NULL when none */
	size_t portlen;
	const char *path; /* "" or "/..." up to the end */
};

/*
 * Split "http(s)://host[:port][/path]".  Refused: another scheme, no host,
 * user info (credentials have no place in a URL that is logged), a query
 * or fragment, a port that is not 1 to 5 digits, a bad IPv6 literal, blank,
 * control or unsafe characters.  0, or -1 with a reason in err that never
 * repeats user info.
 */
int aws_url_split(const char *url, struct aws_url *u, char *err,
		  size_t errlen);

/* 1 when the host of u is a loopback address: 127.0.0.0/8, ::1 or
 * "localhost". */
int aws_url_loopback(const struct aws_url *u);

/*
 * The rule for a service endpoint (EC2, STS): aws_url_split's, and plain
 * http:// only to a loopback address (tests and local endpoints), so signed
 * requests and session tokens never cross a network unencrypted.  0, or -1
 * with "WHAT: reason" in err (what names the option or variable; NULL:
 * the reason alone).
 */
int aws_endpoint_check(const char *url, const char *what, char *err,
		       size_t errlen);

/* Copy url to out[outlen] without trailing slashes when aws_url_split
 * takes it; else -1 with "WHAT: reason" in err. */
int aws_url_copy(const char *url, const char *what, char *out, size_t outlen,
		 char *err, size_t errlen);

#endif
