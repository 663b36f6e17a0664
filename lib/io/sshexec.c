/* SPDX-License-Identifier: ISC */
/*
 * One command over SSH with libssh, every step bounded by one deadline.
 *
 * libssh's blocking calls are not all bounded: in 0.10 user authentication
 * and channel requests wait with SSH_TIMEOUT_DEFAULT, which means "forever"
 * on a blocking session, so a server that accepts TCP and then stalls (or a
 * frozen sshd) would hang the plugin until Nagios kills it.  The session is
 * therefore non-blocking: each libssh call either finishes or says
 * SSH_AGAIN, and in between we poll(2) the socket for no longer than what is
 * left of the budget.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "io/sshexec.h"

#define SSHEXEC_DEFAULT_TIMEOUT_S 10.0
/* A vtysh answer is tens of MB at most (FRR's JSON takes some 300 bytes
 * per advertised route); anything beyond this is not a router answering. */
#define SSHEXEC_MAX_OUTPUT (256u * 1024 * 1024)
/* Upper bound of one poll(2): libssh may want an event we do not watch for
 * (it only exposes "wants read" / "wants write"), so never sleep long. */
#define SSHEXEC_POLL_SLICE_MS 100

struct sshexec {
	ssh_session session;
	double deadline_ms;
	char host[256];
	int port;
};

/* What the server told us about the end of the command. */
struct sshexec_exit {
	int have_status;
	int status;
	char signal[32];
};

static int
sshexec_left_ms(const struct sshexec *s)
{
	double left = s->deadline_ms - clock_now_ms();

	if (left <= 0)
		return 0;
	if (left > 1e9)
		return 1000000000;
	return (int)left + 1;
}

/*
 * Wait until the socket is ready for what libssh wants next, or a slice of
 * the remaining budget has passed.  Returns 0, or -1 when the budget is
 * spent.
 */
static int
sshexec_wait(struct sshexec *s)
{
	struct pollfd pfd;
	int left, slice, flags;
	socket_t fd;

	left = sshexec_left_ms(s);
	if (left <= 0)
		return -1;
	slice = left < SSHEXEC_POLL_SLICE_MS ? left : SSHEXEC_POLL_SLICE_MS;
	fd = ssh_get_fd(s->session);
	if (fd == SSH_INVALID_SOCKET) {
		/* Nothing to wait on yet; the next libssh call decides. */
		(void)poll(NULL, 0, slice < 10 ? slice : 10);
		return 0;
	}
	flags = ssh_get_poll_flags(s->session);
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (flags & SSH_WRITE_PENDING)
		pfd.events |= POLLOUT;
	pfd.revents = 0;
	if (poll(&pfd, 1, slice) < 0 && errno != EINTR)
		return -1;
	return 0;
}

/* libssh's last error text, never empty. */
static const char *
sshexec_ssh_error(ssh_session session)
{
	const char *e = ssh_get_error(session);

	return (e != NULL && *e != '\0') ? e : "unknown libssh error";
}

/*
 * Turn the known_hosts verdict into 0 (trusted) or -1 with a reason.
 * Kept apart so each verdict has one message, and the messages of an
 * unknown and of a changed key cannot be confused.
 */
static int
sshexec_check_host_key(enum ssh_known_hosts_e state, const char *host, int port, const char *file,
		       const char *detail, char *err, size_t errlen)
{
	switch (state) {
	case SSH_KNOWN_HOSTS_OK:
		return 0;
	case SSH_KNOWN_HOSTS_CHANGED:
		snprintf(err, errlen,
			 "host key for %s:%d has CHANGED (it does not match "
			 "%s): refusing to connect, possible "
			 "man-in-the-middle attack",
			 host, port, file);
		return -1;
	case SSH_KNOWN_HOSTS_OTHER:
		snprintf(err, errlen,
			 "host key for %s:%d has CHANGED type (%s holds a key "
			 "of another type): refusing to connect",
			 host, port, file);
		return -1;
	case SSH_KNOWN_HOSTS_UNKNOWN:
		snprintf(err, errlen,
			 "host key for %s:%d is not in %s: refusing to "
			 "connect (add it with ssh-keyscan after checking "
			 "its fingerprint)",
			 host, port, file);
		return -1;
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		snprintf(err, errlen,
			 "known hosts file %s does not exist: cannot verify "
			 "the host key of %s:%d",
			 file, host, port);
		return -1;
	case SSH_KNOWN_HOSTS_ERROR:
	default:
		snprintf(err, errlen, "cannot verify the host key of %s:%d against %s: %s", host,
			 port, file, detail);
		return -1;
	}
}

