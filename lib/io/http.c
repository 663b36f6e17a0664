/* SPDX-License-Identifier: ISC */
/*
 * The libcurl implementation of the http seam.
 *
 * One multi handle per client: its connection cache is what lets a second
 * call reuse the first call's connection (no new TCP/TLS handshake), and it
 * runs a batch of exchanges in parallel.  A share handle adds the DNS and TLS
 * session caches for the connections that do have to be opened.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/buf.h"
#include "core/log.h"
#include "io/http.h"

/* A response bigger than this is not an EC2 or IMDS answer we want. */
#define HTTP_MAX_BODY (16u * 1024 * 1024)
#define HTTP_DEFAULT_CONNECT_MS 3000
#define HTTP_DEFAULT_TIMEOUT_MS 10000

struct http_curl {
	CURLM *multi;
	CURLSH *share;
	char *ca_file;
	char *user_agent;
	long connect_timeout_ms;
	long timeout_ms;
};

/* Per exchange while a batch runs. */
struct http_job {
	CURL *easy;
	struct curl_slist *headers;
	struct http_response *resp;
	struct buf body; /* secret: may be IMDS role credentials */
	int too_big;
	int done;
	char errbuf[CURL_ERROR_SIZE];
};

#if LIBCURL_VERSION_NUM >= 0x075700
/*
 * The system trust store as the built-in CA bundle alone.  libcurl (7.87+)
 * keeps one parsed store per multi handle, but only when it comes from a
 * bundle file without a CA directory, and Debian's libcurl has both built
 * in: then every TLS connection parses the whole bundle again, ~0.6 MB of
 * heap and a few ms each, so a failover of 10 route tables (10 parallel
 * connections) peaked at 18 MB instead of 13.  update-ca-certificates
 * writes the bundle and the hashed directory from the same certificates.
 * A libcurl built with a directory only keeps it.
 */
static CURLcode
http_system_trust(CURL *e)
{
	char *bundle = NULL;

	if (curl_easy_getinfo(e, CURLINFO_CAINFO, &bundle) != CURLE_OK || bundle == NULL ||
	    bundle[0] == '\0')
		return CURLE_OK;
	return curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
}
#endif

static size_t
http_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_job *j = arg;
	size_t n = size * nmemb;

	if (n > HTTP_MAX_BODY || j->body.len > HTTP_MAX_BODY - n) {
		j->too_big = 1;
		return 0; /* makes libcurl fail with CURLE_WRITE_ERROR */
	}
	if (buf_put(&j->body, data, n) != 0)
		return 0;
	return n;
}

/* Header names whose values must never reach a trace. */
static int
http_header_secret(const char *line, size_t len)
{
	static const char *const names[] = {
	    "authorization:",
	    "x-amz-security-token:",
	    "x-aws-ec2-metadata-token:",
	    "proxy-authorization:",
	    "cookie:",
	    "set-cookie:",
	};
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (len >= n && strncasecmp(line, names[i], n) == 0)
			return (int)n;
	}
	return 0;
}

/*
 * libcurl's trace, with the values of credential headers replaced.  Bodies
 * are never shown: an IMDS answer carries a secret key.
 */
static int
http_debug_cb(CURL *easy, curl_infotype type, char *data, size_t size, void *arg)
{
	const char *prefix;
	size_t off = 0, end, n;
	int keep;

	(void)easy;
	(void)arg;
	switch (type) {
	case CURLINFO_TEXT:
		prefix = "* ";
		break;
	case CURLINFO_HEADER_OUT:
		prefix = "> ";
		break;
	case CURLINFO_HEADER_IN:
		prefix = "< ";
		break;
	case CURLINFO_DATA_OUT:
		log_debug3("=> %zu bytes of body (not shown)", size);
		return 0;
	case CURLINFO_DATA_IN:
		log_debug3("<= %zu bytes of body (not shown)", size);
		return 0;
	default:
		return 0;
	}
	while (off < size) {
		for (end = off; end < size && data[end] != '\n'; end++)
			;
		n = end - off;
		if (n > 0 && data[off + n - 1] == '\r')
			n--;
		if (n > 0) {
			keep = http_header_secret(data + off, n);
			if (keep > 0)
				log_debug3("%s%.*s [redacted]", prefix, keep, data + off);
			else
				log_debug3("%s%.*s", prefix, (int)n, data + off);
		}
		off = end + 1;
	}
	return 0;
}

