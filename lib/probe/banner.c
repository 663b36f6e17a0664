/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "probe/banner.h"

int
banner_ssh_valid(const char *line)
{
	/* RFC 4253 4.2; "1.99" is a server that also speaks protocol 2. */
	return strncmp(line, "SSH-2.0-", 8) == 0 ||
	       strncmp(line, "SSH-1.99-", 9) == 0;
}

/* Printable excerpt of what the server sent instead of a banner. */
static void
excerpt(const char *in, size_t n, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < outlen && i < 40; i++)
		out[o++] = isprint((unsigned char)in[i]) ? in[i] : '?';
	out[o] = '\0';
}

int
banner_ssh(const struct sockaddr *addr, socklen_t addrlen, int port,
	   double timeout_ms, char *banner, size_t bannerlen, char *err,
	   size_t errlen)
{
	struct sockaddr_storage ss;
	struct pollfd pfd;
	char line[256], ex[64];
	size_t got = 0;
	double deadline = clock_now_ms() + timeout_ms, left;
	socklen_t sl;
	ssize_t n;
	int fd, soerr = 0, rc = -1;

	if (addrlen > sizeof(ss) || (addr->sa_family != AF_INET &&
				     addr->sa_family != AF_INET6)) {
		snprintf(err, errlen, "not an IPv4 or IPv6 address");
		return -2;
	}
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, addr, addrlen);
	if (addr->sa_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
	fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -2;
	}
	if (connect(fd, (struct sockaddr *)&ss, addrlen) != 0 &&
	    errno != EINPROGRESS) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	left = deadline - clock_now_ms();
	if (left <= 0 || poll(&pfd, 1, (int)ceil(left)) <= 0) {
		snprintf(err, errlen, "connect timed out after %.0f ms",
			 timeout_ms);
		goto out;
	}
	sl = sizeof(soerr);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 ||
	    soerr != 0) {
		snprintf(err, errlen, "%s", strerror(soerr ? soerr : errno));
		goto out;
	}
	/* Servers may send other lines before the banner (RFC 4253 4.2);
	 * we only need to see the first, and VyOS sends none. */
	pfd.events = POLLIN;
	while (got < sizeof(line) - 1 && memchr(line, '\n', got) == NULL) {
		left = deadline - clock_now_ms();
		if (left <= 0 || poll(&pfd, 1, (int)ceil(left)) <= 0) {
			excerpt(line, got, ex, sizeof(ex));
			snprintf(err, errlen,
				 got ? "no complete line within %.0f ms "
				       "(got '%s')"
				     : "connected, but nothing received within "
				       "%.0f ms%s",
				 timeout_ms, ex);
			goto out;
		}
		n = recv(fd, line + got, sizeof(line) - 1 - got, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			excerpt(line, got, ex, sizeof(ex));
			snprintf(err, errlen, "%s%s%s%s",
				 n == 0 ? "connection closed" : strerror(errno),
				 got ? " after '" : " before any data",
				 got ? ex : "", got ? "'" : "");
			goto out;
		}
		got += (size_t)n;
	}
	line[got] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (!banner_ssh_valid(line)) {
		excerpt(line, strlen(line), ex, sizeof(ex));
		snprintf(err, errlen, "not an SSH banner: '%s'", ex);
		goto out;
	}
	snprintf(banner, bannerlen, "%s", line);
	rc = 0;
out:
	close(fd);
	return rc;
}
