/* SPDX-License-Identifier: ISC */
/*
 * ICMP echo probe (IPv4 and IPv6) for router liveness (the SSH banner check
 * is probe/banner.h).
 *
 * Two layers, so tests can reach each without a network:
 *  - pure: threshold parsing (check_icmp's "RTA,LOSS%"), evaluation of
 *    statistics against thresholds, the Internet checksum, building echo
 *    requests and matching replies against the probe's state;
 *  - I/O: opening the socket (unprivileged ICMP datagram socket when
 *    net.ipv4.ping_group_range allows it, else a raw socket when the process
 *    has cap_net_raw), sending N requests at an interval and reading replies.
 * Nothing here exits or writes to stdout; errors come back in err.
 */
#ifndef VHA_ICMP_H
#define VHA_ICMP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "core/state.h"

/* Bytes after the 8-byte ICMP header: 8 bytes of cookie, then a pattern. */
#define ICMP_PAYLOAD_LEN 56
#define ICMP_PACKET_LEN (8 + ICMP_PAYLOAD_LEN)
#define ICMP_MAX_PACKETS 1000

enum icmp_mode {
	ICMP_MODE_NONE = 0,
	ICMP_MODE_DGRAM = 1, /* SOCK_DGRAM/IPPROTO_ICMP(V6): kernel sets ident */
	ICMP_MODE_RAW = 2,   /* SOCK_RAW: needs cap_net_raw */
};

/* check_icmp's thresholds: alert when rta >= rta_ms or loss >= loss_pct. */
struct icmp_threshold {
	double rta_ms;
	double loss_pct;
};

/* check_icmp's defaults. */
#define ICMP_WARN_DEFAULT_RTA 200.0
#define ICMP_WARN_DEFAULT_LOSS 40.0
#define ICMP_CRIT_DEFAULT_RTA 500.0
#define ICMP_CRIT_DEFAULT_LOSS 80.0

/*
 * Parse "RTA[unit][,LOSS[%]]" as check_icmp does ("200.0,40%", "200,40",
 * "0.5s,60%", "800us,10%"); unit is us, ms (default) or s.  RTA is required
 * and must be > 0; without ",LOSS" the loss in *th is left as it was (so
 * callers preset the default).  LOSS is 0 to 100.  Returns 0, or -1 with a
 * reason in err and *th unchanged.
 */
int icmp_threshold_parse(const char *text, struct icmp_threshold *th,
			 char *err, size_t errlen);

struct icmp_stats {
	unsigned sent;       /* requests handed to the kernel or failed to */
	unsigned received;   /* distinct matching replies in time */
	unsigned duplicates; /* second and later replies to one request */
	unsigned late;       /* replies after the wait ended */
	unsigned ignored;    /* other hosts, other ids, other runs, junk */
	unsigned loss_pct;   /* (sent - received) * 100 / sent, truncated */
	double rta_ms;       /* mean round trip; 0 when nothing came back */
	double rtmin_ms;     /* 0 when nothing came back */
	double rtmax_ms;
	int send_errno;      /* last errno of a failed send, 0 if none */
	unsigned unreachable; /* destination-unreachable errors about ours */
	int unreach_errno;   /* the last as ENETUNREACH, EHOSTUNREACH or
				EACCES (prohibited); 0 if none */
};

/*
 * The state for st, as check_icmp decides it: no reply at all is CRITICAL;
 * then loss >= crit or rta >= crit is CRITICAL, the same against warn is
 * WARNING, else OK.  Pure.
 */
enum state icmp_evaluate(const struct icmp_stats *st,
				const struct icmp_threshold *warn,
				const struct icmp_threshold *crit);

/* RFC 1071 Internet checksum of len bytes (network byte order result). */
uint16_t icmp_checksum(const void *data, size_t len);

struct icmp_target {
	int family; /* AF_INET or AF_INET6 */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char text[80]; /* numeric address, with %scope for link-local v6 */
};

/*
 * Resolve host (name or address) with getaddrinfo; family is AF_UNSPEC,
 * AF_INET or AF_INET6; the first address returned is used.  Returns 0, or -1
 * with "cannot resolve 'host': reason" in err.
 */
int icmp_resolve(const char *host, int family, struct icmp_target *t,
		 char *err, size_t errlen);

/*
 * State of one probe run.  Fields are public so tests can set up a probe
 * without a socket (icmp_probe_init, then set mode and ident).
 */
