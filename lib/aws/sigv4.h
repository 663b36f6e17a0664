/* SPDX-License-Identifier: ISC */
/*
 * AWS Signature Version 4, as a chain of small steps (canonical request,
 * string to sign, signature) with the clock and the credentials passed in,
 * so that AWS's named test vectors can check each step byte for byte.
 */
#ifndef VHA_SIGV4_H
#define VHA_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "aws/aws_creds.h"
#include "io/http.h"

struct sigv4_input {
	const char *method;  /* "POST" */
	const char *path;    /* request path as sent, e.g. "/"; encoded once
			      * more for the canonical URI (AWS's "double
			      * encoding" for every service but S3) */
	const char *query;   /* query string without '?', "" or NULL; raw or
			      * percent-encoded: each name and value is
			      * decoded, re-encoded and sorted */
	const struct http_header *headers; /* headers to sign; must include
					    * host; x-amz-date and
					    * x-amz-security-token are added
					    * when absent; values are trimmed,
					    * blank runs folded, repeated names
					    * joined with ','; an X-Amz-Date
					    * other than now is an error */
	size_t nheaders;
	const void *body;
	size_t bodylen;
	const char *region;  /* "ap-southeast-1" */
	const char *service; /* "ec2" */
	time_t now;          /* signing time (UTC) */
	int normalize_path;  /* 1 for every service but S3: resolve "."
			      * and "..", collapse "//" */
};

struct sigv4_output {
	char amz_date[17];          /* "20150830T123600Z" */
	char authorization[1024];   /* value of the Authorization header */
	char *canonical_request;    /* heap, for tests and -vvv */
	char *string_to_sign;       /* heap */
};

/*
 * Sign.  Returns 0 and fills *out (free with sigv4_output_free), or -1 with
 * a reason in err.  Never logs or returns the secret key or derived keys;
 * intermediate key material is wiped before returning.
 */
int sigv4_sign(const struct sigv4_input *in, const struct aws_credentials *cred,
	       struct sigv4_output *out, char *err, size_t errlen);
void sigv4_output_free(struct sigv4_output *out);

/*
 * The SigV4 signing key HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region),
 * service), "aws4_request") into key[32]; date is "YYYYMMDD".  Returns 0 or
 * -1 (key wiped).  The caller wipes key after use.
 */
int sigv4_signing_key(const char *secret, const char *date, const char *region,
		      const char *service, unsigned char key[32]);

/* Lower-case hex SHA-256 of data into hex[65]. */
void sigv4_sha256_hex(const void *data, size_t len, char hex[65]);

/*
 * RFC 3986 percent-encoding as SigV4 wants it (unreserved characters kept,
 * everything else %XX upper case).  Appends to a heap buffer: returns a new
 * string or NULL on allocation failure.
 */
char *sigv4_uri_encode(const char *s, size_t len, int encode_slash);

#endif
