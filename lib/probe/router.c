/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "probe/banner.h"
#include "probe/icmp.h"
#include "probe/router.h"

/* Echo requests in a burst: with 5% loss all five are lost once in
 * three million bursts, so a live router is never taken for a dead one. */
#define BURST 5

/* ICMP, then the banner when a port is given: the banner tells a live
 * guest from a hypervisor that answers ping for a dead one. */
static void
probe_one(struct router_probe *rp, double window_ms)
{
	struct icmp_target t;
	struct icmp_probe pr;
	struct icmp_stats st;
	char err[256], banner[256];
	double t0 = clock_now_ms();
	int icmp_ran = 0, rc;

	memset(&pr, 0, sizeof(pr));
	pr.fd = -1;
	rp->result = ROUTER_PROBE_CANNOT_RUN;
	if (icmp_resolve(rp->host, AF_UNSPEC, &t, err, sizeof(err)) != 0) {
		snprintf(rp->detail, sizeof(rp->detail), "cannot probe: %s",
			 err);
		goto out;
	}
	snprintf(rp->addr, sizeof(rp->addr), "%s", t.text);
	if (icmp_probe_init(&pr, &t, BURST, err, sizeof(err)) == 0 &&
	    icmp_probe_open(&pr, err, sizeof(err)) == 0 &&
	    icmp_probe_run(&pr, (unsigned)(window_ms / BURST), window_ms,
			   t0 + window_ms, &st, err, sizeof(err)) == 0)
		icmp_ran = 1;
	if (!icmp_ran && rp->ssh_port == 0) {
		snprintf(rp->detail, sizeof(rp->detail), "cannot probe: %s",
			 err);
		goto out;
	}
	if (icmp_ran && st.received == 0 && st.send_errno != 0 &&
	    (st.send_errno == EPERM || st.send_errno == EACCES) &&
	    rp->ssh_port == 0) {
		/* our own firewall refused to send: says nothing */
		snprintf(rp->detail, sizeof(rp->detail),
			 "cannot probe: ICMP send refused here (%s)",
			 strerror(st.send_errno));
		goto out;
	}
	if (icmp_ran && st.received == 0) {
		rp->result = ROUTER_PROBE_SILENT;
		snprintf(rp->detail, sizeof(rp->detail),
			 "no ICMP reply (%u sent)%s%s", st.sent,
			 st.unreachable ? ": " : "",
			 st.unreachable ? icmp_unreach_text(st.unreach_errno)
					: "");
		goto out;
	}
	if (rp->ssh_port == 0) {
		rp->result = ROUTER_PROBE_ANSWERS;
		snprintf(rp->detail, sizeof(rp->detail),
			 "ICMP reply in %.1f ms", st.rtmin_ms);
		goto out;
	}
	rc = banner_ssh((const struct sockaddr *)&t.addr, t.addrlen,
			(int)rp->ssh_port, window_ms, banner, sizeof(banner),
			err, sizeof(err));
	if (rc == -2) {
		snprintf(rp->detail, sizeof(rp->detail),
			 "cannot probe: SSH port %u: %s", rp->ssh_port, err);
		goto out;
	}
	rp->result = rc == 0 ? ROUTER_PROBE_ANSWERS : ROUTER_PROBE_SILENT;
	snprintf(rp->detail, sizeof(rp->detail), "%s%s, %s%s%s on port %u",
		 icmp_ran ? "ICMP reply" : "no ICMP (",
		 icmp_ran ? "" : "cannot probe)",
		 rc == 0 ? "SSH banner" : "no SSH banner (",
		 rc == 0 ? "" : err, rc == 0 ? "" : ")", rp->ssh_port);
out:
	icmp_probe_free(&pr);
	rp->ms = clock_now_ms() - t0;
}

struct job {
	struct router_probe *rp;
	double window_ms;
};

static void *
probe_thread(void *arg)
{
	struct job *j = arg;

	probe_one(j->rp, j->window_ms);
	return NULL;
}

#define MAX_ROUTERS 8

int
router_probe_run(struct router_probe *rp, size_t n, double window_ms,
		 char *err, size_t errlen)
{
	pthread_t tid[MAX_ROUTERS];
	struct job jobs[MAX_ROUTERS];
	size_t i, started = 0;
	int rc = 0, e;

	for (i = 0; i < n; i++) {
		rp[i].result = ROUTER_PROBE_CANNOT_RUN;
		rp[i].addr[0] = '\0';
		snprintf(rp[i].detail, sizeof(rp[i].detail),
			 "cannot probe: not run");
		rp[i].ms = 0;
	}
	if (n > MAX_ROUTERS) {
		snprintf(err, errlen, "too many routers to probe (%zu)", n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		jobs[i] = (struct job){ &rp[i], window_ms };
		if ((e = pthread_create(&tid[i], NULL, probe_thread,
					&jobs[i])) != 0) {
			snprintf(err, errlen, "cannot start a probe: %s",
				 strerror(e));
			rc = -1;
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (rc != 0)
		for (i = 0; i < n; i++)
			rp[i].result = ROUTER_PROBE_CANNOT_RUN;
	return rc;
}

const char *
router_probe_result_name(enum router_probe_result r)
{
	switch (r) {
	case ROUTER_PROBE_ANSWERS:
		return "answers";
	case ROUTER_PROBE_SILENT:
		return "silent";
	case ROUTER_PROBE_CANNOT_RUN:
		break;
	}
	return "cannot probe";
}
