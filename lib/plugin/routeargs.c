/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/region.h"
#include "aws/sts.h"
#include "aws/url.h"
#include "plugin/routeargs.h"

#define RA(field) offsetof(struct route_args, field)

/* The one endpoint rule (aws/url.h): a refusal is a bad argument. */
static int
endpoint_opt(const struct plugin_option *o, void *field, const char *arg,
	     char *err, size_t errlen)
{
	(void)o;
	/* The runtime names the option: the reason alone. */
	if (aws_endpoint_check(arg, NULL, err, errlen) != 0)
		return -1;
	*(const char **)field = arg;
	return 0;
}

static int
role_arn_opt(const struct plugin_option *o, void *field, const char *arg,
	     char *err, size_t errlen)
{
	if (!sts_role_arn_valid(arg)) {
		snprintf(err, errlen,
			 "'%s': expected arn:aws:iam::ACCOUNT:role/NAME", arg);
		return -1;
	}
	*(const char **)field = arg;
	return 0;
}

/* A CA bundle is a file we can read: a directory or a device would only
 * fail later, inside TLS, with a vaguer error. */
static int
readable_opt(const struct plugin_option *o, void *field, const char *arg,
	     char *err, size_t errlen)
{
	struct stat st;

	(void)o;
	if (stat(arg, &st) != 0 || access(arg, R_OK) != 0) {
		snprintf(err, errlen, "'%s': %s", arg, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s': not a regular file", arg);
		return -1;
	}
	*(const char **)field = arg;
	return 0;
}

const struct plugin_option route_args_opts[] = {
	{ .name = "route-table", .argname = "RTB",
	  .help = "A route table (rtb-...); repeat for each table",
	  .type = PLUGIN_OPT_AWS_ID, .prefix = "rtb",
	  .flags = PLUGIN_OPT_LIST | PLUGIN_OPT_REQUIRED, .off = RA(tables),
	  .count_off = RA(ntables), .max_items = ROUTEARGS_MAX_TABLES },
	{ .name = "destination", .argname = "CIDR",
	  .help = "A destination in those tables (IPv4 or IPv6 CIDR); "
		  "repeat. Every (table, destination) pair is handled.",
	  .type = PLUGIN_OPT_CIDR, .flags = PLUGIN_OPT_LIST | PLUGIN_OPT_REQUIRED,
	  .off = RA(dests), .count_off = RA(ndests),
	  .max_items = ROUTEARGS_MAX_DESTS },
	{ .name = "primary", .argname = "ID",
	  .help = "The active router: i-... or eni-... (eni- when it has "
		  "several network interfaces)",
	  .type = PLUGIN_OPT_AWS_ID, .prefix = "i|eni",
	  .flags = PLUGIN_OPT_REQUIRED, .off = RA(primary) },
	{ .name = "secondary", .argname = "ID",
	  .help = "The standby router: i-... or eni-...",
	  .type = PLUGIN_OPT_AWS_ID, .prefix = "i|eni", .off = RA(secondary) },
	{ .name = "region", .argname = "REGION",
	  .help = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the "
		  "profile's region, then the instance metadata)",
	  .type = PLUGIN_OPT_STRING, .off = RA(aws.region) },
	{ .name = "profile", .argname = "NAME",
	  .help = "Profile in the AWS credentials/config files (default: "
		  "AWS_PROFILE, then \"default\")",
	  .type = PLUGIN_OPT_STRING, .off = RA(aws.profile) },
	{ .name = "role-arn", .argname = "ARN",
	  .help = "Assume this role with the credentials found (route tables "
		  "in another account); its credentials are cached in the "
		  "state directory",
	  .type = PLUGIN_OPT_CUSTOM, .parse = role_arn_opt,
	  .off = RA(aws.role_arn) },
	{ .name = "external-id", .argname = "ID",
	  .help = "The external id the role's trust policy asks for (with "
		  "--role-arn)",
	  .type = PLUGIN_OPT_STRING, .off = RA(aws.external_id) },
	{ .name = "endpoint-url", .argname = "URL",
	  .help = "EC2 endpoint (default: AWS_ENDPOINT_URL_EC2, "
		  "AWS_ENDPOINT_URL, then https://ec2.REGION.amazonaws.com); "
		  "https://, or http:// to a loopback address only",
	  .type = PLUGIN_OPT_CUSTOM, .parse = endpoint_opt,
	  .off = RA(aws.endpoint_url) },
	{ .name = "ca-file", .argname = "FILE",
	  .help = "Also trust this CA bundle (TLS verification is always on)",
	  .type = PLUGIN_OPT_CUSTOM, .parse = readable_opt, .off = RA(ca_file) },
	{ .name = NULL },
};

int
route_args_check(const struct route_args *a, int need_secondary, char *err,
		 size_t errlen)
{
	/* A STRING row checked here: its error names the value as the typed
	 * rows do ("invalid --region 'x'"). */
	if (a->aws.region != NULL && !aws_region_valid(a->aws.region))
		snprintf(err, errlen, "invalid --region '%s'", a->aws.region);
	else if (a->aws.external_id != NULL && a->aws.role_arn == NULL)
		snprintf(err, errlen, "--external-id needs --role-arn");
	else if (a->aws.external_id != NULL &&
		 (strlen(a->aws.external_id) < 2 ||
		  strlen(a->aws.external_id) > 1224))
		snprintf(err, errlen, "--external-id: 2 to 1224 characters");
	else if (need_secondary && a->secondary == NULL)
		snprintf(err, errlen, "missing --secondary ID (see --help)");
	else if (a->secondary != NULL && strcmp(a->primary, a->secondary) == 0)
		snprintf(err, errlen,
			 "--primary and --secondary are the same (%s)",
			 a->primary);
	else
		return 0;
	return -1;
}
