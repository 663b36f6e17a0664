/* SPDX-License-Identifier: ISC */
/*
 * AWS Signature Version 4 (header form), after AWS's "Create a signed AWS
 * API request" and the aws-c-auth test suite: canonical request -> string
 * to sign -> signing key -> signature -> Authorization header.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "aws/sigv4.h"
#include "core/buf.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"

static int
sigv4_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
sigv4_encode_into(struct buf *b, const char *s, size_t len,
		  int encode_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char pct[3];
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (sigv4_unreserved(c) || (c == '/' && !encode_slash)) {
			if (buf_putc(b, (char)c) != 0)
				return -1;
			continue;
		}
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		if (buf_put(b, pct, 3) != 0)
			return -1;
	}
	return 0;
}

char *
sigv4_uri_encode(const char *s, size_t len, int encode_slash)
{
	struct buf b = BUF_INIT;

	if (sigv4_encode_into(&b, s, len, encode_slash) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

void
sigv4_sha256_hex(const void *data, size_t len, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1)
		mdlen = 0;
	for (i = 0; i < mdlen && i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * i] = '\0';
}

static void
sigv4_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
sigv4_hmac(const unsigned char *key, size_t keylen, const char *msg,
	   size_t msglen, unsigned char out[32])
{
	unsigned int outlen = 0;

	if (keylen > INT32_MAX)
		return -1;
	if (HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg,
		 msglen, out, &outlen) == NULL || outlen != 32)
		return -1;
	return 0;
}

int
sigv4_signing_key(const char *secret, const char *date, const char *region,
		  const char *service, unsigned char key[32])
{
	unsigned char k1[32], k2[32];
	struct buf ks;
	int rc = -1;

	buf_init_secret(&ks, 0);

	if (buf_puts(&ks, "AWS4") != 0 || buf_puts(&ks, secret) != 0)
		goto out;
	if (sigv4_hmac((const unsigned char *)buf_str(&ks), ks.len, date, strlen(date), k1) != 0 ||
	    sigv4_hmac(k1, 32, region, strlen(region), k2) != 0 ||
	    sigv4_hmac(k2, 32, service, strlen(service), k1) != 0 ||
	    sigv4_hmac(k1, 32, "aws4_request", 12, key) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&ks);
	OPENSSL_cleanse(k1, sizeof(k1));
	OPENSSL_cleanse(k2, sizeof(k2));
	if (rc != 0)
		OPENSSL_cleanse(key, 32);
	return rc;
}

/*
 * Canonical URI.  The path is taken as sent; encoding it once more is what
 * AWS means by "double-encode" for every service but S3.  With normalize,
 * "." and ".." segments are resolved and empty segments dropped, keeping a
 * trailing slash (RFC 3986 5.2.4 plus AWS's slash collapsing).
 */
static int
sigv4_canonical_uri(struct buf *b, const char *path, int normalize)
{
	const char *p, *seg, **segs = NULL;
	size_t *lens = NULL, nseg = 0, i, slen, cap;
	int trailing, rc = -1;

	if (path == NULL || *path == '\0')
		path = "/";
	if (!normalize)
		return sigv4_encode_into(b, path, strlen(path), 0);

	cap = strlen(path) / 2 + 2;
	segs = calloc(cap, sizeof(*segs));
	lens = calloc(cap, sizeof(*lens));
	if (segs == NULL || lens == NULL)
		goto out;
	trailing = 0;
	for (p = path; *p != '\0';) {
		while (*p == '/')
			p++;
		seg = p;
		while (*p != '\0' && *p != '/')
			p++;
		slen = (size_t)(p - seg);
		if (slen == 0)
			break; /* only slashes left */
		/* A path ending in a segment that is "." or ".." names a
		 * directory, so the result keeps its slash. */
		trailing = (*p == '/') || (slen == 1 && seg[0] == '.') ||
			   (slen == 2 && seg[0] == '.' && seg[1] == '.');
		if (slen == 1 && seg[0] == '.')
			continue;
		if (slen == 2 && seg[0] == '.' && seg[1] == '.') {
			if (nseg > 0)
				nseg--;
			continue;
		}
		segs[nseg] = seg;
		lens[nseg] = slen;
		nseg++;
	}
	if (path[strlen(path) - 1] == '/')
		trailing = 1;
	if (buf_putc(b, '/') != 0)
		goto out;
	for (i = 0; i < nseg; i++) {
		if (i > 0 && buf_putc(b, '/') != 0)
			goto out;
		if (sigv4_encode_into(b, segs[i], lens[i], 0) != 0)
			goto out;
	}
	if (nseg > 0 && trailing && buf_putc(b, '/') != 0)
		goto out;
	rc = 0;
out:
	free(segs);
	free(lens);
	return rc;
}

