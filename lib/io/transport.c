/*
 * Transport dispatcher: the same question (a vtysh command) answered over
 * SSH (lib/io/sshexec.c), by vtysh on this machine (fork/execv, no shell), or
 * from a saved file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "io/sshexec.h"
#include "io/transport.h"

/* Nothing a router says to these commands comes near this; a runaway
 * stream must not eat the monitoring server's memory. */
#define ANSWER_MAX ((size_t)512 * 1024 * 1024)

struct transport {
	enum transport_kind kind;
	double timeout_s;
	/* FILE */
	char *file_buf;
	size_t file_len;
	/* LOCAL */
	char *vtysh;
	char *vty_socket;
	/* SSH */
	struct sshexec *ssh;
};

static int
read_file(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	struct buf b;
	char chunk[65536];
	ssize_t n;
	int fd;

	buf_init(&b, ANSWER_MAX);
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
			return -1;
		}
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (buf_put(&b, chunk, (size_t)n) != 0) {
			snprintf(err, errlen, "%s: too large or out of memory", path);
			goto fail;
		}
	}
	if ((*out = buf_steal(&b, len)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	buf_free(&b);
	return -1;
}

struct transport *
transport_open(const struct transport_config *cfg, char *err, size_t errlen)
{
	struct transport *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->kind = cfg->kind;
	t->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 10;
	switch (cfg->kind) {
	case TRANSPORT_FILE:
		if (cfg->input == NULL) {
			snprintf(err, errlen, "no input file");
			goto fail;
		}
		if (read_file(cfg->input, &t->file_buf, &t->file_len, err, errlen) != 0)
			goto fail;
		return t;
	case TRANSPORT_LOCAL:
		t->vtysh = strdup(cfg->vtysh ? cfg->vtysh : "/usr/bin/vtysh");
		if (t->vtysh == NULL)
			goto oom;
		if (t->vtysh[0] != '/') {
			snprintf(err, errlen, "vtysh must be given by full path, not %s", t->vtysh);
			goto fail;
		}
		if (access(t->vtysh, X_OK) != 0) {
			snprintf(err, errlen, "cannot run %s: %s", t->vtysh, strerror(errno));
			goto fail;
		}
		if (cfg->vty_socket != NULL) {
			t->vty_socket = strdup(cfg->vty_socket);
			if (t->vty_socket == NULL)
				goto oom;
		}
		return t;
	case TRANSPORT_SSH: {
		struct sshexec_config sc = {
		    .host = cfg->host,
		    .port = cfg->port,
		    .user = cfg->user,
		    .identity = cfg->identity,
		    .known_hosts = cfg->known_hosts,
		    .timeout_s = t->timeout_s,
		};

		if (cfg->host == NULL) {
			snprintf(err, errlen, "no host to connect to");
			goto fail;
		}
		t->ssh = sshexec_connect(&sc, err, errlen);
		if (t->ssh == NULL)
			goto fail;
		return t;
	}
	}
	snprintf(err, errlen, "unknown transport");
	goto fail;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	transport_close(t);
	return NULL;
}

/* 'x' -> 'x'; ' -> '\'' : safe for any POSIX shell on the router. */
static char *
shell_quote(const char *s)
{
	size_t n = 2, i;
	char *q, *o;

	for (i = 0; s[i]; i++)
		n += s[i] == '\'' ? 4 : 1;
	q = malloc(n + 1);
	if (q == NULL)
		return NULL;
	o = q;
	*o++ = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = s[i];
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

char *
transport_remote_command(const char *command)
{
	char *q = shell_quote(command), *r;
	size_t n;

	if (q == NULL)
		return NULL;
	n = strlen(q) + sizeof("vtysh -c ");
	r = malloc(n);
	if (r != NULL)
		snprintf(r, n, "vtysh -c %s", q);
	free(q);
	return r;
}

static int
run_local(struct transport *t, const char *command, char **out, size_t *outlen, char **errout,
	  int *status, char *err, size_t errlen)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, ws, rc = -1;
	struct buf bo, be;
	char *argv[6], chunk[65536];
	double deadline_ms = clock_now_ms() + t->timeout_s * 1000.0;
	pid_t pid;
	size_t a = 0;
	int open_fds = 2;

	buf_init(&bo, ANSWER_MAX);
	buf_init(&be, ANSWER_MAX);
	argv[a++] = t->vtysh;
	if (t->vty_socket != NULL) {
		argv[a++] = (char *)"--vty_socket";
		argv[a++] = t->vty_socket;
	}
	argv[a++] = (char *)"-c";
	argv[a++] = (char *)command;
	argv[a] = NULL;
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		/* Its own process group, so a timeout kills its children. */
		setpgid(0, 0);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		execv(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no race with the kill below */
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	while (open_fds > 0) {
		struct pollfd pf[2];
		nfds_t nf = 0;
		double left_ms = deadline_ms - clock_now_ms();
		int r;

		if (left_ms <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &ws, 0);
			snprintf(err, errlen, "%s timed out after %.1f s", t->vtysh, t->timeout_s);
			goto out;
		}
		if (po[0] >= 0)
			pf[nf++] = (struct pollfd){.fd = po[0], .events = POLLIN};
		if (pe[0] >= 0)
			pf[nf++] = (struct pollfd){.fd = pe[0], .events = POLLIN};
		r = poll(pf, nf, (int)left_ms + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			kill(-pid, SIGKILL);
			waitpid(pid, &ws, 0);
			goto out;
		}
		for (nfds_t i = 0; i < nf; i++) {
			ssize_t n;
			int *fdp = pf[i].fd == po[0] ? &po[0] : &pe[0];
			struct buf *b = fdp == &po[0] ? &bo : &be;

			if (pf[i].revents == 0)
				continue;
			n = read(*fdp, chunk, sizeof(chunk));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close(*fdp);
				*fdp = -1;
				open_fds--;
				continue;
			}
			if (buf_put(b, chunk, (size_t)n) != 0) {
				snprintf(err, errlen,
					 "vtysh answer too large or out of "
					 "memory");
				kill(-pid, SIGKILL);
				waitpid(pid, &ws, 0);
				goto out;
			}
		}
	}
	while (waitpid(pid, &ws, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "waitpid: %s", strerror(errno));
			goto out;
		}
	}
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127 && bo.len == 0 && be.len == 0) {
		snprintf(err, errlen, "cannot execute %s", t->vtysh);
		goto out;
	}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	if (WIFSIGNALED(ws)) {
		snprintf(err, errlen, "%s killed by signal %d", t->vtysh, WTERMSIG(ws));
		goto out;
	}
	/* stderr stays NULL when the command wrote none. */
	if ((*out = buf_steal(&bo, outlen)) == NULL ||
	    (errout != NULL && be.len > 0 && (*errout = buf_steal(&be, NULL)) == NULL))
		goto oom;
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	if (rc != 0) {
		free(*out);
		*out = NULL;
	}
	buf_free(&bo);
	buf_free(&be);
	return rc;
}

