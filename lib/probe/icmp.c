/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/errqueue.h>
#include <linux/icmp.h> /* ICMP_FILTER; netinet/ip_icmp.h would clash */

#include "probe/icmp.h"

#define ICMP4_ECHO_REPLY 0
#define ICMP4_DEST_UNREACH 3
#define ICMP4_ECHO_REQUEST 8

/* ---- thresholds and evaluation (pure) ---------------------------------- */

/* "200", "200.5ms", "800us", "0.5s" -> milliseconds. */
static int
parse_rta(const char *s, size_t len, double *ms)
{
	char buf[64], *end;
	double v, scale = 1.0;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[0]) && buf[0] != '.')
		return -1;
	errno = 0;
	v = strtod(buf, &end);
	if (errno != 0 || end == buf)
		return -1;
	if (strcmp(end, "us") == 0)
		scale = 0.001;
	else if (strcmp(end, "s") == 0)
		scale = 1000.0;
	else if (strcmp(end, "ms") != 0 && *end != '\0')
		return -1;
	v *= scale;
	/* A zero RTA is check_icmp's way to force a state ("-w 0,0%"
	 * makes any answer a WARNING); an hour is past any -t. */
	if (!isfinite(v) || v < 0 || v > 3600000.0)
		return -1;
	*ms = v;
	return 0;
}

static int
parse_loss(const char *s, double *pct)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)s[0]) && s[0] != '.')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s)
		return -1;
	if (*end == '%')
		end++;
	if (*end != '\0' || !isfinite(v) || v < 0 || v > 100)
		return -1;
	*pct = v;
	return 0;
}

int
icmp_threshold_parse(const char *text, struct icmp_threshold *th, char *err,
		     size_t errlen)
{
	const char *comma;
	double rta, loss = th->loss_pct;

	if (text == NULL || *text == '\0') {
		snprintf(err, errlen, "empty threshold");
		return -1;
	}
	comma = strchr(text, ',');
	if (parse_rta(text, comma ? (size_t)(comma - text) : strlen(text),
		      &rta) != 0) {
		snprintf(err, errlen,
			 "bad threshold '%s': expected RTA,LOSS%% with RTA >= 0 "
			 "in ms (or with a us or s suffix), e.g. 200.0,40%%",
			 text);
		return -1;
	}
	if (comma != NULL && parse_loss(comma + 1, &loss) != 0) {
		snprintf(err, errlen,
			 "bad threshold '%s': packet loss must be 0 to 100 "
			 "(percent), e.g. 200.0,40%%",
			 text);
		return -1;
	}
	th->rta_ms = rta;
	th->loss_pct = loss;
	return 0;
}

enum state
icmp_evaluate(const struct icmp_stats *st, const struct icmp_threshold *warn,
	      const struct icmp_threshold *crit)
{
	double loss = st->loss_pct;

	if (st->received == 0)
		return STATE_CRITICAL;
	if (loss >= crit->loss_pct || st->rta_ms >= crit->rta_ms)
		return STATE_CRITICAL;
	if (loss >= warn->loss_pct || st->rta_ms >= warn->rta_ms)
		return STATE_WARNING;
	return STATE_OK;
}

uint16_t
icmp_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	/* Sum 16-bit words as they lie in memory (big-endian pairs). */
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len == 1)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

const char *
icmp_mode_name(enum icmp_mode mode)
{
	switch (mode) {
	case ICMP_MODE_DGRAM:
		return "unprivileged ICMP socket";
	case ICMP_MODE_RAW:
		return "raw socket";
	default:
		return "no socket";
	}
}

/* ---- resolution ---------------------------------------------------------- */