static void
sshexec_on_log(int priority, const char *function, const char *buffer, void *userdata)
{
	(void)priority;
	(void)userdata;
	log_debug3("libssh: %s: %s", function != NULL ? function : "?",
		   buffer != NULL ? buffer : "");
}

static int
sshexec_set_options(ssh_session session, const struct sshexec_config *cfg, int port,
		    const char *user, char *err, size_t errlen)
{
	int log_level, yes = 1, no = 0;
	long secs;

	/* Our options come from the command line only: ~/.ssh/config could
	 * change the host, user or key behind the operator's back. */
	if (ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no) < 0 ||
	    ssh_options_set(session, SSH_OPTIONS_HOST, cfg->host) < 0 ||
	    ssh_options_set(session, SSH_OPTIONS_PORT, &port) < 0 ||
	    ssh_options_set(session, SSH_OPTIONS_USER, user) < 0 ||
	    ssh_options_set(session, SSH_OPTIONS_NODELAY, &yes) < 0) {
		snprintf(err, errlen, "cannot set SSH options for %s: %s", cfg->host,
			 sshexec_ssh_error(session));
		return -1;
	}
	if (cfg->known_hosts != NULL) {
		/* An explicit file is the only trust anchor: the system-wide
		 * /etc/ssh/ssh_known_hosts must not widen it. */
		if (ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, cfg->known_hosts) < 0 ||
		    ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") < 0) {
			snprintf(err, errlen, "cannot use known hosts file %s: %s",
				 cfg->known_hosts, sshexec_ssh_error(session));
			return -1;
		}
	}
	/* Only a backstop for libssh's internal waits; our deadline rules. */
	secs = (long)(cfg->timeout_s > 0 ? cfg->timeout_s : SSHEXEC_DEFAULT_TIMEOUT_S) + 1;
	(void)ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &secs);
	/* libssh's own trace from -vvv, through the one logger. */
	log_level = log_verbosity() >= 4   ? SSH_LOG_PACKET
		    : log_verbosity() >= 3 ? SSH_LOG_PROTOCOL
					   : SSH_LOG_NOLOG;
	if (log_level != SSH_LOG_NOLOG)
		(void)ssh_set_log_callback(sshexec_on_log);
	(void)ssh_options_set(session, SSH_OPTIONS_LOG_VERBOSITY, &log_level);
	return 0;
}

static int
sshexec_handshake(struct sshexec *s, char *err, size_t errlen)
{
	int rc;

	for (;;) {
		rc = ssh_connect(s->session);
		if (rc == SSH_OK)
			return 0;
		if (rc != SSH_AGAIN) {
			snprintf(err, errlen, "cannot connect to %s:%d: %s", s->host, s->port,
				 sshexec_ssh_error(s->session));
			return -1;
		}
		if (sshexec_wait(s) < 0) {
			snprintf(err, errlen, "timed out connecting to %s:%d", s->host, s->port);
			return -1;
		}
	}
}

static int
sshexec_verify_host(struct sshexec *s, const struct sshexec_config *cfg, char *err, size_t errlen)
{
	enum ssh_known_hosts_e state;
	char *file = NULL;
	const char *shown;
	int rc;

	state = ssh_session_is_known_server(s->session);
	if (cfg->known_hosts != NULL)
		shown = cfg->known_hosts;
	else if (ssh_options_get(s->session, SSH_OPTIONS_KNOWNHOSTS, &file) == SSH_OK)
		shown = file;
	else
		shown = "~/.ssh/known_hosts";
	/* libssh says "unknown" when the user's file is missing but the
	 * system-wide one exists: name the real problem. */
	if (state == SSH_KNOWN_HOSTS_UNKNOWN && shown[0] == '/' && access(shown, F_OK) != 0)
		state = SSH_KNOWN_HOSTS_NOT_FOUND;
	rc = sshexec_check_host_key(state, s->host, s->port, shown, sshexec_ssh_error(s->session),
				    err, errlen);
	ssh_string_free_char(file);
	return rc;
}

