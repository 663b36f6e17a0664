/* SPDX-License-Identifier: ISC */
/* ICMP probe: check_icmp thresholds, evaluation, checksum, and the reply
 * matcher fed with crafted packets (no network needed). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "probe/banner.h"
#include "probe/icmp.h"

/* ---- thresholds ---------------------------------------------------------- */

static void
threshold_ok(const char *text, double rta, double loss)
{
	struct icmp_threshold th = { 1.0, 33.0 };
	char err[256] = "";

	if (icmp_threshold_parse(text, &th, err, sizeof(err)) != 0)
		fail_msg("'%s' rejected: %s", text, err);
	assert_float_equal(th.rta_ms, rta, 1e-9);
	assert_float_equal(th.loss_pct, loss, 1e-9);
}

static void
test_threshold_forms(void **state)
{
	threshold_ok("200.0,40%", 200.0, 40.0);
	threshold_ok("200,40", 200.0, 40.0);
	threshold_ok("200.25,60%", 200.25, 60.0);
	threshold_ok("200ms,40%", 200.0, 40.0);
	threshold_ok("0.5s,60%", 500.0, 60.0);
	threshold_ok("2s,100%", 2000.0, 100.0);
	threshold_ok("800us,10%", 0.8, 10.0);
	threshold_ok("1,0%", 1.0, 0.0);
	threshold_ok(".5,12.5%", 0.5, 12.5);
	/* RTA alone keeps the loss that was there (the default). */
	threshold_ok("150", 150.0, 33.0);
	threshold_ok("3s", 3000.0, 33.0);
	/* A zero RTA forces a state (monitoring-plugins' check_icmp.t). */
	threshold_ok("0,0%", 0.0, 0.0);
	threshold_ok("0ms,0%", 0.0, 0.0);
	threshold_ok("0,10%", 0.0, 10.0);
	threshold_ok("0.0", 0.0, 33.0);
	threshold_ok("10000ms,100%", 10000.0, 100.0);
}