static void
target_text(struct icmp_target *t)
{
	char host[NI_MAXHOST];

	if (getnameinfo((struct sockaddr *)&t->addr, t->addrlen, host,
			sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(host, sizeof(host), "?");
	snprintf(t->text, sizeof(t->text), "%s", host);
}

int
icmp_resolve(const char *host, int family, struct icmp_target *t, char *err,
	     size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM; /* one entry per address */
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve '%s'%s: %s", host,
			 family == AF_INET    ? " (IPv4)"
			 : family == AF_INET6 ? " (IPv6)"
					      : "",
			 rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return -1;
	}
	if (res->ai_addrlen > sizeof(t->addr)) {
		freeaddrinfo(res);
		snprintf(err, errlen, "cannot resolve '%s': address too long",
			 host);
		return -1;
	}
	t->family = res->ai_family;
	memcpy(&t->addr, res->ai_addr, res->ai_addrlen);
	t->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	target_text(t);
	return 0;
}

/* ---- probe state, requests and matching ---------------------------------- */

int
icmp_probe_init(struct icmp_probe *pr, const struct icmp_target *t,
		unsigned count, char *err, size_t errlen)
{
	uint8_t rnd[12];
	unsigned i;

	memset(pr, 0, sizeof(*pr));
	pr->fd = -1;
	if (count == 0 || count > ICMP_MAX_PACKETS) {
		snprintf(err, errlen, "packet count must be 1 to %d",
			 ICMP_MAX_PACKETS);
		return -1;
	}
	pr->target = *t;
	pr->count = count;
	pr->sent_at = calloc(count, sizeof(*pr->sent_at));
	pr->rtt = calloc(count, sizeof(*pr->rtt));
	if (pr->sent_at == NULL || pr->rtt == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < count; i++)
		pr->rtt[i] = -1;
	/* Not secret, only unpredictable enough that another process's or
	 * an earlier run's replies do not look like ours. */
	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		srand((unsigned)(ts.tv_nsec ^ ts.tv_sec ^ getpid()));
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (uint8_t)rand();
	}
	memcpy(pr->cookie, rnd, sizeof(pr->cookie));
	pr->seq_base = (uint16_t)(rnd[8] << 8 | rnd[9]);
	pr->ident = (uint16_t)(rnd[10] << 8 | rnd[11]);
	return 0;
}

void
icmp_probe_free(struct icmp_probe *pr)
{
	if (pr->fd >= 0)
		close(pr->fd);
	pr->fd = -1;
	free(pr->sent_at);
	free(pr->rtt);
	pr->sent_at = NULL;
	pr->rtt = NULL;
}

size_t
icmp_build_echo(const struct icmp_probe *pr, unsigned idx, uint8_t *buf,
		size_t len)
{
	uint16_t seq = (uint16_t)(pr->seq_base + idx), ck;
	size_t i;

	if (len < ICMP_PACKET_LEN)
		return 0;
	buf[0] = pr->target.family == AF_INET6 ? ICMP6_ECHO_REQUEST
					       : ICMP4_ECHO_REQUEST;
	buf[1] = 0;
	buf[2] = buf[3] = 0;
	buf[4] = (uint8_t)(pr->ident >> 8);
	buf[5] = (uint8_t)pr->ident;
	buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	memcpy(buf + 8, pr->cookie, sizeof(pr->cookie));
	for (i = 16; i < ICMP_PACKET_LEN; i++)
		buf[i] = (uint8_t)i;
	/* ICMPv6 checksums cover a pseudo-header the kernel fills in; the
	 * kernel also rewrites the IPv4 one on datagram sockets. */
	if (pr->target.family == AF_INET) {
		ck = icmp_checksum(buf, ICMP_PACKET_LEN);
		memcpy(buf + 2, &ck, 2);
	}
	return ICMP_PACKET_LEN;
}

static int
same_host(const struct icmp_target *t, const struct sockaddr *from,
	  socklen_t fromlen)
{
	if (from == NULL || from->sa_family != t->family)
		return 0;
	if (t->family == AF_INET) {
		const struct sockaddr_in *a = (const void *)&t->addr;
		const struct sockaddr_in *b = (const void *)from;

		return fromlen >= sizeof(*b) &&
		       a->sin_addr.s_addr == b->sin_addr.s_addr;
	}
	if (fromlen < sizeof(struct sockaddr_in6))
		return 0;
	return memcmp(&((const struct sockaddr_in6 *)(const void *)&t->addr)
			       ->sin6_addr,
		      &((const struct sockaddr_in6 *)(const void *)from)
			       ->sin6_addr,
		      sizeof(struct in6_addr)) == 0;
}

