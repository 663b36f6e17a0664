/* SPDX-License-Identifier: ISC */
/*
 * IMDS answers (lib/aws/imds.c) through a fake HTTP client: the input is
 * the body of one answer while the others are well formed, in four
 * conversations: the role's credential JSON, the role listing, the
 * placement/region line and the identity document (placement 404).
 */
#include "config.h"

#include <stdio.h>

#include "aws/imds.h"
#include "fuzz.h"

enum fuzz_imds_part {
	PART_CREDENTIALS,
	PART_ROLE_LIST,
	PART_REGION,
	PART_IDENTITY,
	PART_COUNT,
};

struct fake {
	const uint8_t *data;
	size_t size;
	enum fuzz_imds_part part;
};

static const char good_creds[] = "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAEXAMPLE\","
				 "\"SecretAccessKey\":\"secret\",\"Token\":\"token\","
				 "\"Expiration\":\"2030-01-01T00:00:00Z\"}";

static void
answer(struct http_response *r, long status, const void *body, size_t len)
{
	r->status = status;
	r->body = malloc(len + 1);
	if (r->body == NULL)
		abort();
	memcpy(r->body, body, len);
	r->body[len] = '\0';
	r->bodylen = len;
}

static void
answer_text(struct http_response *r, long status, const char *s)
{
	answer(r, status, s, strlen(s));
}

static int
fake_perform(void *impl, struct http_exchange *x, size_t n)
{
	struct fake *f = impl;

	for (size_t i = 0; i < n; i++) {
		const char *url = x[i].req.url, *path = strstr(url, "/latest/");
		struct http_response *r = &x[i].resp;

		memset(r, 0, sizeof(*r));
		FUZZ_CHECK(path != NULL && x[i].req.no_proxy);
		if (strcmp(path, "/latest/api/token") == 0)
			answer_text(r, 200, "AQAEAFake-Token==");
		else if (strcmp(path, "/latest/meta-data/iam/security-credentials/") == 0)
			f->part == PART_ROLE_LIST ? answer(r, 200, f->data, f->size)
						  : answer_text(r, 200, "role\n");
		else if (strncmp(path, "/latest/meta-data/iam/security-credentials/", 43) == 0)
			f->part == PART_CREDENTIALS ? answer(r, 200, f->data, f->size)
						    : answer_text(r, 200, good_creds);
		else if (strcmp(path, "/latest/meta-data/placement/region") == 0)
			f->part == PART_REGION ? answer(r, 200, f->data, f->size)
					       : answer_text(r, 404, "");
		else if (strcmp(path, "/latest/dynamic/instance-identity/document") == 0)
			answer(r, 200, f->data, f->size);
		else
			answer_text(r, 404, "");
	}
	return 0;
}

static void
fake_free(void *impl)
{
}

static const struct http_ops fake_ops = {fake_perform, fake_free};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake f = {data, size, PART_CREDENTIALS};
	struct http_client http = {&fake_ops, &f};
	struct aws_options opt;
	struct aws_files files;
	struct aws_imds im;
	char err[512], region[64];

	memset(&opt, 0, sizeof(opt));
	memset(&files, 0, sizeof(files));
	for (f.part = 0; f.part < PART_COUNT; f.part++) {
		err[0] = '\0';
		FUZZ_CHECK(aws_imds_init(&im, &opt, &files, &http, err, sizeof(err)) == 0);
		if (f.part <= PART_ROLE_LIST) {
			struct aws_credentials c;

			memset(&c, 0, sizeof(c));
			if (aws_imds_credentials(&im, &c, err, sizeof(err)) == 0)
				FUZZ_CHECK(c.access_key_id != NULL && c.secret_access_key != NULL);
			else
				FUZZ_CHECK(err[0] != '\0' && c.access_key_id == NULL);
			aws_credentials_clear(&c);
		} else {
			if (aws_imds_region(&im, region, sizeof(region), err, sizeof(err)) == 0)
				FUZZ_CHECK(region[0] != '\0');
			else
				FUZZ_CHECK(err[0] != '\0');
		}
		aws_imds_done(&im);
	}
	return 0;
}