static void
test_threshold_bad(void **state)
{
	static const char *bad[] = {
		"", ",40%", "abc", "200,", "200,abc", "200,101%", "-5,10%",
		"-0.001", "200,-1%", "200x,40%", "200,40%%", " 200,40",
		"200 ,40", "200,40,50", "200,40%x", "1e9,10", "nan,10",
		"inf", "200m s,4", "+200,40", "200,+40",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct icmp_threshold th = { 7.0, 8.0 };
		char err[256] = "";

		if (icmp_threshold_parse(bad[i], &th, err, sizeof(err)) == 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_true(err[0] != '\0');
		/* Untouched on failure. */
		assert_float_equal(th.rta_ms, 7.0, 0);
		assert_float_equal(th.loss_pct, 8.0, 0);
	}
	{
		struct icmp_threshold th = { 7.0, 8.0 };
		char err[256] = "";

		assert_int_equal(icmp_threshold_parse(NULL, &th, err,
						      sizeof(err)),
				 -1);
	}
}

/* ---- evaluation -------------------------------------------------------------- */

static enum state
eval(unsigned sent, unsigned received, double rta)
{
	static const struct icmp_threshold w = { 200.0, 40.0 },
					   c = { 500.0, 80.0 };
	struct icmp_stats st;

	memset(&st, 0, sizeof(st));
	st.sent = sent;
	st.received = received;
	st.loss_pct = sent ? (sent - received) * 100 / sent : 100;
	st.rta_ms = rta;
	return icmp_evaluate(&st, &w, &c);
}

static void
test_evaluate(void **state)
{
	assert_int_equal(eval(5, 5, 0.07), STATE_OK);
	assert_int_equal(eval(5, 4, 199.9), STATE_OK);      /* 20% */
	assert_int_equal(eval(5, 5, 200.0), STATE_WARNING); /* rta >= */
	assert_int_equal(eval(5, 3, 1.0), STATE_WARNING);   /* 40% >= 40 */
	assert_int_equal(eval(5, 5, 499.99), STATE_WARNING);
	assert_int_equal(eval(5, 5, 500.0), STATE_CRITICAL);
	assert_int_equal(eval(5, 1, 1.0), STATE_CRITICAL);  /* 80% */
	assert_int_equal(eval(5, 0, 0), STATE_CRITICAL);    /* nothing */
	assert_int_equal(eval(0, 0, 0), STATE_CRITICAL);
	assert_int_equal(eval(100, 59, 1.0), STATE_WARNING); /* 41% */
	assert_int_equal(eval(100, 61, 1.0), STATE_OK);      /* 39% */
	{
		/* A 100% loss threshold is only reached by losing all. */
		struct icmp_threshold w = { 1000, 100 }, c = { 2000, 100 };
		struct icmp_stats st = { .sent = 3, .received = 1,
					 .loss_pct = 66, .rta_ms = 1 };

		assert_int_equal(icmp_evaluate(&st, &w, &c), STATE_OK);
	}
}

/* check_icmp.t's cases: "-w 0ms,0% -c 10000ms,100%" is a forced WARNING
 * (exit 1), "-w 0,0% -c 0,0%" a forced CRITICAL (exit 2), "-w 10000ms,100%
 * -c 10000ms,100%" OK for a host that answers and CRITICAL for one that
 * does not. */
static enum state
eval_texts(const char *w, const char *c, unsigned sent, unsigned received, double rta)
{
	struct icmp_threshold wt = { 200.0, 40.0 }, ct = { 500.0, 80.0 };
	struct icmp_stats st;
	char err[256];

	assert_int_equal(icmp_threshold_parse(w, &wt, err, sizeof(err)), 0);
	assert_int_equal(icmp_threshold_parse(c, &ct, err, sizeof(err)), 0);
	memset(&st, 0, sizeof(st));
	st.sent = sent;
	st.received = received;
	st.loss_pct = sent ? (sent - received) * 100 / sent : 100;
	st.rta_ms = rta;
	return icmp_evaluate(&st, &wt, &ct);
}

static void
test_forced_states(void **state)
{
	assert_int_equal(eval_texts("10000ms,100%", "10000ms,100%", 5, 5, 0.05), STATE_OK);
	assert_int_equal(eval_texts("0ms,0%", "10000ms,100%", 5, 5, 0.05), STATE_WARNING);
	assert_int_equal(eval_texts("0,0%", "100ms,100%", 5, 5, 0.05), STATE_WARNING);
	assert_int_equal(eval_texts("0,0%", "0,0%", 5, 5, 0.05), STATE_CRITICAL);
	assert_int_equal(eval_texts("10000ms,100%", "10000ms,100%", 5, 0, 0), STATE_CRITICAL);
}

/* ---- checksum -------------------------------------------------------------- */

static void
test_checksum(void **state)
{
	/* RFC 1071 section 3 example: the sum is ddf2, so ~sum is 220d. */
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03,
				       0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t odd[] = { 0x01, 0x02, 0x03 };
	uint8_t pkt[8] = { 8, 0, 0, 0, 0x12, 0x34, 0x00, 0x01 };
	uint16_t ck;

	assert_int_equal(ntohs(icmp_checksum(rfc, sizeof(rfc))), 0x220d);
	/* Odd length: the last byte is padded with a zero. 0x0102+0x0300. */
	assert_int_equal(ntohs(icmp_checksum(odd, sizeof(odd))),
			 (uint16_t)~0x0402);
	assert_int_equal(ntohs(icmp_checksum(odd, 0)), 0xffff);
	/* A packet carrying its own checksum sums to zero. */
	ck = icmp_checksum(pkt, sizeof(pkt));
	memcpy(pkt + 2, &ck, 2);
	assert_int_equal(icmp_checksum(pkt, sizeof(pkt)), 0);
	assert_int_equal(ntohs(ck), (uint16_t)~(0x0800 + 0x1234 + 0x0001));
}

/* ---- reply matching ---------------------------------------------------------- */

struct fixture {
	struct icmp_probe pr;
	struct sockaddr_storage peer, other;
	socklen_t peerlen;
};

static void
setup_probe(struct fixture *f, int family, enum icmp_mode mode)
{
	struct icmp_target t;
	char err[256];

	memset(f, 0, sizeof(*f));
	assert_int_equal(icmp_resolve(family == AF_INET ? "192.0.2.1"
							: "2001:db8::1",
				      family, &t, err, sizeof(err)),
			 0);
	assert_int_equal(icmp_probe_init(&f->pr, &t, 4, err, sizeof(err)), 0);
	f->pr.mode = mode;
	f->pr.ident = 0x4242;
	/* Three of four sent at 1000, 1100, 1200 ms. */
	f->pr.sent = 3;
	f->pr.sent_at[0] = 1000;
	f->pr.sent_at[1] = 1100;
	f->pr.sent_at[2] = 1200;
	f->peer = t.addr;
	f->peerlen = t.addrlen;
	f->other = t.addr;
	if (family == AF_INET)
		((struct sockaddr_in *)&f->other)->sin_addr.s_addr =
			htonl(0xc0000202); /* 192.0.2.2 */
	else
		((struct sockaddr_in6 *)&f->other)->sin6_addr.s6_addr[15] = 2;
}

/* The reply the peer would send to request idx, as recvfrom returns it. */
static size_t
craft_reply(const struct fixture *f, unsigned idx, uint8_t *out)
{
	uint8_t icmp[ICMP_PACKET_LEN];
	size_t n = icmp_build_echo(&f->pr, idx, icmp, sizeof(icmp));
	uint16_t ck;

	assert_int_equal(n, ICMP_PACKET_LEN);
	icmp[0] = f->pr.target.family == AF_INET ? 0 : 129;
	icmp[2] = icmp[3] = 0;
	ck = icmp_checksum(icmp, n);
	memcpy(icmp + 2, &ck, 2);
	if (f->pr.target.family == AF_INET && f->pr.mode == ICMP_MODE_RAW) {
		/* A 20-byte IPv4 header in front. */
		memset(out, 0, 20);
		out[0] = 0x45;
		out[8] = 64;
		out[9] = IPPROTO_ICMP;
		memcpy(out + 20, icmp, n);
		return n + 20;
	}
	memcpy(out, icmp, n);
	return n;
}

/* Recompute the ICMP checksum after a test modified the packet. */
static void
refix(const struct fixture *f, uint8_t *pkt, size_t len)
{
	size_t off = f->pr.target.family == AF_INET &&
				     f->pr.mode == ICMP_MODE_RAW
			     ? 20
			     : 0;
	uint16_t ck;

	pkt[off + 2] = pkt[off + 3] = 0;
	ck = icmp_checksum(pkt + off, len - off);
	memcpy(pkt + off + 2, &ck, 2);
}

static enum icmp_match
feed(struct fixture *f, const uint8_t *pkt, size_t len, int from_peer,
     double now)
{
	return icmp_match_reply(&f->pr, pkt, len,
				(struct sockaddr *)(from_peer ? &f->peer
							      : &f->other),
				f->peerlen, now);
}

static void
matching(int family, enum icmp_mode mode)
{
	struct fixture f;
	struct icmp_stats st;
	uint8_t pkt[256];
	size_t len, off;

	setup_probe(&f, family, mode);
	off = family == AF_INET && mode == ICMP_MODE_RAW ? 20 : 0;

	/* A good reply to seq 1 after 12.5 ms. */
	len = craft_reply(&f, 1, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1112.5), ICMP_MATCH_REPLY);
	assert_float_equal(f.pr.rtt[1], 12.5, 1e-9);
	/* The same again: a duplicate, not counted. */
	assert_int_equal(feed(&f, pkt, len, 1, 1113), ICMP_MATCH_DUPLICATE);
	/* From another host. */
	len = craft_reply(&f, 0, pkt);
	assert_int_equal(feed(&f, pkt, len, 0, 1010), ICMP_MATCH_OTHER_HOST);
	/* Another identifier (another pinger on this host). */
	len = craft_reply(&f, 0, pkt);
	pkt[off + 5] ^= 1;
	refix(&f, pkt, len);
	assert_int_equal(feed(&f, pkt, len, 1, 1010), ICMP_MATCH_WRONG_ID);
	/* A sequence not sent yet (index 3) and one far off. */
	len = craft_reply(&f, 3, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1300), ICMP_MATCH_WRONG_SEQ);
	len = craft_reply(&f, 0, pkt);
	pkt[off + 6] ^= 0x80;
	refix(&f, pkt, len);
	assert_int_equal(feed(&f, pkt, len, 1, 1010), ICMP_MATCH_WRONG_SEQ);
	/* Right id and seq but another run's cookie. */
	len = craft_reply(&f, 0, pkt);
	pkt[off + 9] ^= 0xff;
	refix(&f, pkt, len);
	assert_int_equal(feed(&f, pkt, len, 1, 1010), ICMP_MATCH_FOREIGN);
	/* An echo request (e.g. our own, looped back) is not a reply. */
	len = craft_reply(&f, 0, pkt);
	pkt[off] = family == AF_INET ? 8 : 128;
	refix(&f, pkt, len);
	assert_int_equal(feed(&f, pkt, len, 1, 1010), ICMP_MATCH_NOT_REPLY);
	/* Truncated and garbage. */
	len = craft_reply(&f, 0, pkt);
	assert_int_equal(feed(&f, pkt, off + 10, 1, 1010),
			 ICMP_MATCH_MALFORMED);
	assert_int_equal(feed(&f, pkt, 0, 1, 1010), ICMP_MATCH_MALFORMED);
	if (family == AF_INET) {
		/* A corrupted reply fails the checksum. */
		len = craft_reply(&f, 0, pkt);
		pkt[len - 1] ^= 0x55;
		assert_int_equal(feed(&f, pkt, len, 1, 1010),
				 ICMP_MATCH_MALFORMED);
	}
	if (off > 0) {
		len = craft_reply(&f, 0, pkt);
		pkt[0] = 0x4f; /* IHL 60 bytes: past the ICMP header */
		assert_int_equal(feed(&f, pkt, 40, 1, 1010),
				 ICMP_MATCH_MALFORMED);
		pkt[0] = 0x65; /* not IPv4 */
		assert_int_equal(feed(&f, pkt, len, 1, 1010),
				 ICMP_MATCH_MALFORMED);
		pkt[0] = 0x43; /* IHL below 20 */
		assert_int_equal(feed(&f, pkt, len, 1, 1010),
				 ICMP_MATCH_MALFORMED);
	}
	/* Seq 0 in time; then the wait ends and seq 2's reply is late. */
	len = craft_reply(&f, 0, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1030.25), ICMP_MATCH_REPLY);
	f.pr.deadline_ms = 1700;
	len = craft_reply(&f, 2, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1700.5), ICMP_MATCH_LATE);

	icmp_probe_stats(&f.pr, &st);
	assert_int_equal(st.sent, 3);
	assert_int_equal(st.received, 2);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(st.late, 1);
	assert_int_equal(st.loss_pct, 33);
	assert_float_equal(st.rtmin_ms, 12.5, 1e-9);
	assert_float_equal(st.rtmax_ms, 30.25, 1e-9);
	assert_float_equal(st.rta_ms, (12.5 + 30.25) / 2, 1e-9);
	assert_true(st.ignored >= 8);
	icmp_probe_free(&f.pr);
}