/* ICMP unreachable codes as the errno a datagram socket would report. */
static int
unreach_errno(int family, unsigned code)
{
	if (family == AF_INET6)
		return code == 0   ? ENETUNREACH
		       : code == 1 ? EACCES
				   : EHOSTUNREACH;
	if (code == 0 || code == 6 || code == 11)
		return ENETUNREACH;
	if (code == 9 || code == 10 || code == 13)
		return EACCES;
	return EHOSTUNREACH;
}

const char *
icmp_unreach_text(int e)
{
	switch (e) {
	case ENETUNREACH:
		return "network unreachable";
	case EACCES:
		return "administratively prohibited";
	case EHOSTUNREACH:
		return "host unreachable";
	default:
		return e ? strerror(e) : "";
	}
}

/*
 * A destination-unreachable error quotes the start of the packet that
 * caused it: count it only when that was one of our echo requests.
 */
static enum icmp_match
match_unreach(struct icmp_probe *pr, const uint8_t *buf, size_t len)
{
	const uint8_t *in = buf + 8;
	size_t inlen = len - 8, hl;
	uint16_t id, seq;

	if (pr->target.family == AF_INET) {
		if (inlen < 20 || (in[0] >> 4) != 4 || in[9] != IPPROTO_ICMP)
			return ICMP_MATCH_MALFORMED;
		hl = (size_t)(in[0] & 0x0f) * 4;
		if (hl < 20 || hl + 8 > inlen)
			return ICMP_MATCH_MALFORMED;
		if (in[hl] != ICMP4_ECHO_REQUEST)
			return ICMP_MATCH_NOT_REPLY;
	} else {
		/* Extension headers are not followed: we never send any. */
		if (inlen < 48 || (in[0] >> 4) != 6)
			return ICMP_MATCH_MALFORMED;
		hl = 40;
		if (in[6] != IPPROTO_ICMPV6 || in[hl] != ICMP6_ECHO_REQUEST)
			return ICMP_MATCH_NOT_REPLY;
	}
	id = (uint16_t)(in[hl + 4] << 8 | in[hl + 5]);
	seq = (uint16_t)(in[hl + 6] << 8 | in[hl + 7]);
	if (id != pr->ident)
		return ICMP_MATCH_WRONG_ID;
	if ((uint16_t)(seq - pr->seq_base) >= pr->sent)
		return ICMP_MATCH_WRONG_SEQ;
	pr->stats.unreachable++;
	pr->stats.unreach_errno = unreach_errno(pr->target.family, buf[1]);
	return ICMP_MATCH_UNREACH;
}