static int
sigv4_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode then encode, so that a query given raw ("ሴ") or already
 * encoded ("%E1%88%B4") canonicalises the same way.  A '%' not followed by
 * two hex digits stays a literal '%'.
 */
static char *
sigv4_reencode(const char *s, size_t len)
{
	struct buf raw = BUF_INIT;
	char *enc;
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%' && i + 2 < len) {
			hi = sigv4_hexval(s[i + 1]);
			lo = sigv4_hexval(s[i + 2]);
			if (hi >= 0 && lo >= 0) {
				c = (char)(hi << 4 | lo);
				i += 2;
			}
		}
		if (buf_putc(&raw, c) != 0) {
			buf_free(&raw);
			return NULL;
		}
	}
	enc = sigv4_uri_encode(buf_str(&raw), raw.len, 1);
	buf_free(&raw);
	return enc;
}

struct sigv4_param {
	char *key, *value; /* encoded */
};

static int
sigv4_param_cmp(const void *a, const void *b)
{
	const struct sigv4_param *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* Sorted by encoded name then value, "=" always present. */
static int
sigv4_canonical_query(struct buf *b, const char *query)
{
	struct sigv4_param *params = NULL;
	const char *p, *amp, *eq;
	size_t n = 0, cap = 1, i;
	int rc = -1;

	if (query == NULL || *query == '\0')
		return 0;
	for (p = query; *p != '\0'; p++)
		if (*p == '&')
			cap++;
	if ((params = calloc(cap, sizeof(*params))) == NULL)
		return -1;
	for (p = query; *p != '\0'; p = *amp ? amp + 1 : amp) {
		amp = strchr(p, '&');
		if (amp == NULL)
			amp = p + strlen(p);
		if (amp == p)
			continue; /* "a=1&&b=2" */
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL)
			eq = amp;
		params[n].key = sigv4_reencode(p, (size_t)(eq - p));
		params[n].value = eq < amp ? sigv4_reencode(eq + 1, (size_t)(amp - eq - 1))
					   : sigv4_reencode("", 0);
		n++;
		if (params[n - 1].key == NULL || params[n - 1].value == NULL)
			goto out;
	}
	qsort(params, n, sizeof(*params), sigv4_param_cmp);
	for (i = 0; i < n; i++) {
		if ((i > 0 && buf_putc(b, '&') != 0) ||
		    buf_puts(b, params[i].key) != 0 || buf_putc(b, '=') != 0 ||
		    buf_puts(b, params[i].value) != 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(params[i].key);
		free(params[i].value);
	}
	free(params);
	return rc;
}

struct sigv4_hdr {
	char *name;  /* lower case */
	char *value; /* trimmed, inner whitespace folded */
	size_t order;
};

static int
sigv4_hdr_cmp(const void *a, const void *b)
{
	const struct sigv4_hdr *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	/* Repeated headers keep the order they were given in. */
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
sigv4_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* RFC 7230 token characters only; rejects what no server would accept. */
static int
sigv4_valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!isalnum(c) && strchr("!#$%&'*+-.^_`|~", c) == NULL)
			return 0;
	}
	return 1;
}

/* Trim, and fold every run of blanks (also obs-fold line breaks) to one
 * space, as AWS's "Trimall". */
static char *
sigv4_trimall(const char *v)
{
	struct buf b;
	int pending = 0;

	/* The value may be the session token. */
	buf_init_secret(&b, 0);

	for (; *v != '\0'; v++) {
		if (sigv4_space(*v)) {
			pending = b.len > 0;
			continue;
		}
		if ((pending && buf_putc(&b, ' ') != 0) ||
		    buf_putc(&b, *v) != 0) {
			buf_free(&b);
			return NULL;
		}
		pending = 0;
	}
	return buf_steal(&b, NULL);
}