static void
test_match_v4_raw(void **state)
{
	matching(AF_INET, ICMP_MODE_RAW);
}

static void
test_match_v4_dgram(void **state)
{
	matching(AF_INET, ICMP_MODE_DGRAM);
}

static void
test_match_v6(void **state)
{
	matching(AF_INET6, ICMP_MODE_DGRAM);
	matching(AF_INET6, ICMP_MODE_RAW);
}

/* A destination-unreachable error quoting request idx with ident id. */
static size_t
craft_unreach(const struct fixture *f, unsigned idx, uint16_t id,
	      uint8_t code, uint8_t *out)
{
	uint8_t req[ICMP_PACKET_LEN], *p = out;
	int v6 = f->pr.target.family == AF_INET6;
	size_t inner_ip = v6 ? 40 : 20, len;
	uint16_t ck;

	assert_int_equal(icmp_build_echo(&f->pr, idx, req, sizeof(req)),
			 ICMP_PACKET_LEN);
	req[4] = (uint8_t)(id >> 8);
	req[5] = (uint8_t)id;
	if (!v6 && f->pr.mode == ICMP_MODE_RAW) {
		memset(p, 0, 20);
		p[0] = 0x45;
		p[9] = IPPROTO_ICMP;
		p += 20;
	}
	memset(p, 0, 8 + inner_ip);
	p[0] = v6 ? 1 : 3;
	p[1] = code;
	if (v6) {
		p[8] = 0x60;
		p[8 + 6] = IPPROTO_ICMPV6;
	} else {
		p[8] = 0x45;
		p[8 + 9] = IPPROTO_ICMP;
	}
	/* Routers quote at least 8 bytes of the original datagram. */
	memcpy(p + 8 + inner_ip, req, 8);
	len = 8 + inner_ip + 8;
	ck = icmp_checksum(p, len);
	memcpy(p + 2, &ck, 2);
	return (size_t)(p - out) + len;
}