enum icmp_match
icmp_match_reply(struct icmp_probe *pr, const uint8_t *buf, size_t len,
		 const struct sockaddr *from, socklen_t fromlen, double now_ms)
{
	enum icmp_match m;
	uint16_t id, seq, idx;
	uint8_t want_type;

	if (pr->target.family == AF_INET && pr->mode == ICMP_MODE_RAW) {
		size_t ihl;

		if (len < 20 || (buf[0] >> 4) != 4 || buf[9] != IPPROTO_ICMP) {
			m = ICMP_MATCH_MALFORMED;
			goto ignored;
		}
		ihl = (size_t)(buf[0] & 0x0f) * 4;
		if (ihl < 20 || ihl > len) {
			m = ICMP_MATCH_MALFORMED;
			goto ignored;
		}
		buf += ihl;
		len -= ihl;
	}
	if (len < 8 + sizeof(pr->cookie)) {
		m = ICMP_MATCH_MALFORMED;
		goto ignored;
	}
	/* The kernel verified ICMPv6 and datagram-socket checksums; a raw
	 * IPv4 socket hands us whatever arrived. */
	if (pr->target.family == AF_INET && icmp_checksum(buf, len) != 0) {
		m = ICMP_MATCH_MALFORMED;
		goto ignored;
	}
	if (buf[0] == (pr->target.family == AF_INET6 ? ICMP6_DST_UNREACH
						     : ICMP4_DEST_UNREACH)) {
		/* From any router on the path, so no host check. */
		m = match_unreach(pr, buf, len);
		if (m == ICMP_MATCH_UNREACH)
			return m;
		goto ignored;
	}
	want_type = pr->target.family == AF_INET6 ? ICMP6_ECHO_REPLY
						  : ICMP4_ECHO_REPLY;
	if (buf[0] != want_type || buf[1] != 0) {
		m = ICMP_MATCH_NOT_REPLY;
		goto ignored;
	}
	if (!same_host(&pr->target, from, fromlen)) {
		m = ICMP_MATCH_OTHER_HOST;
		goto ignored;
	}
	id = (uint16_t)(buf[4] << 8 | buf[5]);
	seq = (uint16_t)(buf[6] << 8 | buf[7]);
	if (id != pr->ident) {
		m = ICMP_MATCH_WRONG_ID;
		goto ignored;
	}
	idx = (uint16_t)(seq - pr->seq_base);
	if (idx >= pr->sent) {
		m = ICMP_MATCH_WRONG_SEQ;
		goto ignored;
	}
	if (memcmp(buf + 8, pr->cookie, sizeof(pr->cookie)) != 0) {
		m = ICMP_MATCH_FOREIGN;
		goto ignored;
	}
	if (pr->rtt[idx] >= 0) {
		pr->stats.duplicates++;
		return ICMP_MATCH_DUPLICATE;
	}
	if (pr->deadline_ms > 0 && now_ms > pr->deadline_ms) {
		pr->stats.late++;
		return ICMP_MATCH_LATE;
	}
	pr->rtt[idx] = now_ms - pr->sent_at[idx];
	if (pr->rtt[idx] < 0)
		pr->rtt[idx] = 0;
	pr->stats.received++;
	return ICMP_MATCH_REPLY;
ignored:
	pr->stats.ignored++;
	return m;
}

void
icmp_probe_stats(struct icmp_probe *pr, struct icmp_stats *st)
{
	struct icmp_stats *s = &pr->stats;
	double sum = 0;
	unsigned i, n = 0;

	s->sent = pr->sent;
	s->rtmin_ms = s->rtmax_ms = 0;
	for (i = 0; i < pr->sent; i++) {
		if (pr->rtt[i] < 0)
			continue;
		if (n == 0 || pr->rtt[i] < s->rtmin_ms)
			s->rtmin_ms = pr->rtt[i];
		if (pr->rtt[i] > s->rtmax_ms)
			s->rtmax_ms = pr->rtt[i];
		sum += pr->rtt[i];
		n++;
	}
	s->received = n;
	s->rta_ms = n > 0 ? sum / n : 0;
	s->loss_pct = s->sent > 0 ? (s->sent - n) * 100 / s->sent : 100;
	*st = *s;
}

/* ---- sockets --------------------------------------------------------------- */

