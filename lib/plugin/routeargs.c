#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "aws/ids.h"
#include "aws/region.h"
#include "plugin/routeargs.h"

enum {
	RA_ROUTE_TABLE = 300,
	RA_DESTINATION,
	RA_PRIMARY,
	RA_SECONDARY,
	RA_REGION,
	RA_PROFILE,
	RA_ENDPOINT_URL,
	RA_CA_FILE,
};

const struct plugin_opt route_args_opts[] = {
	{ "route-table", required_argument, RA_ROUTE_TABLE, "RTB",
	  "A route table (rtb-...); repeat for each table" },
	{ "destination", required_argument, RA_DESTINATION, "CIDR",
	  "A destination in those tables (IPv4 or IPv6 CIDR); repeat.\n"
	  "Every (table, destination) pair is handled." },
	{ "primary", required_argument, RA_PRIMARY, "ID",
	  "The active router: i-... or eni-... (eni- when it has several\n"
	  "network interfaces)" },
	{ "secondary", required_argument, RA_SECONDARY, "ID",
	  "The standby router: i-... or eni-..." },
	{ "region", required_argument, RA_REGION, "REGION",
	  "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the\n"
	  "profile's region, then the instance metadata)" },
	{ "profile", required_argument, RA_PROFILE, "NAME",
	  "Profile in the AWS credentials/config files (default:\n"
	  "AWS_PROFILE, then \"default\")" },
	{ "endpoint-url", required_argument, RA_ENDPOINT_URL, "URL",
	  "EC2 endpoint (default: AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL,\n"
	  "then https://ec2.REGION.amazonaws.com)" },
	{ "ca-file", required_argument, RA_CA_FILE, "FILE",
	  "Also trust this CA bundle (TLS verification is always on)" },
	{ NULL, 0, 0, NULL, NULL },
};

static int
add_table(struct route_args *a, const char *arg, char *err, size_t errlen)
{
	if (!aws_id_valid(arg, "rtb")) {
		snprintf(err, errlen,
			 "invalid --route-table '%s': expected rtb- and 8 or "
			 "17 hex digits", arg);
		return -1;
	}
	for (size_t i = 0; i < a->ntables; i++)
		if (strcmp(a->tables[i], arg) == 0)
			return 0;
	if (a->ntables == ROUTEARGS_MAX_TABLES) {
		snprintf(err, errlen, "too many --route-table (max %d)",
			 ROUTEARGS_MAX_TABLES);
		return -1;
	}
	a->tables[a->ntables++] = arg;
	return 0;
}

static int
add_dest(struct route_args *a, const char *arg, char *err, size_t errlen)
{
	char why[256];

	if (a->ndests == ROUTEARGS_MAX_DESTS) {
		snprintf(err, errlen, "too many --destination (max %d)",
			 ROUTEARGS_MAX_DESTS);
		return -1;
	}
	if (cidr_parse(arg, &a->dests[a->ndests], why, sizeof(why)) != 0) {
		snprintf(err, errlen, "invalid --destination: %s", why);
		return -1;
	}
	for (size_t i = 0; i < a->ndests; i++)
		if (cidr_equal(&a->dests[i], &a->dests[a->ndests]))
			return 0;
	a->ndests++;
	return 0;
}

int
route_args_option(struct route_args *a, int val, const char *arg, char *err,
		  size_t errlen)
{
	switch (val) {
	case RA_ROUTE_TABLE:
		return add_table(a, arg, err, errlen);
	case RA_DESTINATION:
		return add_dest(a, arg, err, errlen);
	case RA_PRIMARY:
	case RA_SECONDARY:
		if (!aws_target_valid(arg)) {
			snprintf(err, errlen,
				 "invalid --%s '%s': expected i- or eni- and 8 "
				 "or 17 hex digits",
				 val == RA_PRIMARY ? "primary" : "secondary",
				 arg);
			return -1;
		}
		*(val == RA_PRIMARY ? &a->primary : &a->secondary) = arg;
		return 0;
	case RA_REGION:
		if (!aws_region_valid(arg)) {
			snprintf(err, errlen, "invalid --region '%s'", arg);
			return -1;
		}
		a->aws.region = arg;
		return 0;
	case RA_PROFILE:
		if (*arg == '\0') {
			snprintf(err, errlen, "invalid --profile: empty");
			return -1;
		}
		a->aws.profile = arg;
		return 0;
	case RA_ENDPOINT_URL:
		if (strncmp(arg, "https://", 8) != 0 &&
		    strncmp(arg, "http://", 7) != 0) {
			snprintf(err, errlen,
				 "invalid --endpoint-url '%s': expected "
				 "https://HOST[:PORT]", arg);
			return -1;
		}
		a->aws.endpoint_url = arg;
		return 0;
	case RA_CA_FILE:
		if (access(arg, R_OK) != 0) {
			snprintf(err, errlen, "invalid --ca-file '%s': %s", arg,
				 strerror(errno));
			return -1;
		}
		a->ca_file = arg;
		return 0;
	}
	return 1;
}

int
route_args_check(const struct route_args *a, int need_secondary, char *err,
		 size_t errlen)
{
	if (a->ntables == 0)
		snprintf(err, errlen, "missing --route-table");
	else if (a->ndests == 0)
		snprintf(err, errlen, "missing --destination");
	else if (a->primary == NULL)
		snprintf(err, errlen, "missing --primary");
	else if (need_secondary && a->secondary == NULL)
		snprintf(err, errlen, "missing --secondary");
	else if (a->secondary != NULL && strcmp(a->primary, a->secondary) == 0)
		snprintf(err, errlen,
			 "--primary and --secondary are the same (%s)",
			 a->primary);
	else
		return 0;
	return -1;
}
