/* SPDX-License-Identifier: ISC */
/*
 * The libcurl http client against a small HTTP/1.1 server on loopback run
 * by this test: connection reuse across calls, parallel batches, timeouts
 * classified, bodies captured, and a -vvv trace that never shows a
 * credential header or a body.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "io/http.h"

enum srv_mode { SRV_OK, SRV_SILENT, SRV_STATUS503 };

struct srv {
	int lfd;
	int port;
	enum srv_mode mode;
	long delay_ms;
	pthread_mutex_t mu;
	int accepts;
	int requests;
	char last[4096]; /* last request head + body */
	pthread_t thread;
};

/* A body with a NUL and a credential-like text the trace must not show. */
static const char srv_body[] = "ok\0\"SecretAccessKey\": \"wJalrXUtnFEMI\"";

struct conn {
	struct srv *s;
	int fd;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void *
conn_main(void *arg)
{
	struct conn *c = arg;
	struct srv *s = c->s;
	static const char body503[] = "<Response><Errors><Error><Code>Unavailable</Code></Error>"
				      "</Errors></Response>";
	char buf[8192], resp[512], *end, *cl;
	size_t have = 0, need;
	ssize_t n;
	long blen;

	for (;;) {
		while ((end = memmem(buf, have, "\r\n\r\n", 4)) == NULL) {
			if (have == sizeof(buf) ||
			    (n = recv(c->fd, buf + have, sizeof(buf) - have, 0)) <= 0)
				goto out;
			have += (size_t)n;
		}
		*end = '\0';
		blen = 0;
		if ((cl = strcasestr(buf, "\r\nContent-Length:")) != NULL)
			blen = strtol(cl + 17, NULL, 10);
		*end = '\r';
		need = (size_t)(end + 4 - buf) + (size_t)blen;
		while (have < need) {
			if ((n = recv(c->fd, buf + have, sizeof(buf) - have, 0)) <= 0)
				goto out;
			have += (size_t)n;
		}
		pthread_mutex_lock(&s->mu);
		s->requests++;
		snprintf(s->last, sizeof(s->last), "%.*s", (int)need, buf);
		pthread_mutex_unlock(&s->mu);
		memmove(buf, buf + need, have - need);
		have -= need;
		if (s->mode == SRV_SILENT) {
			while (recv(c->fd, buf, sizeof(buf), 0) > 0)
				;
			goto out;
		}
		if (s->delay_ms > 0)
			sleep_ms(s->delay_ms);
		if (s->mode == SRV_STATUS503) {
			n = snprintf(resp, sizeof(resp),
				     "HTTP/1.1 503 Service Unavailable\r\n"
				     "Content-Length: %zu\r\n\r\n%s",
				     sizeof(body503) - 1, body503);
			send(c->fd, resp, (size_t)n, MSG_NOSIGNAL);
		} else {
			const char *body = srv_body;

			n = snprintf(resp, sizeof(resp),
				     "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
				     "Content-Type: text/plain\r\n\r\n",
				     sizeof(srv_body) - 1);
			send(c->fd, resp, (size_t)n, MSG_NOSIGNAL);
			send(c->fd, body, sizeof(srv_body) - 1, MSG_NOSIGNAL);
		}
	}
out:
	close(c->fd);
	free(c);
	return NULL;
}

static void *
srv_main(void *arg)
{
	struct srv *s = arg;
	struct conn *c;
	pthread_t t;
	int fd;

	while ((fd = accept(s->lfd, NULL, NULL)) >= 0) {
		pthread_mutex_lock(&s->mu);
		s->accepts++;
		pthread_mutex_unlock(&s->mu);
		c = malloc(sizeof(*c));
		assert_non_null(c);
		c->s = s;
		c->fd = fd;
		pthread_create(&t, NULL, conn_main, c);
		pthread_detach(t);
	}
	return NULL;
}

static struct srv *
srv_start(enum srv_mode mode, long delay_ms)
{
	struct srv *s = calloc(1, sizeof(*s));
	struct sockaddr_in a;
	socklen_t al = sizeof(a);

	assert_non_null(s);
	s->mode = mode;
	s->delay_ms = delay_ms;
	pthread_mutex_init(&s->mu, NULL);
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->lfd, 16), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	pthread_create(&s->thread, NULL, srv_main, s);
	return s;
}