int
transport_run_full(struct transport *t, const char *command, char **out, size_t *len, char **errout,
		   int *status, char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	if (errout != NULL)
		*errout = NULL;
	*status = -1;
	/* vtysh runs each line of -c as a command: one line only. */
	for (const char *p = command; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "refusing a command with control characters");
			return -1;
		}
	}
	switch (t->kind) {
	case TRANSPORT_FILE:
		*out = malloc(t->file_len + 1);
		if (*out == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(*out, t->file_buf, t->file_len + 1);
		*len = t->file_len;
		*status = 0;
		return 0;
	case TRANSPORT_LOCAL:
		return run_local(t, command, out, len, errout, status, err, errlen);
	case TRANSPORT_SSH: {
		char *rc = transport_remote_command(command);
		int r;

		if (rc == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		r = sshexec_run(t->ssh, rc, out, len, errout, status, err, errlen);
		free(rc);
		return r;
	}
	}
	snprintf(err, errlen, "unknown transport");
	return -1;
}

enum transport_kind
transport_get_kind(const struct transport *t)
{
	return t->kind;
}

void
transport_close(struct transport *t)
{
	if (t == NULL)
		return;
	if (t->ssh != NULL)
		sshexec_close(t->ssh);
	free(t->file_buf);
	free(t->vtysh);
	free(t->vty_socket);
	free(t);
}
