/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "aws/region.h"
#include "ec2/ec2_session.h"

int
ec2_session_open(const struct ec2_session_options *o, struct ec2_session *s,
		 char *err, size_t errlen)
{
	struct http_options ho;
	struct aws_options aws;
	struct ec2_config cfg;
	char why[1024];

	memset(s, 0, sizeof(*s));
	memset(&ho, 0, sizeof(ho));
	ho.ca_file = o->ca_file;
	ho.timeout_ms = o->request_timeout_ms;
	if ((s->http = http_curl_new(&ho, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "HTTP client: %s", why);
		return -1;
	}
	aws = o->aws;
	/* STS and credential_process end by the session's deadline too. */
	if (aws.deadline_ms <= 0)
		aws.deadline_ms = o->deadline_ms;
	if (aws.request_timeout_ms <= 0)
		aws.request_timeout_ms = o->request_timeout_ms;
	if (aws_credentials_load(&aws, s->http, &s->cred, why,
				 sizeof(why)) != 0) {
		snprintf(err, errlen, "no AWS credentials: %s", why);
		return EC2_SESSION_ERR_CONFIG;
	}
	if (aws_region_resolve(&o->aws, s->http, s->region, sizeof(s->region),
			       why, sizeof(why)) != 0) {
		snprintf(err, errlen, "no AWS region: %s", why);
		return EC2_SESSION_ERR_CONFIG;
	}
	if (aws_endpoint_resolve(&o->aws, s->region, s->endpoint,
				 sizeof(s->endpoint), why, sizeof(why)) != 0) {
		snprintf(err, errlen, "EC2 endpoint: %s", why);
		return EC2_SESSION_ERR_CONFIG;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.endpoint_url = s->endpoint;
	cfg.region = s->region;
	cfg.cred = &s->cred;
	cfg.http = s->http;
	/* The HTTP client's own limit stays as a backstop; the EC2 client
	 * gives each try the same limit, cut to the time left. */
	cfg.retry.request_ms = o->request_timeout_ms;
	cfg.retry.deadline_ms = o->deadline_ms;
	if ((s->ec2 = ec2_new(&cfg, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "EC2 client: %s", why);
		return -1;
	}
	return 0;
}

void
ec2_session_close(struct ec2_session *s)
{
	if (s->ec2 != NULL)
		ec2_free(s->ec2);
	aws_credentials_clear(&s->cred);
	if (s->http != NULL)
		http_client_free(s->http);
	memset(s, 0, sizeof(*s));
}