static void
srv_stop(struct srv *s)
{
	shutdown(s->lfd, SHUT_RDWR);
	close(s->lfd);
	pthread_join(s->thread, NULL);
	/* connection threads end when the client closes; they own only
	 * their own memory and fd, never s, once the client is gone */
	sleep_ms(50);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* A client; verbose is the -v level the process logs at (3: the trace). */
static struct http_client *
client(long timeout_ms, int verbose)
{
	struct http_options o;
	struct http_client *c;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.timeout_ms = timeout_ms;
	o.connect_timeout_ms = 1000;
	log_init("test_http", verbose);
	c = http_curl_new(&o, err, sizeof(err));
	if (c == NULL)
		fail_msg("http_curl_new: %s", err);
	return c;
}

static void
request(struct http_exchange *x, const char *url, const char *method, const char *body,
	const struct http_header *h, size_t nh)
{
	memset(x, 0, sizeof(*x));
	x->req.method = method;
	x->req.url = url;
	x->req.body = body;
	x->req.bodylen = body ? strlen(body) : 0;
	x->req.headers = h;
	x->req.nheaders = nh;
}

static void
test_reuse_and_body(void **state)
{
	static const struct http_header h[] = {
	    {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
	};
	struct srv *s = srv_start(SRV_OK, 0);
	struct http_client *c = client(2000, 0);
	struct http_exchange x;
	char url[64];
	int i;

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s->port);
	for (i = 0; i < 3; i++) {
		request(&x, url, "POST", "Action=DescribeRouteTables", h, 1);
		assert_int_equal(http_perform(c, &x, 1), 0);
		assert_int_equal(x.resp.transport_error, 0);
		assert_int_equal(x.resp.status, 200);
		assert_int_equal(x.resp.bodylen, sizeof(srv_body) - 1);
		assert_memory_equal(x.resp.body, "ok\0\"Secret", 10);
		assert_true(x.resp.elapsed_ms > 0);
		http_response_free(&x.resp);
	}
	pthread_mutex_lock(&s->mu);
	assert_int_equal(s->requests, 3);
	/* one connection for three calls */
	assert_int_equal(s->accepts, 1);
	assert_non_null(strstr(s->last, "POST / HTTP/1.1\r\n"));
	assert_non_null(strstr(s->last, "\r\n\r\nAction=DescribeRouteTables"));
	assert_null(strstr(s->last, "Expect:"));
	pthread_mutex_unlock(&s->mu);

	/* PUT without a body still says Content-Length: 0 (IMDS token) */
	request(&x, url, "PUT", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.status, 200);
	http_response_free(&x.resp);
	pthread_mutex_lock(&s->mu);
	assert_non_null(strstr(s->last, "PUT / HTTP/1.1\r\n"));
	assert_non_null(strcasestr(s->last, "\r\nContent-Length: 0\r\n"));
	pthread_mutex_unlock(&s->mu);
	request(&x, url, "GET", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.status, 200);
	http_response_free(&x.resp);
	http_client_free(c);
	srv_stop(s);
}

static void
test_parallel_batch(void **state)
{
	struct srv *s = srv_start(SRV_STATUS503, 300);
	struct http_client *c = client(5000, 0);
	struct http_exchange x[4];
	char url[64];
	double t0, dt;
	int i;

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s->port);
	for (i = 0; i < 4; i++)
		request(&x[i], url, "POST", "Action=ReplaceRoute", NULL, 0);
	t0 = now_ms();
	assert_int_equal(http_perform(c, x, 4), 0);
	dt = now_ms() - t0;
	for (i = 0; i < 4; i++) {
		assert_int_equal(x[i].resp.transport_error, 0);
		assert_int_equal(x[i].resp.status, 503);
		assert_non_null(strstr(x[i].resp.body, "Unavailable"));
		http_response_free(&x[i].resp);
	}
	/* four 300 ms answers at once, not one after the other */
	assert_true(dt < 900.0);
	pthread_mutex_lock(&s->mu);
	assert_int_equal(s->accepts, 4);
	pthread_mutex_unlock(&s->mu);
	/* the next batch reuses those four connections */
	for (i = 0; i < 4; i++)
		request(&x[i], url, "POST", "Action=ReplaceRoute", NULL, 0);
	assert_int_equal(http_perform(c, x, 4), 0);
	for (i = 0; i < 4; i++)
		http_response_free(&x[i].resp);
	pthread_mutex_lock(&s->mu);
	assert_int_equal(s->accepts, 4);
	pthread_mutex_unlock(&s->mu);
	http_client_free(c);
	srv_stop(s);
}

