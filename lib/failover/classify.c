/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "failover/classify.h"

int
route_targets(const struct ec2_route *r, const char *id)
{
	if (id == NULL || *id == '\0')
		return 0; /* "" would match every route without an instance */
	if (strncmp(id, "eni-", 4) == 0)
		return strcmp(r->eni_id, id) == 0;
	return strcmp(r->instance_id, id) == 0;
}

/* The route's destination as a CIDR; prefix-list routes never match. */
static int
route_matches(const struct ec2_route *r, const struct cidr *dest)
{
	struct cidr c;
	char err[8];

	if (cidr_parse(r->destination, &c, err, sizeof(err)) != 0)
		return 0;
	return cidr_equal(&c, dest);
}

static void
describe_target(const struct ec2_route *r, char *buf, size_t len)
{
	if (r->eni_id[0] != '\0' && r->instance_id[0] != '\0')
		snprintf(buf, len, "%s (%s)", r->eni_id, r->instance_id);
	else if (r->eni_id[0] != '\0')
		snprintf(buf, len, "%s", r->eni_id);
	else if (r->instance_id[0] != '\0')
		snprintf(buf, len, "%s", r->instance_id);
	else if (r->other_target[0] != '\0') {
		/* "transitGatewayId=tgw-..": the id says what it is */
		const char *eq = strchr(r->other_target, '=');

		snprintf(buf, len, "%s", eq ? eq + 1 : r->other_target);
	} else
		snprintf(buf, len, "no target");
}

void
route_classify(const struct ec2_route_tables *t, const char *primary,
	       const char *secondary, struct route_pair *p)
{
	const struct ec2_route_table *tab = NULL;
	const struct ec2_route *r = NULL;
	size_t i;

	p->blackhole = 0;
	p->target[0] = '\0';
	for (i = 0; t != NULL && i < t->ntables; i++)
		if (strcmp(t->tables[i].id, p->table) == 0)
			tab = &t->tables[i];
	if (tab == NULL) {
		p->class = ROUTE_NO_TABLE;
		return;
	}
	for (i = 0; i < tab->nroutes; i++)
		if (route_matches(&tab->routes[i], p->dest))
			r = &tab->routes[i];
	if (r == NULL) {
		p->class = ROUTE_MISSING;
		return;
	}
	describe_target(r, p->target, sizeof(p->target));
	p->blackhole = strcmp(r->state, "blackhole") == 0;
	if (route_targets(r, primary))
		p->class = ROUTE_ON_PRIMARY;
	else if (route_targets(r, secondary))
		p->class = ROUTE_ON_SECONDARY;
	else
		p->class = ROUTE_FOREIGN;
}

const char *
route_class_name(enum route_class c)
{
	switch (c) {
	case ROUTE_ON_PRIMARY:
		return "primary";
	case ROUTE_ON_SECONDARY:
		return "secondary";
	case ROUTE_FOREIGN:
		return "foreign";
	case ROUTE_MISSING:
		return "missing";
	case ROUTE_NO_TABLE:
		return "no-table";
	}
	return "?";
}

enum route_class
route_class_of(enum failover_role r)
{
	return r == ROLE_SECONDARY ? ROUTE_ON_SECONDARY : ROUTE_ON_PRIMARY;
}

enum route_plan
route_plan(const struct route_pair *p, enum failover_role to)
{
	switch (p->class) {
	case ROUTE_ON_PRIMARY:
	case ROUTE_ON_SECONDARY:
		return p->class == route_class_of(to) ? PLAN_KEEP : PLAN_REPLACE;
	case ROUTE_FOREIGN:
		/* A dead target is nobody's: ours now. */
		return p->blackhole ? PLAN_REPLACE : PLAN_FOREIGN;
	case ROUTE_MISSING:
		return PLAN_MISSING;
	case ROUTE_NO_TABLE:
		break;
	}
	return PLAN_NO_TABLE;
}

int
route_pair_bad(const struct route_pair *p)
{
	return p->class == ROUTE_NO_TABLE || p->class == ROUTE_MISSING ||
	       p->class == ROUTE_FOREIGN || p->blackhole;
}

int
route_survey(const struct ec2_route_tables *t, const char *const *tables,
	     size_t ntables, const struct cidr *dests, size_t ndests,
	     const char *primary, const char *secondary,
	     struct route_survey *s)
{
	memset(s, 0, sizeof(*s));
	if (ntables * ndests > 0 &&
	    (s->pairs = calloc(ntables * ndests, sizeof(*s->pairs))) == NULL)
		return -1;
	for (size_t i = 0; i < ntables; i++)
		for (size_t j = 0; j < ndests; j++) {
			struct route_pair *p = &s->pairs[s->total++];

			p->table = tables[i];
			p->dest = &dests[j];
			route_classify(t, primary, secondary, p);
			if (route_pair_bad(p))
				s->bad++;
			else if (p->class == ROUTE_ON_SECONDARY)
				s->on_secondary++;
			else
				s->on_primary++;
		}
	if (s->bad > 0)
		s->state = STATE_CRITICAL;
	else if (s->on_secondary > 0)
		s->state = STATE_WARNING;
	else
		s->state = STATE_OK;
	return 0;
}

void
route_survey_free(struct route_survey *s)
{
	free(s->pairs);
	s->pairs = NULL;
	s->total = 0;
}