static int
sshexec_auth_result(struct sshexec *s, int rc, const char *user, const char *how, char *err,
		    size_t errlen)
{
	switch (rc) {
	case SSH_AUTH_SUCCESS:
		return 0;
	case SSH_AUTH_DENIED:
		snprintf(err, errlen, "authentication refused for %s on %s:%d (%s)", user, s->host,
			 s->port, how);
		return -1;
	case SSH_AUTH_PARTIAL:
		snprintf(err, errlen, "authentication for %s on %s:%d needs more than %s", user,
			 s->host, s->port, how);
		return -1;
	default:
		snprintf(err, errlen, "authentication error for %s on %s:%d (%s): %s", user,
			 s->host, s->port, how, sshexec_ssh_error(s->session));
		return -1;
	}
}

/* Never prompt: a plugin has no terminal, and a key that needs a
 * passphrase belongs in the agent. */
static int
sshexec_no_passphrase(const char *prompt, char *buf, size_t len, int echo, int verify,
		      void *userdata)
{
	return -1;
}

/*
 * Load the credentials before any network traffic, so a local mistake
 * (missing key, no agent) is reported as such and costs no connection.
 * *key stays NULL when the agent is to be used.
 */
static int
sshexec_load_key(const struct sshexec_config *cfg, ssh_key *key, char *err, size_t errlen)
{
	const char *sock;

	*key = NULL;
	if (cfg->identity != NULL) {
		if (ssh_pki_import_privkey_file(cfg->identity, NULL, sshexec_no_passphrase, NULL,
						key) != SSH_OK) {
			*key = NULL;
			snprintf(err, errlen,
				 "cannot read private key %s (missing, "
				 "unreadable, not a key, or protected by a "
				 "passphrase)",
				 cfg->identity);
			return -1;
		}
		return 0;
	}
	sock = getenv("SSH_AUTH_SOCK");
	if (sock == NULL || *sock == '\0') {
		snprintf(err, errlen,
			 "no identity file given (-i) and no SSH agent "
			 "(SSH_AUTH_SOCK is not set)");
		return -1;
	}
	return 0;
}

static int
sshexec_auth(struct sshexec *s, const struct sshexec_config *cfg, ssh_key key, const char *user,
	     char *err, size_t errlen)
{
	char how[512];
	int rc;

	if (key != NULL)
		snprintf(how, sizeof(how), "key %s", cfg->identity);
	else
		snprintf(how, sizeof(how), "SSH agent keys");
	for (;;) {
		if (key != NULL)
			rc = ssh_userauth_publickey(s->session, NULL, key);
		else
			rc = ssh_userauth_agent(s->session, NULL);
		if (rc != SSH_AUTH_AGAIN)
			break;
		if (sshexec_wait(s) < 0) {
			snprintf(err, errlen, "timed out authenticating as %s on %s:%d", user,
				 s->host, s->port);
			return -1;
		}
	}
	return sshexec_auth_result(s, rc, user, how, err, errlen);
}