static void
unreachable(int family, enum icmp_mode mode)
{
	struct fixture f;
	uint8_t pkt[256];
	size_t len;

	setup_probe(&f, family, mode);
	/* Ours, from a router on the path (not the target): counted. */
	len = craft_unreach(&f, 1, 0x4242, 1, pkt);
	assert_int_equal(feed(&f, pkt, len, 0, 1101), ICMP_MATCH_UNREACH);
	assert_int_equal(f.pr.stats.unreachable, 1);
	assert_int_equal(f.pr.stats.unreach_errno,
			 family == AF_INET ? EHOSTUNREACH : EACCES);
	assert_string_equal(icmp_unreach_text(f.pr.stats.unreach_errno),
			    family == AF_INET ? "host unreachable"
					      : "administratively prohibited");
	len = craft_unreach(&f, 0, 0x4242, 0, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1101), ICMP_MATCH_UNREACH);
	assert_string_equal(icmp_unreach_text(f.pr.stats.unreach_errno),
			    "network unreachable");
	/* Another pinger's request, and one we never sent. */
	len = craft_unreach(&f, 0, 0x4243, 1, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1101), ICMP_MATCH_WRONG_ID);
	len = craft_unreach(&f, 3, 0x4242, 1, pkt);
	assert_int_equal(feed(&f, pkt, len, 1, 1101), ICMP_MATCH_WRONG_SEQ);
	/* Cut short inside the quoted header (IPv4: the checksum fails). */
	len = craft_unreach(&f, 0, 0x4242, 1, pkt);
	assert_int_equal(feed(&f, pkt, len - 10, 1, 1101),
			 ICMP_MATCH_MALFORMED);
	assert_int_equal(f.pr.stats.unreachable, 2);
	assert_int_equal(f.pr.stats.received, 0);
	icmp_probe_free(&f.pr);
}