static void
http_slist_free_wiped(struct curl_slist *l)
{
	struct curl_slist *p;

	for (p = l; p != NULL; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

static int
http_job_setup(struct http_curl *h, struct http_job *j, const struct http_request *q)
{
	struct curl_slist *nl;
	struct buf line;
	CURL *e;
	size_t i;
	long tmo = q->timeout_ms > 0 ? q->timeout_ms : h->timeout_ms;
	int rc = 0;

	if (q->url == NULL || q->method == NULL) {
		snprintf(j->resp->error, sizeof(j->resp->error), "request without %s",
			 q->url == NULL ? "URL" : "method");
		return -1;
	}
	if ((e = j->easy = curl_easy_init()) == NULL) {
		snprintf(j->resp->error, sizeof(j->resp->error), "curl_easy_init failed");
		return -1;
	}
	/* Our own headers; "Expect:" stops libcurl waiting for a
	 * 100-continue the signed request never asked for.  A line may be
	 * the Authorization header or a token. */
	buf_init_secret(&line, 0);
	for (i = 0; i <= q->nheaders; i++) {
		buf_reset(&line);
		if (i == q->nheaders)
			rc = buf_puts(&line, "Expect:");
		else
			rc = buf_printf(&line, "%s: %s", q->headers[i].name,
					q->headers[i].value);
		nl = rc == 0 ? curl_slist_append(j->headers, buf_str(&line)) : NULL;
		if (nl == NULL) {
			buf_free(&line);
			snprintf(j->resp->error, sizeof(j->resp->error), "out of memory");
			return -1;
		}
		j->headers = nl;
	}
	buf_free(&line);
	rc = 0;

	rc |= curl_easy_setopt(e, CURLOPT_URL, q->url);
	rc |= curl_easy_setopt(e, CURLOPT_SHARE, h->share);
	rc |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_file != NULL)
		rc |= curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
#if LIBCURL_VERSION_NUM >= 0x075700
	else
		rc |= http_system_trust(e);
#endif
#if LIBCURL_VERSION_NUM >= 0x075500
	rc |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	rc |= curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	rc |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	rc |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms);
	rc |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, tmo);
	rc |= curl_easy_setopt(e, CURLOPT_USERAGENT, h->user_agent);
	rc |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	rc |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_write_cb);
	rc |= curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	rc |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	rc |= curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	if (strcmp(q->method, "GET") == 0) {
		rc |= curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(q->method, "HEAD") == 0) {
		rc |= curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else {
		/* POST semantics (body, Content-Length even when 0), with the
		 * method name replaced for PUT and others. */
		rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				       (curl_off_t)(q->body ? q->bodylen : 0));
		rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, q->body ? q->body : "");
		if (strcmp(q->method, "POST") != 0)
			rc |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, q->method);
	}
	if (q->no_proxy)
		rc |= curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	if (log_verbosity() >= 3) {
		rc |= curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, http_debug_cb);
		rc |= curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	}
	if (rc != 0) {
		snprintf(j->resp->error, sizeof(j->resp->error), "libcurl refused an option");
		return -1;
	}
	return 0;
}

static void
http_job_finish(struct http_job *j, CURLcode res)
{
	struct http_response *r = j->resp;
	curl_off_t us = 0;
	long status = 0;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(j->easy, CURLINFO_TOTAL_TIME_T, &us);
	r->elapsed_ms = (double)us / 1000.0;
	r->status = status;
	j->done = 1;
	if (res == CURLE_OK) {
		if ((r->body = buf_steal(&j->body, &r->bodylen)) == NULL) {
			r->bodylen = 0;
			r->transport_error = 1;
			snprintf(r->error, sizeof(r->error), "out of memory");
		}
		return;
	}
	r->transport_error = 1;
	r->timed_out = res == CURLE_OPERATION_TIMEDOUT;
	if (j->too_big)
		snprintf(r->error, sizeof(r->error), "response body larger than %u bytes",
			 HTTP_MAX_BODY);
	else
		snprintf(r->error, sizeof(r->error), "%s%s%s", curl_easy_strerror(res),
			 j->errbuf[0] ? ": " : "", j->errbuf);
	/* A partial body is not an answer. */
	buf_free(&j->body);
}