static void
test_timeout_and_refused(void **state)
{
	struct srv *s = srv_start(SRV_SILENT, 0);
	struct http_client *c = client(10000, 0);
	struct http_exchange x;
	char url[64];
	double t0, dt;
	int port;

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s->port);
	request(&x, url, "POST", "Action=X", NULL, 0);
	x.req.timeout_ms = 300; /* the request's own beats the client's */
	t0 = now_ms();
	assert_int_equal(http_perform(c, &x, 1), 0);
	dt = now_ms() - t0;
	assert_int_equal(x.resp.transport_error, 1);
	assert_int_equal(x.resp.timed_out, 1);
	assert_int_equal(x.resp.status, 0);
	assert_null(x.resp.body);
	assert_true(x.resp.error[0] != '\0');
	assert_true(dt >= 250.0 && dt < 2000.0);
	http_response_free(&x.resp);
	port = s->port;
	http_client_free(c);
	srv_stop(s);

	/* nobody listens there any more */
	c = client(2000, 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	request(&x, url, "GET", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.transport_error, 1);
	assert_int_equal(x.resp.timed_out, 0);
	assert_non_null(strstr(x.resp.error, "onnect"));
	/* and what is not http(s) is refused outright */
	request(&x, "file:///etc/passwd", "GET", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.transport_error, 1);
	assert_null(x.resp.body);
	http_client_free(c);
}