static void
test_unreachable(void **state)
{
	unreachable(AF_INET, ICMP_MODE_RAW);
	unreachable(AF_INET6, ICMP_MODE_RAW);
}

static void
test_sequence_wraps(void **state)
{
	struct fixture f;
	uint8_t pkt[256];
	size_t len;

	/* A random base near 65535 must still match across the wrap. */
	setup_probe(&f, AF_INET, ICMP_MODE_DGRAM);
	f.pr.seq_base = 0xffff;
	len = craft_reply(&f, 2, pkt);
	assert_int_equal(pkt[6], 0);
	assert_int_equal(pkt[7], 1);
	assert_int_equal(feed(&f, pkt, len, 1, 1201), ICMP_MATCH_REPLY);
	icmp_probe_free(&f.pr);
}

static void
test_build_echo(void **state)
{
	struct fixture f;
	uint8_t pkt[ICMP_PACKET_LEN], small[8];

	setup_probe(&f, AF_INET, ICMP_MODE_RAW);
	f.pr.seq_base = 0x1000;
	assert_int_equal(icmp_build_echo(&f.pr, 5, pkt, sizeof(pkt)),
			 ICMP_PACKET_LEN);
	assert_int_equal(pkt[0], 8);
	assert_int_equal(pkt[4] << 8 | pkt[5], 0x4242);
	assert_int_equal(pkt[6] << 8 | pkt[7], 0x1005);
	assert_memory_equal(pkt + 8, f.pr.cookie, 8);
	assert_int_equal(icmp_checksum(pkt, sizeof(pkt)), 0);
	assert_int_equal(icmp_build_echo(&f.pr, 0, small, sizeof(small)), 0);
	icmp_probe_free(&f.pr);
}