struct sshexec *
sshexec_connect(const struct sshexec_config *cfg, char *err, size_t errlen)
{
	struct sshexec *s = NULL;
	ssh_key key = NULL;
	const char *user;
	double timeout_s, start_ms = clock_now_ms();
	int port;

	if (cfg == NULL || cfg->host == NULL || *cfg->host == '\0') {
		snprintf(err, errlen, "no host to connect to");
		return NULL;
	}
	/* libssh would read "user@host" as a user name: refuse it rather
	 * than log in as someone the operator did not name with -l. */
	if (strpbrk(cfg->host, "@ \t\r\n") != NULL || strlen(cfg->host) >= sizeof(s->host)) {
		snprintf(err, errlen, "invalid host name '%s'", cfg->host);
		return NULL;
	}
	port = cfg->port > 0 ? cfg->port : 22;
	if (port > 65535) {
		snprintf(err, errlen, "invalid port %d", cfg->port);
		return NULL;
	}
	if (cfg->known_hosts != NULL && access(cfg->known_hosts, R_OK) != 0) {
		snprintf(err, errlen,
			 "known hosts file %s cannot be read (%s): cannot "
			 "verify the host key of %s",
			 cfg->known_hosts, strerror(errno), cfg->host);
		return NULL;
	}
	user = cfg->user != NULL ? cfg->user : "vyos";
	if (*user == '\0') {
		snprintf(err, errlen, "empty user name");
		return NULL;
	}
	timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : SSHEXEC_DEFAULT_TIMEOUT_S;

	if (sshexec_load_key(cfg, &key, err, errlen) < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	s->deadline_ms = start_ms + timeout_s * 1000.0;
	snprintf(s->host, sizeof(s->host), "%s", cfg->host);
	s->port = port;
	s->session = ssh_new();
	if (s->session == NULL) {
		snprintf(err, errlen, "cannot create an SSH session");
		goto fail;
	}
	if (sshexec_set_options(s->session, cfg, port, user, err, errlen) < 0)
		goto fail;
	ssh_set_blocking(s->session, 0);

	if (sshexec_handshake(s, err, errlen) < 0 || sshexec_verify_host(s, cfg, err, errlen) < 0 ||
	    sshexec_auth(s, cfg, key, user, err, errlen) < 0)
		goto fail;
	ssh_key_free(key);
	return s;

fail:
	ssh_key_free(key);
	sshexec_close(s);
	return NULL;
}

static int
sshexec_buf_read(ssh_channel ch, int is_stderr, struct buf *b, char *err, size_t errlen)
{
	char chunk[16384];
	int n;

	for (;;) {
		n = ssh_channel_read_nonblocking(ch, chunk, sizeof(chunk), is_stderr);
		if (n == SSH_EOF || n == 0)
			return 0;
		if (n < 0) {
			snprintf(err, errlen, "reading the command's %s: %s",
				 is_stderr ? "stderr" : "output",
				 sshexec_ssh_error(ssh_channel_get_session(ch)));
			return -1;
		}
		if (b->len + (size_t)n > SSHEXEC_MAX_OUTPUT) {
			snprintf(err, errlen, "the command's %s exceeds %u bytes",
				 is_stderr ? "stderr" : "output", SSHEXEC_MAX_OUTPUT);
			return -1;
		}
		if (buf_put(b, chunk, (size_t)n) != 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
}

/*
 * ssh_channel_get_exit_status() answers -1 both for "not yet" and for
 * SSH_ERROR, so the status is taken from the callback instead.
 */
static void
sshexec_on_exit_status(ssh_session session, ssh_channel channel, int exit_status, void *userdata)
{
	struct sshexec_exit *x = userdata;

	x->have_status = 1;
	x->status = exit_status;
}

static void
sshexec_on_exit_signal(ssh_session session, ssh_channel channel, const char *signal, int core,
		       const char *errmsg, const char *lang, void *userdata)
{
	struct sshexec_exit *x = userdata;

	snprintf(x->signal, sizeof(x->signal), "%s", signal != NULL ? signal : "?");
}

/* Repeat a channel request until it is not SSH_AGAIN or time is up. */
static int
sshexec_channel_step(struct sshexec *s, ssh_channel ch, const char *cmd, int exec)
{
	int rc;

	for (;;) {
		rc = exec ? ssh_channel_request_exec(ch, cmd) : ssh_channel_open_session(ch);
		if (rc != SSH_AGAIN)
			return rc;
		if (sshexec_wait(s) < 0)
			return SSH_AGAIN;
	}
}

int
sshexec_run(struct sshexec *s, const char *remote_command, char **out, size_t *outlen,
	    char **errout, int *status, char *err, size_t errlen)
{
	struct buf ob, eb;
	struct sshexec_exit x;
	struct ssh_channel_callbacks_struct cb;
	ssh_channel ch = NULL;
	int rc, exit_status = -1, ret = -1;

	buf_init(&ob, SSHEXEC_MAX_OUTPUT);
	buf_init(&eb, SSHEXEC_MAX_OUTPUT);
	if (s == NULL || remote_command == NULL || out == NULL) {
		snprintf(err, errlen, "sshexec_run: missing argument");
		return -1;
	}
	ch = ssh_channel_new(s->session);
	if (ch == NULL) {
		snprintf(err, errlen, "cannot create an SSH channel: %s",
			 sshexec_ssh_error(s->session));
		goto out;
	}
	memset(&x, 0, sizeof(x));
	memset(&cb, 0, sizeof(cb));
	cb.userdata = &x;
	cb.channel_exit_status_function = sshexec_on_exit_status;
	cb.channel_exit_signal_function = sshexec_on_exit_signal;
	ssh_callbacks_init(&cb);
	if (ssh_set_channel_callbacks(ch, &cb) != SSH_OK) {
		snprintf(err, errlen, "cannot set SSH channel callbacks");
		goto out;
	}
	rc = sshexec_channel_step(s, ch, NULL, 0);
	if (rc != SSH_OK) {
		if (rc == SSH_AGAIN)
			snprintf(err, errlen, "timed out opening a channel on %s:%d", s->host,
				 s->port);
		else
			snprintf(err, errlen, "cannot open a channel on %s:%d: %s", s->host,
				 s->port, sshexec_ssh_error(s->session));
		goto out;
	}
	rc = sshexec_channel_step(s, ch, remote_command, 1);
	if (rc != SSH_OK) {
		if (rc == SSH_AGAIN)
			snprintf(err, errlen, "timed out starting the command on %s:%d", s->host,
				 s->port);
		else
			snprintf(err, errlen, "%s:%d refused to run the command: %s", s->host,
				 s->port, sshexec_ssh_error(s->session));
		goto out;
	}

	/*
	 * Done when the remote end has sent EOF, everything buffered has been
	 * read, and either the exit status arrived or the channel was closed
	 * (after which no status can come).
	 */
	for (;;) {
		if (sshexec_buf_read(ch, 0, &ob, err, errlen) < 0 ||
		    sshexec_buf_read(ch, 1, &eb, err, errlen) < 0)
			goto out;
		/* Reads stop pumping the socket once EOF is seen; this call
		 * processes what arrived after it (status, close) without
		 * waiting, since the session is non-blocking. */
		(void)ssh_channel_get_exit_status(ch);
		if (ssh_channel_is_eof(ch) && (x.have_status || ssh_channel_is_closed(ch)))
			break;
		/* Closed without EOF: what was read is all there is. */
		if (ssh_channel_is_closed(ch) && ssh_channel_poll(ch, 0) <= 0 &&
		    ssh_channel_poll(ch, 1) <= 0)
			break;
		if (!ssh_is_connected(s->session) ||
		    (ssh_get_status(s->session) & SSH_CLOSED_ERROR)) {
			snprintf(err, errlen, "SSH connection to %s:%d lost: %s", s->host, s->port,
				 sshexec_ssh_error(s->session));
			goto out;
		}
		/* Reading one stream may have pumped data into the other:
		 * read it now rather than wait for the socket (a command
		 * that never stops writing still meets the deadline). */
		if ((ssh_channel_poll(ch, 0) > 0 || ssh_channel_poll(ch, 1) > 0) &&
		    sshexec_left_ms(s) > 0)
			continue;
		if (sshexec_wait(s) < 0) {
			snprintf(err, errlen,
				 "timed out waiting for the command on %s:%d "
				 "(%zu bytes received)",
				 s->host, s->port, ob.len);
			goto out;
		}
	}
	exit_status = x.have_status ? x.status : -1;
	if (!x.have_status && x.signal[0] != '\0' && eb.len == 0) {
		/* Say why there is no status where the caller looks for
		 * stderr text. */
		(void)buf_printf(&eb, "killed by signal %s\n", x.signal);
	}

	*out = buf_steal(&ob, outlen);
	if (errout != NULL)
		*errout = buf_steal(&eb, NULL);
	if (status != NULL)
		*status = exit_status;
	if (*out == NULL || (errout != NULL && *errout == NULL)) {
		free(*out);
		*out = NULL;
		if (errout != NULL) {
			free(*errout);
			*errout = NULL;
		}
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ret = 0;
out:
	buf_free(&ob);
	buf_free(&eb);
	if (ch != NULL) {
		/* Non-blocking: this queues the close and returns at once. */
		(void)ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	return ret;
}

void
sshexec_close(struct sshexec *s)
{
	if (s == NULL)
		return;
	if (s->session != NULL) {
		if (ssh_is_connected(s->session))
			ssh_disconnect(s->session);
		ssh_free(s->session);
	}
	free(s);
}
