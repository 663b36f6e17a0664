/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/netaddr.h"

/* The length an IPv4 network of this class has; 0 for class D and E. */
static unsigned
classful_len(const uint8_t *addr)
{
	return addr[0] < 128 ? 8 : addr[0] < 192 ? 16 : addr[0] < 224 ? 24 : 0;
}

int
cidr_parse(const char *s, struct cidr *out, char *err, size_t errlen)
{
	return cidr_parse_flags(s, 0, out, err, errlen);
}

int
cidr_parse_flags(const char *s, unsigned flags, struct cidr *out, char *err,
		 size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash;
	unsigned long len = 0;
	size_t alen, i, maxlen, nbytes;
	char *end;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		s = "";
	slash = strchr(s, '/');
	if (slash == NULL && !(flags & CIDR_CLASSFUL)) {
		snprintf(err, errlen, "'%s' is not a CIDR block (ADDRESS/LENGTH)",
			 s);
		return -1;
	}
	alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(addr))
		goto bad;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, out->addr) == 1) {
		out->family = AF_INET;
		maxlen = 32;
	} else if (inet_pton(AF_INET6, addr, out->addr) == 1) {
		out->family = AF_INET6;
		maxlen = 128;
	} else
		goto bad;
	if (slash == NULL) {
		/* Quagga omits "/len" when it is the classful mask. */
		if (out->family != AF_INET || (len = classful_len(out->addr)) == 0) {
			snprintf(err, errlen, "'%s' has no prefix length", s);
			return -1;
		}
	} else {
		if (slash[1] < '0' || slash[1] > '9' || strlen(slash + 1) > 3)
			goto bad;
		len = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || len > maxlen)
			goto bad;
	}
	out->prefixlen = (unsigned)len;

	/* Host bits must be clear: EC2 would clear them silently. */
	nbytes = maxlen / 8;
	for (i = 0; i < nbytes; i++) {
		unsigned bit0 = (unsigned)i * 8, mask;

		if (bit0 + 8 <= len)
			continue;
		mask = bit0 >= len ? 0xff : 0xffu >> (len - bit0);
		if (out->addr[i] & mask) {
			snprintf(err, errlen,
				 "'%s' has host bits set (did you mean a "
				 "network address?)", s);
			return -1;
		}
	}
	if (inet_ntop(out->family, out->addr, addr, sizeof(addr)) == NULL)
		goto bad;
	snprintf(out->text, sizeof(out->text), "%s/%u", addr, out->prefixlen);
	return 0;
bad:
	snprintf(err, errlen, "'%s' is not a valid IPv4 or IPv6 CIDR block", s);
	return -1;
}

int
cidr_equal(const struct cidr *a, const struct cidr *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && a->prefixlen == b->prefixlen &&
	       memcmp(a->addr, b->addr, n) == 0;
}
