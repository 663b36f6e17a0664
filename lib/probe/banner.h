/* SPDX-License-Identifier: ISC */
/*
 * TCP banner check: connect to a port and read the first line the server
 * sends.  For router liveness, an SSH server's identification string
 * (RFC 4253 4.2) tells a live guest from a hypervisor that still answers
 * ping for a dead one.  Nothing here exits or prints; errors come back in
 * err.
 */
#ifndef VHA_PROBE_BANNER_H
#define VHA_PROBE_BANNER_H

#include <stddef.h>
#include <sys/socket.h>

/* 1 when line starts like an SSH server's identification string
 * ("SSH-2.0-" or "SSH-1.99-"), else 0. */
int banner_ssh_valid(const char *line);

/*
 * Connect to addr (IPv4 or IPv6; its port is replaced by port) over TCP
 * and read the first line, both within timeout_ms.  Returns 0 when it is
 * an SSH banner (copied into banner, without CR LF), -1 when the server
 * gave none, with the reason in err ("Connection refused", "connect timed
 * out after 2000 ms", "connected, but nothing received within 2000 ms",
 * "not an SSH banner: 'HTTP/1.1 400 Bad Request'"), or -2 when the check
 * could not run here (no socket, not an IP address): that says nothing
 * about the server.
 */
int banner_ssh(const struct sockaddr *addr, socklen_t addrlen, int port,
	       double timeout_ms, char *banner, size_t bannerlen, char *err,
	       size_t errlen);

#endif