static void
test_probe_init_bounds(void **state)
{
	struct icmp_target t;
	struct icmp_probe pr;
	char err[256];

	assert_int_equal(icmp_resolve("127.0.0.1", AF_UNSPEC, &t, err,
				      sizeof(err)),
			 0);
	assert_int_equal(icmp_probe_init(&pr, &t, 0, err, sizeof(err)), -1);
	icmp_probe_free(&pr);
	assert_int_equal(icmp_probe_init(&pr, &t, ICMP_MAX_PACKETS + 1, err,
					 sizeof(err)),
			 -1);
	icmp_probe_free(&pr);
	assert_int_equal(icmp_probe_init(&pr, &t, ICMP_MAX_PACKETS, err,
					 sizeof(err)),
			 0);
	assert_int_equal(pr.fd, -1);
	assert_true(pr.rtt[ICMP_MAX_PACKETS - 1] < 0);
	icmp_probe_free(&pr);
}

/* ---- resolution and banners ------------------------------------------------ */

static void
test_resolve(void **state)
{
	struct icmp_target t;
	char err[256] = "";

	assert_int_equal(icmp_resolve("192.0.2.7", AF_UNSPEC, &t, err,
				      sizeof(err)),
			 0);
	assert_int_equal(t.family, AF_INET);
	assert_string_equal(t.text, "192.0.2.7");
	assert_int_equal(icmp_resolve("2001:DB8:0::7", AF_INET6, &t, err,
				      sizeof(err)),
			 0);
	assert_int_equal(t.family, AF_INET6);
	assert_string_equal(t.text, "2001:db8::7");
	/* An IPv6 literal asked for as IPv4 is an error naming the host. */
	assert_int_equal(icmp_resolve("2001:db8::7", AF_INET, &t, err,
				      sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "cannot resolve '2001:db8::7' (IPv4)"));
	assert_int_equal(icmp_resolve("", AF_UNSPEC, &t, err, sizeof(err)),
			 -1);
	assert_int_equal(icmp_resolve("999.1.1.1.invalid", AF_UNSPEC, &t, err,
				      sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "999.1.1.1.invalid"));
}

static void
test_banner_valid(void **state)
{
	assert_true(banner_ssh_valid("SSH-2.0-OpenSSH_9.2p1 Debian"));
	assert_true(banner_ssh_valid("SSH-1.99-Cisco-1.25"));
	assert_false(banner_ssh_valid("SSH-1.5-old"));
	assert_false(banner_ssh_valid("SSH-2.0"));
	assert_false(banner_ssh_valid("HTTP/1.1 400 Bad Request"));
	assert_false(banner_ssh_valid(""));
	assert_false(banner_ssh_valid("ssh-2.0-lower"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold_forms),
		cmocka_unit_test(test_threshold_bad),
		cmocka_unit_test(test_forced_states),
		cmocka_unit_test(test_evaluate),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_match_v4_raw),
		cmocka_unit_test(test_match_v4_dgram),
		cmocka_unit_test(test_match_v6),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_sequence_wraps),
		cmocka_unit_test(test_build_echo),
		cmocka_unit_test(test_probe_init_bounds),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_banner_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
