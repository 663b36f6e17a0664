/* SPDX-License-Identifier: ISC */
/*
 * Neighbour states against what the operator expects: every selected
 * neighbour Established, or at least --min-up of them; sessions older than
 * --min-uptime; prefixes received within -w/-c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/bgp_eval.h"

/* Parse an address into family + bytes; 0 when text is not an address. */
static int
addr_of(const char *text, int *family, unsigned char *bytes)
{
	if (inet_pton(AF_INET, text, bytes) == 1) {
		*family = AF_INET;
		return 1;
	}
	if (inet_pton(AF_INET6, text, bytes) == 1) {
		*family = AF_INET6;
		return 1;
	}
	return 0;
}

/* 1 when the peer's name denotes the same neighbour as text (addresses
 * compared as addresses, names as strings). */
static int
peer_matches(const struct bgp_peer *p, const char *text)
{
	unsigned char a[16], b[16];
	int fa, fb;

	if (addr_of(p->addr, &fa, a) && addr_of(text, &fb, b))
		return fa == fb && memcmp(a, b, fa == AF_INET ? 4 : 16) == 0;
	return strcmp(p->addr, text) == 0 ||
	       (p->hostname[0] != '\0' && strcmp(p->hostname, text) == 0);
}

static int
selected(const struct bgp_peer *p, const struct bgp_check_config *cfg)
{
	/* A family the answer does not name is the one asked for. */
	if (cfg->afi != BGP_AFI_UNSPEC && p->afi != BGP_AFI_UNSPEC && p->afi != cfg->afi)
		return 0;
	if (cfg->vrf != NULL && p->vrf[0] != '\0' && strcmp(p->vrf, cfg->vrf) != 0)
		return 0;
	return 1;
}

/* Judge one peer on its own; the --min-up rule is applied afterwards. */
static void
judge(const struct bgp_peer *p, const struct bgp_check_config *cfg, struct bgp_check_item *it)
{
	enum state ps = STATE_OK;

	it->state = STATE_OK;
	it->why = 0;
	if (p->state != BGP_STATE_ESTABLISHED) {
		it->state = STATE_CRITICAL;
		it->why = BGP_WHY_DOWN;
		return;
	}
	if (p->policy_blocked) {
		it->state = STATE_CRITICAL;
		it->why = BGP_WHY_NO_POLICY;
		return;
	}
	if (cfg->have_min_uptime) {
		if (!p->have_state_secs) {
			it->state = STATE_UNKNOWN;
			it->why = BGP_WHY_NO_UPTIME;
			return;
		}
		if (p->state_secs < cfg->min_uptime) {
			it->state = STATE_WARNING;
			it->why = BGP_WHY_YOUNG;
		}
	}
	if (cfg->warn == NULL && cfg->crit == NULL)
		return;
	if (!p->have_pfx_rcvd) {
		it->state = state_worst(it->state, STATE_UNKNOWN);
		it->why |= BGP_WHY_NO_PFX_RCVD;
		return;
	}
	if (cfg->crit != NULL && range_alert(cfg->crit, (double)p->pfx_rcvd))
		ps = STATE_CRITICAL;
	else if (cfg->warn != NULL && range_alert(cfg->warn, (double)p->pfx_rcvd))
		ps = STATE_WARNING;
	if (ps != STATE_OK) {
		it->state = state_worst(it->state, ps);
		it->why |= BGP_WHY_PFX_RCVD;
	}
}

int
bgp_check_evaluate(const struct bgp_summary *s, const struct bgp_check_config *cfg,
		   struct bgp_check_result *res)
{
	size_t cap, i, j;

	memset(res, 0, sizeof(*res));
	cap = cfg->nneighbours > 0 ? cfg->nneighbours : s->npeers;
	if (cap > 0) {
		res->items = calloc(cap, sizeof(*res->items));
		if (res->items == NULL)
			return -1;
	}
	if (cfg->nneighbours > 0) {
		for (j = 0; j < cfg->nneighbours; j++) {
			struct bgp_check_item *it = &res->items[res->nitems++];

			it->wanted = cfg->neighbours[j];
			for (i = 0; i < s->npeers; i++)
				if (selected(&s->peers[i], cfg) &&
				    peer_matches(&s->peers[i], cfg->neighbours[j]))
					break;
			if (i == s->npeers) {
				it->state = STATE_CRITICAL;
				it->why = BGP_WHY_MISSING;
				continue;
			}
			it->peer = &s->peers[i];
			judge(it->peer, cfg, it);
		}
	} else {
		for (i = 0; i < s->npeers; i++) {
			if (!selected(&s->peers[i], cfg))
				continue;
			res->items[res->nitems].peer = &s->peers[i];
			judge(&s->peers[i], cfg, &res->items[res->nitems]);
			res->nitems++;
		}
	}
	for (i = 0; i < res->nitems; i++) {
		const struct bgp_peer *p = res->items[i].peer;

		if (p != NULL && p->state == BGP_STATE_ESTABLISHED && !p->policy_blocked)
			res->nestablished++;
	}
	res->state = STATE_OK;
	if (res->nitems == 0) {
		res->state = STATE_CRITICAL;
		return 0;
	}
	/* --min-up: with two tunnels per VPN connection one down session
	 * is a warning while enough others carry the traffic. */
	if (cfg->have_min_up) {
		enum state down = res->nestablished >= cfg->min_up ? STATE_WARNING : STATE_CRITICAL;

		for (i = 0; i < res->nitems; i++) {
			const struct bgp_peer *p = res->items[i].peer;

			if (p == NULL || p->state != BGP_STATE_ESTABLISHED || p->policy_blocked)
				res->items[i].state = down;
		}
		if (res->nestablished < cfg->min_up)
			res->state = STATE_CRITICAL;
	}
	for (i = 0; i < res->nitems; i++)
		res->state = state_worst(res->state, res->items[i].state);
	return 0;
}

void
bgp_check_result_free(struct bgp_check_result *res)
{
	free(res->items);
	res->items = NULL;
	res->nitems = 0;
}