static int
http_curl_perform(void *impl, struct http_exchange *x, size_t n)
{
	struct http_curl *h = impl;
	struct http_job *jobs;
	struct CURLMsg *m;
	struct http_job *j;
	size_t i, started = 0;
	int running = 0, left;
	CURLMcode mc = CURLM_OK;

	for (i = 0; i < n; i++)
		memset(&x[i].resp, 0, sizeof(x[i].resp));
	if (n == 0)
		return 0;
	if ((jobs = calloc(n, sizeof(*jobs))) == NULL) {
		for (i = 0; i < n; i++) {
			x[i].resp.transport_error = 1;
			snprintf(x[i].resp.error, sizeof(x[i].resp.error), "out of memory");
		}
		return -1;
	}
	for (i = 0; i < n; i++) {
		jobs[i].resp = &x[i].resp;
		buf_init_secret(&jobs[i].body, HTTP_MAX_BODY);
		if (http_job_setup(h, &jobs[i], &x[i].req) == 0 &&
		    curl_multi_add_handle(h->multi, jobs[i].easy) == CURLM_OK) {
			started++;
			continue;
		}
		x[i].resp.transport_error = 1;
		if (x[i].resp.error[0] == '\0')
			snprintf(x[i].resp.error, sizeof(x[i].resp.error),
				 "could not start the request");
		jobs[i].done = 1;
		if (jobs[i].easy != NULL) {
			curl_easy_cleanup(jobs[i].easy);
			jobs[i].easy = NULL;
		}
	}

	while (started > 0) {
		mc = curl_multi_perform(h->multi, &running);
		if (mc != CURLM_OK)
			break;
		while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			j = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			if (j != NULL)
				http_job_finish(j, m->data.result);
		}
		if (running == 0)
			break;
		mc = curl_multi_poll(h->multi, NULL, 0, 1000, NULL);
		if (mc != CURLM_OK)
			break;
	}

	for (i = 0; i < n; i++) {
		j = &jobs[i];
		if (j->easy == NULL)
			continue;
		if (!j->done) {
			/* Only when the multi interface itself failed. */
			j->resp->transport_error = 1;
			snprintf(j->resp->error, sizeof(j->resp->error), "libcurl multi error: %s",
				 curl_multi_strerror(mc));
		}
		buf_free(&j->body);
		curl_multi_remove_handle(h->multi, j->easy);
		curl_easy_cleanup(j->easy);
		http_slist_free_wiped(j->headers);
	}
	for (i = 0; i < n; i++)
		if (jobs[i].easy == NULL && jobs[i].headers != NULL)
			http_slist_free_wiped(jobs[i].headers);
	free(jobs);
	return started > 0 ? 0 : -1;
}

static void
http_curl_free(void *impl)
{
	struct http_curl *h = impl;

	if (h == NULL)
		return;
	if (h->multi != NULL)
		curl_multi_cleanup(h->multi);
	if (h->share != NULL)
		curl_share_cleanup(h->share);
	free(h->ca_file);
	free(h->user_agent);
	free(h);
	curl_global_cleanup();
}

static const struct http_ops http_curl_ops = {
    .perform = http_curl_perform,
    .free = http_curl_free,
};

struct http_client *
http_curl_new(const struct http_options *opts, char *err, size_t errlen)
{
	struct http_client *c = NULL;
	struct http_curl *h = NULL;
	const char *ua;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl initialisation failed");
		return NULL;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL || (c = calloc(1, sizeof(*c))) == NULL)
		goto nomem;
	ua = opts && opts->user_agent ? opts->user_agent : "vyos-ha-plugins/" PACKAGE_VERSION;
	if ((h->user_agent = strdup(ua)) == NULL)
		goto nomem;
	if (opts && opts->ca_file && (h->ca_file = strdup(opts->ca_file)) == NULL)
		goto nomem;
	h->connect_timeout_ms = opts && opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms
								     : HTTP_DEFAULT_CONNECT_MS;
	h->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
	if ((h->multi = curl_multi_init()) == NULL || (h->share = curl_share_init()) == NULL)
		goto nomem;
	/* Room for a batch of parallel connections to stay open for the
	 * next batch (EC2 keeps idle connections for a while). */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, 32L);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	c->ops = &http_curl_ops;
	c->impl = h;
	return c;
nomem:
	snprintf(err, errlen, "out of memory creating the HTTP client");
	free(c);
	if (h != NULL)
		http_curl_free(h);
	else
		curl_global_cleanup();
	return NULL;
}

int
http_perform(struct http_client *c, struct http_exchange *x, size_t n)
{
	return c->ops->perform(c->impl, x, n);
}

void
http_response_free(struct http_response *r)
{
	if (r == NULL)
		return;
	if (r->body != NULL) {
		/* The body may be an IMDS credentials document. */
		explicit_bzero(r->body, r->bodylen);
		free(r->body);
	}
	r->body = NULL;
	r->bodylen = 0;
}

void
http_client_free(struct http_client *c)
{
	if (c == NULL)
		return;
	if (c->ops != NULL && c->ops->free != NULL)
		c->ops->free(c->impl);
	free(c);
}