static char *
sigv4_lower(const char *s)
{
	char *d = strdup(s), *p;

	if (d != NULL)
		for (p = d; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

static void
sigv4_hdrs_free(struct sigv4_hdr *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].name);
		if (h[i].value != NULL)
			OPENSSL_cleanse(h[i].value, strlen(h[i].value));
		free(h[i].value);
	}
	free(h);
}

static int
sigv4_hdr_push(struct sigv4_hdr *h, size_t *n, const char *name,
	       const char *value)
{
	h[*n].name = sigv4_lower(name);
	h[*n].value = sigv4_trimall(value);
	h[*n].order = *n;
	(*n)++;
	return h[*n - 1].name != NULL && h[*n - 1].value != NULL ? 0 : -1;
}

static int
sigv4_has_header(const struct sigv4_hdr *h, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(h[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * Canonical headers (one "name:v1,v2\n" per distinct name, sorted) into
 * canon and the ';'-joined names into signed_hdrs.
 */
static int
sigv4_canonical_headers(const struct sigv4_input *in,
			const struct aws_credentials *cred, const char *amz_date,
			struct buf *canon, struct buf *signed_hdrs,
			char *err, size_t errlen)
{
	struct sigv4_hdr *h;
	size_t n = 0, i;
	int rc = -1;

	if ((h = calloc(in->nheaders + 2, sizeof(*h))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < in->nheaders; i++) {
		const struct http_header *x = &in->headers[i];

		if (x->name == NULL || x->value == NULL || !sigv4_valid_name(x->name)) {
			snprintf(err, errlen, "invalid header name '%.40s' to sign",
				 x->name ? x->name : "(null)");
			goto out;
		}
		if (sigv4_hdr_push(h, &n, x->name, x->value) != 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (strcmp(h[n - 1].name, "x-amz-date") == 0 &&
		    strcmp(h[n - 1].value, amz_date) != 0) {
			snprintf(err, errlen,
				 "X-Amz-Date header '%.20s' differs from the signing time %s",
				 h[n - 1].value, amz_date);
			goto out;
		}
	}
	if (!sigv4_has_header(h, n, "host")) {
		snprintf(err, errlen, "no Host header to sign");
		goto out;
	}
	if ((!sigv4_has_header(h, n, "x-amz-date") &&
	     sigv4_hdr_push(h, &n, "x-amz-date", amz_date) != 0) ||
	    (cred->session_token != NULL && *cred->session_token != '\0' &&
	     !sigv4_has_header(h, n, "x-amz-security-token") &&
	     sigv4_hdr_push(h, &n, "x-amz-security-token", cred->session_token) != 0)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	qsort(h, n, sizeof(*h), sigv4_hdr_cmp);
	for (i = 0; i < n; i++) {
		int same = i > 0 && strcmp(h[i].name, h[i - 1].name) == 0;
		int r;

		if (same)
			r = buf_putc(canon, ',');
		else
			r = (i > 0 && buf_putc(canon, '\n')) ||
			    buf_puts(canon, h[i].name) || buf_putc(canon, ':') ||
			    (signed_hdrs->len > 0 && buf_putc(signed_hdrs, ';')) ||
			    buf_puts(signed_hdrs, h[i].name);
		if (r != 0 || buf_puts(canon, h[i].value) != 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	if (buf_putc(canon, '\n') != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	sigv4_hdrs_free(h, n);
	return rc;
}

static int
sigv4_check_input(const struct sigv4_input *in, const struct aws_credentials *cred,
		  char *err, size_t errlen)
{
	if (in == NULL || cred == NULL) {
		snprintf(err, errlen, "nothing to sign");
		return -1;
	}
	if (in->method == NULL || *in->method == '\0' || !sigv4_valid_name(in->method)) {
		snprintf(err, errlen, "invalid HTTP method to sign");
		return -1;
	}
	if (in->region == NULL || *in->region == '\0' || strchr(in->region, '/') != NULL) {
		snprintf(err, errlen, "no valid region to sign for");
		return -1;
	}
	if (in->service == NULL || *in->service == '\0' || strchr(in->service, '/') != NULL) {
		snprintf(err, errlen, "no valid service to sign for");
		return -1;
	}
	if (cred->access_key_id == NULL || *cred->access_key_id == '\0' ||
	    cred->secret_access_key == NULL || *cred->secret_access_key == '\0') {
		snprintf(err, errlen, "credentials lack an access key id or secret key");
		return -1;
	}
	if (strchr(cred->access_key_id, '/') != NULL ||
	    strchr(cred->access_key_id, ',') != NULL ||
	    strchr(cred->access_key_id, ' ') != NULL) {
		snprintf(err, errlen, "access key id contains '/', ',' or a space");
		return -1;
	}
	if ((in->nheaders > 0 && in->headers == NULL) ||
	    (in->bodylen > 0 && in->body == NULL)) {
		snprintf(err, errlen, "headers or body missing for their length");
		return -1;
	}
	return 0;
}

int
sigv4_sign(const struct sigv4_input *in, const struct aws_credentials *cred,
	   struct sigv4_output *out, char *err, size_t errlen)
{
	struct buf creq, canon, shdr = BUF_INIT, sts = BUF_INIT;
	char date[9], scope[256], payload_hash[65], creq_hash[65], sig_hex[65];
	unsigned char key[32], sig[32];
	struct tm tm;
	int n, rc = -1;

	/* The canonical headers and request can carry the session token. */
	buf_init_secret(&creq, 0);
	buf_init_secret(&canon, 0);
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (out == NULL || sigv4_check_input(in, cred, err, errlen) != 0)
		return -1;
	if (gmtime_r(&in->now, &tm) == NULL ||
	    strftime(out->amz_date, sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm) != 16) {
		snprintf(err, errlen, "signing time out of range");
		return -1;
	}
	memcpy(date, out->amz_date, 8);
	date[8] = '\0';
	n = snprintf(scope, sizeof(scope), "%s/%s/%s/aws4_request", date, in->region,
		     in->service);
	if (n < 0 || (size_t)n >= sizeof(scope)) {
		snprintf(err, errlen, "region or service name too long");
		return -1;
	}

	if (sigv4_canonical_headers(in, cred, out->amz_date, &canon, &shdr, err, errlen) != 0)
		goto out;
	sigv4_sha256_hex(in->bodylen ? in->body : "", in->bodylen, payload_hash);
	if (buf_puts(&creq, in->method) || buf_putc(&creq, '\n') ||
	    sigv4_canonical_uri(&creq, in->path, in->normalize_path) ||
	    buf_putc(&creq, '\n') || sigv4_canonical_query(&creq, in->query) ||
	    buf_putc(&creq, '\n') || buf_put(&creq, buf_str(&canon), canon.len) ||
	    buf_putc(&creq, '\n') || buf_put(&creq, buf_str(&shdr), shdr.len) ||
	    buf_putc(&creq, '\n') || buf_puts(&creq, payload_hash)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sigv4_sha256_hex(buf_str(&creq), creq.len, creq_hash);
	if (buf_puts(&sts, SIGV4_ALGORITHM "\n") || buf_puts(&sts, out->amz_date) ||
	    buf_putc(&sts, '\n') || buf_puts(&sts, scope) ||
	    buf_putc(&sts, '\n') || buf_puts(&sts, creq_hash)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (sigv4_signing_key(cred->secret_access_key, date, in->region, in->service,
			      key) != 0 ||
	    sigv4_hmac(key, sizeof(key), buf_str(&sts), sts.len, sig) != 0) {
		snprintf(err, errlen, "HMAC-SHA256 failed (libcrypto)");
		goto out;
	}
	sigv4_hex(sig, sizeof(sig), sig_hex);
	n = snprintf(out->authorization, sizeof(out->authorization),
		     SIGV4_ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		     cred->access_key_id, scope, buf_str(&shdr), sig_hex);
	if (n < 0 || (size_t)n >= sizeof(out->authorization)) {
		snprintf(err, errlen, "Authorization header would exceed %zu bytes",
			 sizeof(out->authorization) - 1);
		goto out;
	}
	out->canonical_request = buf_steal(&creq, NULL);
	out->string_to_sign = buf_steal(&sts, NULL);
	if (out->canonical_request == NULL || out->string_to_sign == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(sig, sizeof(sig));
	buf_free(&creq);
	buf_free(&canon);
	buf_free(&shdr);
	buf_free(&sts);
	if (rc != 0)
		sigv4_output_free(out);
	return rc;
}

void
sigv4_output_free(struct sigv4_output *out)
{
	if (out == NULL)
		return;
	if (out->canonical_request != NULL)
		OPENSSL_cleanse(out->canonical_request, strlen(out->canonical_request));
	free(out->canonical_request);
	free(out->string_to_sign);
	memset(out, 0, sizeof(*out));
}