struct icmp_probe {
	struct icmp_target target;
	int fd;             /* -1 until icmp_probe_open */
	enum icmp_mode mode;
	uint16_t ident;     /* DGRAM: the kernel's (local "port"); RAW: random */
	uint16_t seq_base;  /* random: replies to an earlier run do not match */
	uint8_t cookie[8];  /* random, echoed back in the payload */
	unsigned count;     /* requests planned */
	unsigned sent;      /* requests sent so far */
	double *sent_at;    /* [count] monotonic ms of each send */
	double *rtt;        /* [count] round trip ms, < 0 while unanswered */
	double deadline_ms; /* replies after this are late; 0: not yet set */
	struct icmp_stats stats; /* counters kept by the matcher */
};

/*
 * Prepare pr for count (1..ICMP_MAX_PACKETS) requests to t: random cookie
 * and sequence base, no socket yet.  Returns 0, or -1 with err.  Free with
 * icmp_probe_free (also after a failure).
 */
int icmp_probe_init(struct icmp_probe *pr, const struct icmp_target *t,
		    unsigned count, char *err, size_t errlen);
void icmp_probe_free(struct icmp_probe *pr);

/*
 * Open the socket: the unprivileged ICMP datagram socket first, a raw
 * socket if the kernel refuses it.  When both are refused err says how to
 * allow one (sysctl net.ipv4.ping_group_range, or setcap cap_net_raw+ep) and
 * -1 is returned.  Sets pr->mode and pr->ident.
 */
int icmp_probe_open(struct icmp_probe *pr, char *err, size_t errlen);

/*
 * Build echo request number idx (0-based) into buf (>= ICMP_PACKET_LEN
 * bytes), checksum included.  Returns its length.
 */
size_t icmp_build_echo(const struct icmp_probe *pr, unsigned idx,
		       uint8_t *buf, size_t len);

enum icmp_match {
	ICMP_MATCH_REPLY,     /* a new reply to one of our requests */
	ICMP_MATCH_DUPLICATE, /* a reply to a request already answered */
	ICMP_MATCH_LATE,      /* ours, but after pr->deadline_ms */
	ICMP_MATCH_OTHER_HOST,
	ICMP_MATCH_WRONG_ID,
	ICMP_MATCH_WRONG_SEQ, /* not a sequence we have sent */
	ICMP_MATCH_FOREIGN,   /* right id and seq, wrong cookie: another run */
	ICMP_MATCH_UNREACH,   /* destination unreachable about a request of
				 ours (a router or our own kernel says so) */
	ICMP_MATCH_NOT_REPLY, /* another ICMP type (requests, others' errors) */
	ICMP_MATCH_MALFORMED, /* too short, bad IP header, bad checksum */
};

/*
 * Match one received datagram against pr and update pr->rtt and pr->stats.
 * buf is what recvfrom returned: with the IPv4 header in RAW IPv4 mode,
 * from the ICMP header otherwise.  from is the sender; now_ms the
 * monotonic receive time.  Pure apart from *pr.
 */
enum icmp_match icmp_match_reply(struct icmp_probe *pr, const uint8_t *buf,
				 size_t len, const struct sockaddr *from,
				 socklen_t fromlen, double now_ms);

/* Fill the round-trip figures of pr->stats from pr->rtt and copy it out. */
void icmp_probe_stats(struct icmp_probe *pr, struct icmp_stats *st);

/*
 * Send pr->count requests and read replies, until every
 * request is answered or wait_ms after the last send (0: until the
 * limit), and never past limit_ms (monotonic ms, as clock_now_ms).  interval_ms is the longest
 * gap between requests, as check_icmp's -i: a request goes out as soon as
 * the previous one is answered.  A failed send counts as a
 * lost packet (send_errno keeps why).  Returns 0 with *st filled, or -1 with
 * err on a socket failure that makes the numbers meaningless.
 */
int icmp_probe_run(struct icmp_probe *pr, unsigned interval_ms,
		   double wait_ms, double limit_ms, struct icmp_stats *st,
		   char *err, size_t errlen);

const char *icmp_mode_name(enum icmp_mode mode);

/*
 * After the sockets are open nothing needs privileges: give up every
 * capability of the calling thread (cap_net_raw from setcap, or root's)
 * before touching the network.  Failure is harmless, so it is ignored.
 */
void icmp_drop_capabilities(void);

/* "host unreachable" etc. for a stats.unreach_errno value. */
const char *icmp_unreach_text(int unreach_errno);

#endif