static void
test_trace_redacted(void **state)
{
	static const struct http_header h[] = {
	    {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
			      "20150830/us-east-1/ec2/aws4_request, "
			      "Signature=SIGNATURESECRET"},
	    {"X-Amz-Security-Token", "TOKENSECRET"},
	    {"X-aws-ec2-metadata-token", "IMDSTOKENSECRET"},
	    {"X-Amz-Date", "20150830T123600Z"},
	};
	struct srv *s = srv_start(SRV_OK, 0);
	struct http_client *c = client(2000, 3);
	struct http_exchange x;
	char url[64], path[] = "/tmp/test_http_traceXXXXXX", *trace;
	FILE *f;
	long n;
	int fd, saved;

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s->port);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	request(&x, url, "POST", "Action=ReplaceRoute&BODYTEXT=1", h, 4);
	assert_int_equal(http_perform(c, &x, 1), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(x.resp.status, 200);
	http_response_free(&x.resp);

	f = fdopen(fd, "r");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	trace = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(trace, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	/* the trace is there ... */
	assert_non_null(strstr(trace, "> POST / HTTP/1.1"));
	assert_non_null(strstr(trace, "> X-Amz-Date: 20150830T123600Z"));
	assert_non_null(strstr(trace, "< HTTP/1.1 200 OK"));
	assert_non_null(strstr(trace, "> Authorization: [redacted]"));
	assert_non_null(strstr(trace, "> X-Amz-Security-Token: [redacted]"));
	/* ... without a credential value or a body */
	assert_null(strstr(trace, "SIGNATURESECRET"));
	assert_null(strstr(trace, "AKIDEXAMPLE"));
	assert_null(strstr(trace, "TOKENSECRET"));
	assert_null(strstr(trace, "BODYTEXT"));
	assert_null(strstr(trace, "wJalrXUtnFEMI"));
	free(trace);
	log_init("test_http", 0);
	http_client_free(c);
	srv_stop(s);
}

static void
test_tls_verified(void **state)
{
	struct http_client *c = client(2000, 0);
	struct srv *s = srv_start(SRV_OK, 0);
	struct http_exchange x;
	char url[64];

	(void)state;
	/* an https URL to a plain server: the handshake must fail, never
	 * fall back */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/", s->port);
	request(&x, url, "GET", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.transport_error, 1);
	assert_int_equal(x.resp.status, 0);
	http_client_free(c);
	srv_stop(s);
}

/* Run a shell command quietly; 0 on success. */
static int
quiet(const char *cmd)
{
	char full[2048];

	snprintf(full, sizeof(full), "(%s) >/dev/null 2>&1", cmd);
	return system(full);
}

static int
free_port(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/*
 * A real TLS server (openssl s_server) with a certificate from a CA made
 * for this test: refused without that CA, accepted with ca_file.
 */
static void
test_tls_ca_file(void **state)
{
	char dir[] = "/tmp/test_http_tlsXXXXXX", cmd[1536], url[64], ca[128];
	struct http_options o;
	struct http_client *c;
	struct http_exchange x;
	char err[256], port_s[16], cert[128], key[128];
	pid_t pid;
	int port, i;

	(void)state;
	if (quiet("openssl version") != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cd %s && printf 'subjectAltName=IP:127.0.0.1\\n' > ext && "
		 "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key "
		 "-out ca.pem -days 2 -subj /CN=test-http-CA && "
		 "openssl req -newkey rsa:2048 -nodes -keyout srv.key "
		 "-out srv.csr -subj /CN=127.0.0.1 && "
		 "openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key "
		 "-CAcreateserial -out srv.pem -days 2 -extfile ext",
		 dir);
	assert_int_equal(quiet(cmd), 0);
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	snprintf(cert, sizeof(cert), "%s/srv.pem", dir);
	snprintf(key, sizeof(key), "%s/srv.key", dir);
	port = free_port();
	snprintf(port_s, sizeof(port_s), "%d", port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execlp("openssl", "openssl", "s_server", "-accept", port_s, "-cert", cert, "-key",
		       key, "-www", "-quiet", (char *)NULL);
		_exit(127);
	}
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/", port);
	memset(&o, 0, sizeof(o));
	o.timeout_ms = 3000;
	/* wait until it listens: a TLS failure, not "connection refused" */
	c = http_curl_new(&o, err, sizeof(err));
	assert_non_null(c);
	for (i = 0; i < 100; i++) {
		request(&x, url, "GET", NULL, NULL, 0);
		http_perform(c, &x, 1);
		if (strstr(x.resp.error, "onnect") == NULL)
			break;
		http_response_free(&x.resp);
		sleep_ms(50);
	}
	/* the system CAs do not know ours */
	assert_int_equal(x.resp.transport_error, 1);
	assert_int_equal(x.resp.status, 0);
	assert_non_null(strstr(x.resp.error, "certificate"));
	http_response_free(&x.resp);
	http_client_free(c);

	o.ca_file = ca;
	c = http_curl_new(&o, err, sizeof(err));
	assert_non_null(c);
	request(&x, url, "GET", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.transport_error, 0);
	assert_int_equal(x.resp.status, 200);
	http_response_free(&x.resp);
	/* the name must match too: same CA, other host name */
	snprintf(url, sizeof(url), "https://localhost:%d/", port);
	request(&x, url, "GET", NULL, NULL, 0);
	assert_int_equal(http_perform(c, &x, 1), 0);
	assert_int_equal(x.resp.transport_error, 1);
	http_response_free(&x.resp);
	http_client_free(c);

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	quiet(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reuse_and_body),	cmocka_unit_test(test_parallel_batch),
	    cmocka_unit_test(test_timeout_and_refused), cmocka_unit_test(test_trace_redacted),
	    cmocka_unit_test(test_tls_verified),	cmocka_unit_test(test_tls_ca_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
