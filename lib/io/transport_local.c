/* SPDX-License-Identifier: ISC */
/*
 * The LOCAL transport (--local): vtysh on this machine, run from an argv
 * (fork/execv, no shell) in its own process group, killed with its children
 * when the deadline passes.
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
#include "io/transport_int.h"

struct local_impl {
	char *vtysh;
	char *vty_socket;
	double timeout_s;
};

static int
local_run(void *impl, const char *command, char **out, size_t *outlen, char **errout,
	  int *status, char *err, size_t errlen)
{
	struct local_impl *t = impl;
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, ws, rc = -1;
	struct buf bo, be;
	char *argv[6], chunk[65536];
	double deadline_ms = clock_now_ms() + t->timeout_s * 1000.0;
	pid_t pid;
	size_t a = 0;
	int open_fds = 2;

	buf_init(&bo, TRANSPORT_ANSWER_MAX);
	buf_init(&be, TRANSPORT_ANSWER_MAX);
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

static void
local_close(void *impl)
{
	struct local_impl *t = impl;

	free(t->vtysh);
	free(t->vty_socket);
	free(t);
}

static const struct transport_ops local_ops = { local_run, local_close };

int
transport_local_open(const struct transport_config *cfg, double timeout_s,
		     const struct transport_ops **ops, void **impl, char *err, size_t errlen)
{
	struct local_impl *t = calloc(1, sizeof(*t));

	if (t == NULL)
		goto oom;
	t->timeout_s = timeout_s;
	if ((t->vtysh = strdup(cfg->vtysh ? cfg->vtysh : "/usr/bin/vtysh")) == NULL)
		goto oom;
	if (t->vtysh[0] != '/') {
		snprintf(err, errlen, "vtysh must be given by full path, not %s", t->vtysh);
		goto fail;
	}
	if (access(t->vtysh, X_OK) != 0) {
		snprintf(err, errlen, "cannot run %s: %s", t->vtysh, strerror(errno));
		goto fail;
	}
	if (cfg->vty_socket != NULL && (t->vty_socket = strdup(cfg->vty_socket)) == NULL)
		goto oom;
	*ops = &local_ops;
	*impl = t;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	if (t != NULL)
		local_close(t);
	return -1;
}