static int
open_dgram(struct icmp_probe *pr)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd, proto = pr->target.family == AF_INET6 ? IPPROTO_ICMPV6
						      : IPPROTO_ICMP;

	fd = socket(pr->target.family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    proto);
	if (fd < 0)
		return -1;
	/* Binding to port 0 makes the kernel pick the identifier now, so we
	 * know what replies will carry before the first send. */
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)pr->target.family;
	if (bind(fd, (struct sockaddr *)&ss,
		 pr->target.family == AF_INET6 ? sizeof(struct sockaddr_in6)
					       : sizeof(struct sockaddr_in)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	pr->ident = ntohs(pr->target.family == AF_INET6
				  ? ((struct sockaddr_in6 *)&ss)->sin6_port
				  : ((struct sockaddr_in *)&ss)->sin_port);
	/* An unconnected datagram socket hears of unreachable errors only
	 * through its error queue; without them the output cannot say "host
	 * unreachable".  Not fatal if refused. */
	(void)setsockopt(fd,
			 pr->target.family == AF_INET6 ? IPPROTO_IPV6
						       : IPPROTO_IP,
			 pr->target.family == AF_INET6 ? IPV6_RECVERR
						       : IP_RECVERR,
			 &(int){ 1 }, sizeof(int));
	return fd;
}

static int
open_raw(struct icmp_probe *pr)
{
	int fd;

	if (pr->target.family == AF_INET6) {
		struct icmp6_filter f6;

		fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    IPPROTO_ICMPV6);
		if (fd < 0)
			return -1;
		/* Only echo replies wake us, not every ND packet. */
		ICMP6_FILTER_SETBLOCKALL(&f6);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f6);
		ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &f6);
		if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f6,
			       sizeof(f6)) != 0)
			goto fail;
	} else {
		struct icmp_filter f4;

		fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    IPPROTO_ICMP);
		if (fd < 0)
			return -1;
		/* A bit set blocks a type: pass echo replies and errors. */
		f4.data = ~(1U << ICMP4_ECHO_REPLY | 1U << ICMP4_DEST_UNREACH);
		if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &f4, sizeof(f4)) != 0)
			goto fail;
	}
	return fd;
fail: {
	int e = errno;

	close(fd);
	errno = e;
	return -1;
}
}

int
icmp_probe_open(struct icmp_probe *pr, char *err, size_t errlen)
{
	int fd, dgram_errno, raw_errno;

	fd = open_dgram(pr);
	if (fd >= 0) {
		pr->fd = fd;
		pr->mode = ICMP_MODE_DGRAM;
		return 0;
	}
	dgram_errno = errno;
	fd = open_raw(pr);
	if (fd >= 0) {
		pr->fd = fd;
		pr->mode = ICMP_MODE_RAW;
		return 0;
	}
	raw_errno = errno;
	if ((dgram_errno == EACCES || dgram_errno == EPERM) &&
	    (raw_errno == EPERM || raw_errno == EACCES))
		snprintf(err, errlen,
			 "not allowed to send ICMP echo (gid %u is outside "
			 "net.ipv4.ping_group_range and no cap_net_raw): run "
			 "'sysctl -w net.ipv4.ping_group_range=\"0 "
			 "2147483647\"' or 'setcap cap_net_raw+ep' on this "
			 "plugin",
			 (unsigned)getgid());
	else
		snprintf(err, errlen,
			 "cannot open an ICMP%s socket: %s (datagram), %s (raw)",
			 pr->target.family == AF_INET6 ? "v6" : "",
			 strerror(dgram_errno), strerror(raw_errno));
	return -1;
}

/*
 * Empty a datagram socket's error queue (it would keep poll() reporting
 * POLLERR), counting the unreachable errors: the queue only holds errors
 * about this socket's own requests.
 */
static void
drain_errors(struct icmp_probe *pr)
{
	uint8_t data[256];
	union {
		char buf[512];
		struct cmsghdr align;
	} ctl;
	struct sock_extended_err ee;
	struct msghdr mh;
	struct iovec iov;
	struct cmsghdr *cm;
	uint8_t unreach = pr->target.family == AF_INET6 ? ICMP6_DST_UNREACH
							: ICMP4_DEST_UNREACH;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = data;
		iov.iov_len = sizeof(data);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		if (recvmsg(pr->fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL;
		     cm = CMSG_NXTHDR(&mh, cm)) {
			if (!(cm->cmsg_level == IPPROTO_IP &&
			      cm->cmsg_type == IP_RECVERR) &&
			    !(cm->cmsg_level == IPPROTO_IPV6 &&
			      cm->cmsg_type == IPV6_RECVERR))
				continue;
			if (cm->cmsg_len < CMSG_LEN(sizeof(ee)))
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			if ((ee.ee_origin == SO_EE_ORIGIN_ICMP ||
			     ee.ee_origin == SO_EE_ORIGIN_ICMP6) &&
			    ee.ee_type == unreach) {
				pr->stats.unreachable++;
				pr->stats.unreach_errno = unreach_errno(
					pr->target.family, ee.ee_code);
			}
		}
	}
}

