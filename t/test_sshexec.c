/* SPDX-License-Identifier: ISC */
/*
 * lib/io/sshexec.c without a real sshd: local mistakes are refused before any
 * traffic, and servers that refuse, stall, hang up or talk nonsense end in
 * one clear error within the time budget.  The exchange with a real OpenSSH
 * sshd (host keys, auth, exit status) is tested in t/test_bgp_lab.py.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <libssh/libssh.h>

#include "io/sshexec.h"

/* Generous: only "bounded at all" is asserted, not how fast. */
#define BUDGET_S 0.5
#define SLACK_S 2.0

struct fake_server {
	int lfd;
	int port;
	const char *reply; /* sent after accept; NULL: send nothing */
	size_t replylen;
	double hold_s; /* keep the connection open this long, then close */
	int accept;    /* 0: never accept (the backlog holds the client) */
	pthread_t thread;
};

static char tmpdir[64];
static char key_file[128];
static char empty_known_hosts[128];

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
fake_server_main(void *arg)
{
	struct fake_server *fs = arg;
	struct timespec hold;
	int c;

	if (!fs->accept) {
		hold.tv_sec = (time_t)fs->hold_s;
		hold.tv_nsec = (long)((fs->hold_s - (double)hold.tv_sec) * 1e9);
		nanosleep(&hold, NULL);
		return NULL;
	}
	c = accept(fs->lfd, NULL, NULL);
	if (c < 0)
		return NULL;
	if (fs->reply != NULL)
		(void)!write(c, fs->reply, fs->replylen);
	hold.tv_sec = (time_t)fs->hold_s;
	hold.tv_nsec = (long)((fs->hold_s - (double)hold.tv_sec) * 1e9);
	nanosleep(&hold, NULL);
	close(c);
	return NULL;
}

static void
fake_server_start(struct fake_server *fs)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	fs->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fs->lfd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	assert_int_equal(bind(fs->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fs->lfd, 4), 0);
	assert_int_equal(getsockname(fs->lfd, (struct sockaddr *)&sa, &len), 0);
	fs->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&fs->thread, NULL, fake_server_main, fs), 0);
}

static void
fake_server_stop(struct fake_server *fs)
{
	pthread_join(fs->thread, NULL);
	close(fs->lfd);
}

static struct sshexec_config
config_for(int port)
{
	struct sshexec_config c;

	memset(&c, 0, sizeof(c));
	c.host = "127.0.0.1";
	c.port = port;
	c.user = "vyos";
	c.identity = key_file;
	c.known_hosts = empty_known_hosts;
	c.timeout_s = BUDGET_S;
	return c;
}

/* Connect; expect NULL with err containing want, within the budget. */
static void
expect_failure(const struct sshexec_config *c, const char *want)
{
	char err[512] = "";
	struct sshexec *s;
	double t0 = now_s(), took;

	s = sshexec_connect(c, err, sizeof(err));
	took = now_s() - t0;
	if (s != NULL)
		sshexec_close(s);
	assert_null(s);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, want);
	assert_true(took < c->timeout_s + SLACK_S);
}

static int
setup(void **state)
{
	ssh_key key = NULL;
	FILE *f;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_sshexec.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(key_file, sizeof(key_file), "%s/id_ed25519", tmpdir);
	snprintf(empty_known_hosts, sizeof(empty_known_hosts), "%s/known_hosts", tmpdir);
	assert_int_equal(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key), SSH_OK);
	assert_int_equal(ssh_pki_export_privkey_file(key, NULL, NULL, NULL, key_file), SSH_OK);
	ssh_key_free(key);
	f = fopen(empty_known_hosts, "w");
	assert_non_null(f);
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/id_ed25519", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/known_hosts", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/garbage_key", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

static void
test_bad_arguments(void **state)
{
	struct sshexec_config c = config_for(22);

	c.host = NULL;
	expect_failure(&c, "no host");
	c.host = "";
	expect_failure(&c, "no host");
	/* "root@host" must not smuggle in another user name. */
	c.host = "root@127.0.0.1";
	expect_failure(&c, "invalid host name 'root@127.0.0.1'");
	c.host = "127.0.0.1 -oProxyCommand=x";
	expect_failure(&c, "invalid host name");
	c = config_for(70000);
	expect_failure(&c, "invalid port 70000");
	c = config_for(22);
	c.user = "";
	expect_failure(&c, "empty user name");
}

