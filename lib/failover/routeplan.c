#include "config.h"

#include <stdio.h>
#include <string.h>

#include "failover/routeplan.h"

int
routeplan_targets(const struct ec2_route *r, const char *id)
{
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
	}
	else
		snprintf(buf, len, "no target");
}

void
routeplan_classify(const struct ec2_route_tables *t, const char *primary,
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
		p->where = ROUTE_NO_TABLE;
		return;
	}
	for (i = 0; i < tab->nroutes; i++)
		if (route_matches(&tab->routes[i], p->dest))
			r = &tab->routes[i];
	if (r == NULL) {
		p->where = ROUTE_MISSING;
		return;
	}
	describe_target(r, p->target, sizeof(p->target));
	p->blackhole = strcmp(r->state, "blackhole") == 0;
	if (routeplan_targets(r, primary))
		p->where = ROUTE_PRIMARY;
	else if (routeplan_targets(r, secondary))
		p->where = ROUTE_SECONDARY;
	else
		p->where = ROUTE_FOREIGN;
}

const char *
routeplan_where_name(enum route_where w)
{
	switch (w) {
	case ROUTE_PRIMARY:
		return "primary";
	case ROUTE_SECONDARY:
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