static void
drain(struct icmp_probe *pr)
{
	uint8_t buf[2048];
	struct sockaddr_storage from;
	socklen_t fl;
	ssize_t n;

	for (;;) {
		fl = sizeof(from);
		n = recvfrom(pr->fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0) {
			/* A pending ICMP error is reported once as a recv
			 * error; it is counted from the error queue below. */
			if (errno == EINTR || errno == ECONNREFUSED ||
			    errno == EHOSTUNREACH || errno == ENETUNREACH ||
			    errno == EACCES || errno == EMSGSIZE ||
			    errno == EPROTO)
				continue;
			break;
		}
		icmp_match_reply(pr, buf, (size_t)n, (struct sockaddr *)&from,
				 fl, clock_now_ms());
	}
	if (pr->mode == ICMP_MODE_DGRAM)
		drain_errors(pr);
}

static void
wait_readable(int fd, double ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec ts;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = (time_t)(ms / 1000.0);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000.0) * 1e6);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	/* ppoll: sub-millisecond waits keep the send schedule exact. */
	(void)ppoll(&pfd, 1, &ts, NULL);
}

static void
send_one(struct icmp_probe *pr)
{
	uint8_t pkt[ICMP_PACKET_LEN];
	size_t len = icmp_build_echo(pr, pr->sent, pkt, sizeof(pkt));
	ssize_t n;

	pr->sent_at[pr->sent] = clock_now_ms();
	/* Counted as sent even when the kernel refuses it (no route, link
	 * down, firewall): to the operator that is a lost packet. */
	pr->sent++;
	do
		n = sendto(pr->fd, pkt, len, 0,
			   (struct sockaddr *)&pr->target.addr,
			   pr->target.addrlen);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		pr->stats.send_errno = errno;
}

int
icmp_probe_run(struct icmp_probe *pr, unsigned interval_ms, double wait_ms,
	       double limit_ms, struct icmp_stats *st, char *err,
	       size_t errlen)
{
	double next, now, until;

	if (pr->fd < 0) {
		snprintf(err, errlen, "ICMP socket not open");
		return -1;
	}
	next = clock_now_ms();
	pr->deadline_ms = 0;
	for (;;) {
		now = clock_now_ms();
		if (pr->sent < pr->count && now >= next) {
			send_one(pr);
			next += interval_ms;
			if (pr->sent == pr->count) {
				/* A zero wait (a forced "-c 0,0%") makes no
				 * reply late: wait for them up to the limit. */
				pr->deadline_ms = wait_ms > 0 ? clock_now_ms() + wait_ms : limit_ms;
				if (pr->deadline_ms > limit_ms)
					pr->deadline_ms = limit_ms;
			}
		}
		drain(pr);
		now = clock_now_ms();
		/* As check_icmp, the interval is a maximum: once the latest
		 * request is answered the next one goes out at once, so a
		 * live router is done in a few round trips. */
		if (pr->sent > 0 && pr->sent < pr->count &&
		    pr->rtt[pr->sent - 1] >= 0 && next > now)
			next = now;
		if (pr->sent == pr->count &&
		    (pr->stats.received == pr->count || now >= pr->deadline_ms))
			break;
		if (now >= limit_ms)
			break;
		until = pr->sent < pr->count ? next : pr->deadline_ms;
		if (until > limit_ms)
			until = limit_ms;
		wait_readable(pr->fd, until - now);
	}
	icmp_probe_stats(pr, st);
	return 0;
}

void
icmp_drop_capabilities(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	(void)syscall(SYS_capset, &hdr, data);
}