static void
test_local_mistakes_before_traffic(void **state)
{
	/* Port 1 on loopback: were anything sent, the error would differ. */
	struct sshexec_config c = config_for(1);
	char garbage[192];
	FILE *f;

	c.known_hosts = "/nonexistent/known_hosts";
	expect_failure(&c, "known hosts file /nonexistent/known_hosts cannot "
			   "be read");
	c = config_for(1);
	c.identity = "/nonexistent/key";
	expect_failure(&c, "cannot read private key /nonexistent/key");
	snprintf(garbage, sizeof(garbage), "%s/garbage_key", tmpdir);
	f = fopen(garbage, "w");
	assert_non_null(f);
	fputs("-----BEGIN OPENSSH PRIVATE KEY-----\nnot base64 !!\n", f);
	fclose(f);
	c.identity = garbage;
	expect_failure(&c, "cannot read private key");
}

static void
test_no_agent(void **state)
{
	struct sshexec_config c = config_for(1);
	char *saved = getenv("SSH_AUTH_SOCK");

	if (saved != NULL)
		saved = strdup(saved);
	unsetenv("SSH_AUTH_SOCK");
	c.identity = NULL;
	expect_failure(&c, "no identity file given (-i) and no SSH agent");
	if (saved != NULL) {
		setenv("SSH_AUTH_SOCK", saved, 1);
		free(saved);
	}
}

static void
test_refused(void **state)
{
	struct fake_server fs = {.accept = 0, .hold_s = 0};
	struct sshexec_config c;
	char want[64];

	/* A port that was just free: nothing listens there any more. */
	fake_server_start(&fs);
	fake_server_stop(&fs);
	c = config_for(fs.port);
	snprintf(want, sizeof(want), "cannot connect to 127.0.0.1:%d", fs.port);
	expect_failure(&c, want);
}

static void
test_silent_server_is_bounded(void **state)
{
	/* TCP completes from the backlog, but no banner ever comes. */
	struct fake_server fs = {.accept = 0, .hold_s = BUDGET_S + 0.5};
	struct sshexec_config c;

	fake_server_start(&fs);
	c = config_for(fs.port);
	expect_failure(&c, "timed out connecting to 127.0.0.1");
	fake_server_stop(&fs);
}

/* A server that accepts, sends something (or nothing more) and then holds
 * or hangs up: every case must end within the budget with a clear error. */
struct bad_server {
	const char *reply;
	size_t replylen;
	double hold_s;
	const char *want;
};

static const char banner_debian[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
static const char banner_plain[] = "SSH-2.0-OpenSSH_9.2p1\r\n";
/* A banner, then a "packet" whose length field is absurd. */
static const char banner_junk[] = "SSH-2.0-x\r\n\xff\xff\xff\xff\x07garbage"
				  "garbagegarbagegarbagegarbagegarbage";
static const char http_reply[] = "HTTP/1.0 400 Bad Request\r\n\r\n";

static struct bad_server banner_then_stall = {
	banner_debian, sizeof(banner_debian) - 1, BUDGET_S + 0.5,
	"timed out connecting to 127.0.0.1"};
static struct bad_server hangup_after_banner = {
	banner_plain, sizeof(banner_plain) - 1, 0, "cannot connect to 127.0.0.1"};
static struct bad_server garbage_after_banner = {
	banner_junk, sizeof(banner_junk) - 1, 0.2, "cannot connect to 127.0.0.1"};
static struct bad_server not_ssh = {
	http_reply, sizeof(http_reply) - 1, 0, "cannot connect to 127.0.0.1"};

static void
test_bad_server(void **state)
{
	const struct bad_server *b = *state;
	struct fake_server fs = {
	    .accept = 1, .reply = b->reply, .replylen = b->replylen, .hold_s = b->hold_s};
	struct sshexec_config c;

	fake_server_start(&fs);
	c = config_for(fs.port);
	expect_failure(&c, b->want);
	fake_server_stop(&fs);
}

static void
test_close_null(void **state)
{
	sshexec_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_local_mistakes_before_traffic),
	    cmocka_unit_test(test_no_agent),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_silent_server_is_bounded),
	    cmocka_unit_test_prestate(test_bad_server, &banner_then_stall),
	    cmocka_unit_test_prestate(test_bad_server, &hangup_after_banner),
	    cmocka_unit_test_prestate(test_bad_server, &garbage_after_banner),
	    cmocka_unit_test_prestate(test_bad_server, &not_ssh),
	    cmocka_unit_test(test_close_null),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
