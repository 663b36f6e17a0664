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

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"

/* A growing string; every append reports allocation failure. */
struct sigv4_buf {
	char *p;
	size_t len, cap;
};

static int
sigv4_buf_add(struct sigv4_buf *b, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 256;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL)
			return -1;
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int
sigv4_buf_str(struct sigv4_buf *b, const char *s)
{
	return sigv4_buf_add(b, s, strlen(s));
}

static int
sigv4_buf_chr(struct sigv4_buf *b, char c)
{
	return sigv4_buf_add(b, &c, 1);
}

/* Hands the string over; an empty buffer still yields "". */
static char *
sigv4_buf_take(struct sigv4_buf *b)
{
	char *p;

	if (b->p == NULL && sigv4_buf_add(b, "", 0) != 0)
		return NULL;
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

static int
sigv4_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
sigv4_encode_into(struct sigv4_buf *b, const char *s, size_t len,
		  int encode_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char pct[3];
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (sigv4_unreserved(c) || (c == '/' && !encode_slash)) {
			if (sigv4_buf_chr(b, (char)c) != 0)
				return -1;
			continue;
		}
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		if (sigv4_buf_add(b, pct, 3) != 0)
			return -1;
	}
	return 0;
}

char *
sigv4_uri_encode(const char *s, size_t len, int encode_slash)
{
	struct sigv4_buf b = {0};

	if (sigv4_encode_into(&b, s, len, encode_slash) != 0) {
		free(b.p);
		return NULL;
	}
	return sigv4_buf_take(&b);
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
	struct sigv4_buf ks = {0};
	int rc = -1;

	if (sigv4_buf_str(&ks, "AWS4") != 0 || sigv4_buf_str(&ks, secret) != 0)
		goto out;
	if (sigv4_hmac((unsigned char *)ks.p, ks.len, date, strlen(date), k1) != 0 ||
	    sigv4_hmac(k1, 32, region, strlen(region), k2) != 0 ||
	    sigv4_hmac(k2, 32, service, strlen(service), k1) != 0 ||
	    sigv4_hmac(k1, 32, "aws4_request", 12, key) != 0)
		goto out;
	rc = 0;
out:
	if (ks.p != NULL)
		OPENSSL_cleanse(ks.p, ks.cap);
	free(ks.p);
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
sigv4_canonical_uri(struct sigv4_buf *b, const char *path, int normalize)
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
	if (sigv4_buf_chr(b, '/') != 0)
		goto out;
	for (i = 0; i < nseg; i++) {
		if (i > 0 && sigv4_buf_chr(b, '/') != 0)
			goto out;
		if (sigv4_encode_into(b, segs[i], lens[i], 0) != 0)
			goto out;
	}
	if (nseg > 0 && trailing && sigv4_buf_chr(b, '/') != 0)
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
	struct sigv4_buf raw = {0};
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
		if (sigv4_buf_chr(&raw, c) != 0) {
			free(raw.p);
			return NULL;
		}
	}
	enc = sigv4_uri_encode(raw.p ? raw.p : "", raw.len, 1);
	free(raw.p);
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
sigv4_canonical_query(struct sigv4_buf *b, const char *query)
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
		if ((i > 0 && sigv4_buf_chr(b, '&') != 0) ||
		    sigv4_buf_str(b, params[i].key) != 0 || sigv4_buf_chr(b, '=') != 0 ||
		    sigv4_buf_str(b, params[i].value) != 0)
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
	struct sigv4_buf b = {0};
	int pending = 0;

	for (; *v != '\0'; v++) {
		if (sigv4_space(*v)) {
			pending = b.len > 0;
			continue;
		}
		if ((pending && sigv4_buf_chr(&b, ' ') != 0) ||
		    sigv4_buf_chr(&b, *v) != 0) {
			free(b.p);
			return NULL;
		}
		pending = 0;
	}
	return sigv4_buf_take(&b);
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
			struct sigv4_buf *canon, struct sigv4_buf *signed_hdrs,
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
			r = sigv4_buf_chr(canon, ',');
		else
			r = (i > 0 && sigv4_buf_chr(canon, '\n')) ||
			    sigv4_buf_str(canon, h[i].name) || sigv4_buf_chr(canon, ':') ||
			    (signed_hdrs->len > 0 && sigv4_buf_chr(signed_hdrs, ';')) ||
			    sigv4_buf_str(signed_hdrs, h[i].name);
		if (r != 0 || sigv4_buf_str(canon, h[i].value) != 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	if (sigv4_buf_chr(canon, '\n') != 0) {
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
	struct sigv4_buf creq = {0}, canon = {0}, shdr = {0}, sts = {0};
	char date[9], scope[256], payload_hash[65], creq_hash[65], sig_hex[65];
	unsigned char key[32], sig[32];
	struct tm tm;
	int n, rc = -1;

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
	if (sigv4_buf_str(&creq, in->method) || sigv4_buf_chr(&creq, '\n') ||
	    sigv4_canonical_uri(&creq, in->path, in->normalize_path) ||
	    sigv4_buf_chr(&creq, '\n') || sigv4_canonical_query(&creq, in->query) ||
	    sigv4_buf_chr(&creq, '\n') || sigv4_buf_add(&creq, canon.p, canon.len) ||
	    sigv4_buf_chr(&creq, '\n') || sigv4_buf_add(&creq, shdr.p, shdr.len) ||
	    sigv4_buf_chr(&creq, '\n') || sigv4_buf_str(&creq, payload_hash)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sigv4_sha256_hex(creq.p, creq.len, creq_hash);
	if (sigv4_buf_str(&sts, SIGV4_ALGORITHM "\n") || sigv4_buf_str(&sts, out->amz_date) ||
	    sigv4_buf_chr(&sts, '\n') || sigv4_buf_str(&sts, scope) ||
	    sigv4_buf_chr(&sts, '\n') || sigv4_buf_str(&sts, creq_hash)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (sigv4_signing_key(cred->secret_access_key, date, in->region, in->service,
			      key) != 0 ||
	    sigv4_hmac(key, sizeof(key), sts.p, sts.len, sig) != 0) {
		snprintf(err, errlen, "HMAC-SHA256 failed (libcrypto)");
		goto out;
	}
	sigv4_hex(sig, sizeof(sig), sig_hex);
	n = snprintf(out->authorization, sizeof(out->authorization),
		     SIGV4_ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		     cred->access_key_id, scope, shdr.p, sig_hex);
	if (n < 0 || (size_t)n >= sizeof(out->authorization)) {
		snprintf(err, errlen, "Authorization header would exceed %zu bytes",
			 sizeof(out->authorization) - 1);
		goto out;
	}
	out->canonical_request = sigv4_buf_take(&creq);
	out->string_to_sign = sigv4_buf_take(&sts);
	if (out->canonical_request == NULL || out->string_to_sign == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(sig, sizeof(sig));
	/* The canonical request can carry the session token. */
	if (creq.p != NULL)
		OPENSSL_cleanse(creq.p, creq.cap);
	if (canon.p != NULL)
		OPENSSL_cleanse(canon.p, canon.cap);
	free(creq.p);
	free(canon.p);
	free(shdr.p);
	free(sts.p);
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
