/* SPDX-License-Identifier: ISC */
/*
 * HTTP seam.  The real client is libcurl (http_curl_new); unit tests build an
 * http_client with their own ops (a recording fake).  Requests go in
 * batches so that callers can run several at once over a shared connection
 * cache; a batch of one is the ordinary call.
 *
 * From -vvv (core/log.h) the libcurl client traces each exchange at debug3:
 * headers with the values of credential headers redacted, never a body.
 */
#ifndef VHA_HTTP_H
#define VHA_HTTP_H

#include <stddef.h>

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	const char *method; /* "GET", "PUT", "POST" */
	const char *url;
	const struct http_header *headers;
	size_t nheaders;
	const char *body; /* may be NULL */
	size_t bodylen;
	long timeout_ms;  /* total for this request; 0: the client's default */
	int no_proxy;     /* 1: never through a proxy, whatever http_proxy and
			   * friends say (IMDS: a link-local address) */
};

struct http_response {
	long status;         /* 0 when no HTTP status was received */
	char *body;          /* heap, NUL-terminated, may contain NULs; NULL
			      * after a transport error */
	size_t bodylen;
	int transport_error; /* 1: connect/TLS/timeout/reset, see error */
	int timed_out;       /* transport_error because of a timeout */
	char error[256];     /* transport error text, "" otherwise */
	double elapsed_ms;
};

struct http_exchange {
	struct http_request req;
	struct http_response resp; /* filled by http_perform */
};

struct http_ops {
	/* Perform every exchange in x[0..n-1], concurrently when possible.
	 * Fills each resp (zeroed first).  Returns 0, or -1 only when nothing
	 * could be attempted (then every resp carries transport_error). */
	int (*perform)(void *impl, struct http_exchange *x, size_t n);
	void (*free)(void *impl);
};

struct http_client {
	const struct http_ops *ops;
	void *impl;
};

struct http_options {
	const char *ca_file;     /* extra CA bundle; NULL: system default */
	long connect_timeout_ms; /* 0: 3000 */
	long timeout_ms;         /* default per-request total; 0: 10000 */
	const char *user_agent;  /* NULL: "vyos-ha-plugins/VERSION" */
};

/*
 * A libcurl client: TLS verification always on, connections kept and
 * reused across calls.  Returns NULL with a reason in err.
 * Free with http_client_free().
 */
struct http_client *http_curl_new(const struct http_options *opts, char *err,
				  size_t errlen);

int http_perform(struct http_client *c, struct http_exchange *x, size_t n);
void http_response_free(struct http_response *r);
void http_client_free(struct http_client *c);

#endif
