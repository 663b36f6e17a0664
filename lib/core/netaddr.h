/* SPDX-License-Identifier: ISC */
/*
 * Addresses the programs take on the command line: CIDR blocks (IPv4 and
 * IPv6).  AWS resource ids are aws/ids.h.
 */
#ifndef VHA_NETADDR_H
#define VHA_NETADDR_H

#include <stddef.h>
#include <stdint.h>

struct cidr {
	int family;          /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned prefixlen;
	char text[64];       /* canonical: host bits cleared, compressed v6 */
};

/*
 * Parse "a.b.c.d/n" or "x:y::/n".  Host bits set is an error (EC2 would
 * silently clear them and the route would not be the one meant).
 * Returns 0, or -1 with a reason in err.
 */
int cidr_parse(const char *s, struct cidr *out, char *err, size_t errlen);

/* The same with flags: CIDR_CLASSFUL lets a bare IPv4 network address
 * stand for its classful block, as Quagga prints "10.0.0.0" for /8. */
#define CIDR_CLASSFUL 0x1u
int cidr_parse_flags(const char *s, unsigned flags, struct cidr *out,
		     char *err, size_t errlen);

/* 1 when a and b denote the same block. */
int cidr_equal(const struct cidr *a, const struct cidr *b);

#endif
