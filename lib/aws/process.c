/* SPDX-License-Identifier: ISC */
/*
 * credential_process: split without a shell, run bounded, read JSON.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "aws/json.h"
#include "aws/process.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"

#define AWS_PROCESS_STDOUT_MAX (64 * 1024)
#define AWS_PROCESS_STDERR_MAX 4096

void
aws_process_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

static int
aws_process_push(char ***argv, size_t *n, struct buf *w)
{
	char **na, *s;

	if ((na = realloc(*argv, (*n + 2) * sizeof(*na))) == NULL)
		return -1;
	*argv = na;
	if ((s = buf_steal(w, NULL)) == NULL)
		return -1;
	na[(*n)++] = s;
	na[*n] = NULL;
	return 0;
}

int
aws_process_split(const char *cmd, char ***argv, char *err, size_t errlen)
{
	enum { OUT, WORD, SQ, DQ } st = OUT;
	struct buf w = BUF_INIT;
	const char *p;
	size_t n = 0;
	int rc = -1;

	*argv = NULL;
	for (p = cmd != NULL ? cmd : ""; *p != '\0'; p++) {
		int c = (unsigned char)*p, put = 0;

		switch (st) {
		case OUT:
		case WORD:
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				if (st == WORD && aws_process_push(argv, &n, &w) != 0)
					goto nomem;
				st = OUT;
			} else if (c == '\'') {
				st = SQ;
			} else if (c == '"') {
				st = DQ;
			} else if (c == '\\') {
				if (p[1] == '\0') {
					snprintf(err, errlen, "a backslash ends the command");
					goto out;
				}
				c = (unsigned char)*++p;
				put = 1;
			} else {
				put = 1;
			}
			/* A quote opens a word too, even an empty one: '' */
			if (st == OUT && put)
				st = WORD;
			break;
		case SQ:
			if (c == '\'')
				st = WORD;
			else
				put = 1;
			break;
		case DQ:
			if (c == '"') {
				st = WORD;
			} else if (c == '\\' && p[1] != '\0' && strchr("\"\\$`\n", p[1]) != NULL) {
				c = (unsigned char)*++p;
				put = 1;
			} else {
				put = 1;
			}
			break;
		}
		if (put && buf_putc(&w, (char)c) != 0)
			goto nomem;
	}
	if (st == SQ || st == DQ) {
		snprintf(err, errlen, "unterminated %s quote in the command",
			 st == SQ ? "single" : "double");
		goto out;
	}
	if (st == WORD && aws_process_push(argv, &n, &w) != 0)
		goto nomem;
	if (n == 0) {
		snprintf(err, errlen, "empty command");
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, "out of memory");
out:
	buf_free(&w);
	if (rc != 0) {
		aws_process_argv_free(*argv);
		*argv = NULL;
	}
	return rc;
}

int
aws_process_parse(const char *json, size_t len, struct aws_credentials *out, char *err,
		  size_t errlen)
{
	static const char *const secrets[] = {"SecretAccessKey", "SessionToken"};
	struct json_object *o, *v;
	const char *id, *secret, *token, *exp;
	time_t t = 0;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((o = aws_json_object(json, len)) == NULL) {
		snprintf(err, errlen, "its output is not a JSON object");
		return -1;
	}
	if (!json_object_object_get_ex(o, "Version", &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) != 1) {
		snprintf(err, errlen, "its output lacks \"Version\": 1");
		goto out;
	}
	id = aws_json_str(o, "AccessKeyId");
	secret = aws_json_str(o, "SecretAccessKey");
	token = aws_json_str(o, "SessionToken");
	exp = aws_json_str(o, "Expiration");
	if (id == NULL || *id == '\0' || secret == NULL || *secret == '\0') {
		snprintf(err, errlen, "its output lacks %s",
			 id == NULL || *id == '\0' ? "AccessKeyId" : "SecretAccessKey");
		goto out;
	}
	if (exp != NULL && aws_time_parse(exp, &t) != 0) {
		snprintf(err, errlen, "its output has a bad Expiration '%.40s'", exp);
		goto out;
	}
	if (token != NULL && *token == '\0')
		token = NULL;
	if (aws_credentials_set(out, id, secret, token, err, errlen) != 0)
		goto out;
	out->expiration = t;
	rc = 0;
out:
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		aws_json_wipe(o, secrets[i]);
	json_object_put(o);
	return rc;
}

/* Child side: never returns. */
static void
aws_process_child(char **argv, int out, int errfd)
{
	int null = open("/dev/null", O_RDONLY);

	/* Its own process group, so that the deadline kills its children
	 * too. */
	(void)setpgid(0, 0);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(127);
	closefrom(3);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Read what is there; 1 at EOF or on error (fd closed), else 0. */
static int
aws_process_drain(int *fd, struct buf *b, size_t max)
{
	char tmp[4096];
	ssize_t r = read(*fd, tmp, sizeof(tmp));

	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (r <= 0) {
		close(*fd);
		*fd = -1;
		return 1;
	}
	if (b->len + (size_t)r <= max)
		(void)buf_put(b, tmp, (size_t)r);
	explicit_bzero(tmp, sizeof(tmp));
	return 0;
}

/* Log the first line of stderr at -vv, unless it repeats a secret. */
static void
aws_process_log_stderr(const char *prog, const struct buf *e, const struct aws_credentials *c)
{
	const char *s = buf_str(e);
	size_t n = strcspn(s, "\n");

	if (e->len == 0)
		return;
	if (c != NULL && ((c->secret_access_key && strstr(s, c->secret_access_key)) ||
			  (c->session_token && strstr(s, c->session_token)) ||
			  (c->access_key_id && strstr(s, c->access_key_id)))) {
		log_debug("credential_process %s wrote %zu bytes to stderr (not shown: they "
			  "hold its credentials)", prog, e->len);
		return;
	}
	log_debug("credential_process %s wrote to stderr: %.*s%s", prog, (int)(n > 200 ? 200 : n),
		  s, n > 200 || s[n] != '\0' ? " ..." : "");
}

int
aws_process_credentials(const char *cmd, double deadline_ms, struct aws_credentials *out,
			char *err, size_t errlen)
{
	struct buf o, e = BUF_INIT;
	char **argv = NULL, why[256];
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, status = 0, killed = 0, rc = -1;
	struct pollfd fds[2];
	pid_t pid = -1, w;
	double now;

	memset(out, 0, sizeof(*out));
	buf_init_secret(&o, 0);
	if (aws_process_split(cmd, &argv, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "credential_process: %s", why);
		return -1;
	}
	if (deadline_ms <= 0)
		deadline_ms = clock_now_ms() + AWS_PROCESS_TIMEOUT_MS;
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		snprintf(err, errlen, "credential_process %s: cannot start: %s", argv[0],
			 strerror(errno));
		goto out;
	}
	if (pid == 0)
		aws_process_child(argv, po[1], pe[1]);
	(void)setpgid(pid, pid); /* both sides, so no race with kill */
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	while (po[0] >= 0 || pe[0] >= 0) {
		now = clock_now_ms();
		if (now >= deadline_ms) {
			killed = 1;
			break;
		}
		fds[0].fd = po[0];
		fds[1].fd = pe[0];
		fds[0].events = fds[1].events = POLLIN;
		if (poll(fds, 2, (int)(deadline_ms - now) + 1) < 0 && errno != EINTR)
			break;
		if (po[0] >= 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
			aws_process_drain(&po[0], &o, AWS_PROCESS_STDOUT_MAX);
		if (pe[0] >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
			aws_process_drain(&pe[0], &e, AWS_PROCESS_STDERR_MAX);
	}
	/* Output closed: the process should be gone or going. */
	while (!killed && (w = waitpid(pid, &status, WNOHANG)) == 0) {
		if (clock_now_ms() >= deadline_ms) {
			killed = 1;
			break;
		}
		nanosleep(&(struct timespec){0, 5000000L}, NULL);
	}
	if (killed) {
		(void)kill(-pid, SIGKILL);
		(void)kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		snprintf(err, errlen, "credential_process %s: killed, still running at the deadline",
			 argv[0]);
		aws_process_log_stderr(argv[0], &e, NULL);
		goto out;
	}
	if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
		if (WIFSIGNALED(status))
			snprintf(err, errlen, "credential_process %s: killed by signal %d", argv[0],
				 WTERMSIG(status));
		else
			snprintf(err, errlen, "credential_process %s: exit status %d", argv[0],
				 WEXITSTATUS(status));
		aws_process_log_stderr(argv[0], &e, NULL);
		goto out;
	}
	if (o.len >= AWS_PROCESS_STDOUT_MAX) {
		snprintf(err, errlen, "credential_process %s: more than %d bytes of output",
			 argv[0], AWS_PROCESS_STDOUT_MAX);
		goto out;
	}
	if (aws_process_parse(buf_str(&o), o.len, out, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "credential_process %s: %s", argv[0], why);
		aws_process_log_stderr(argv[0], &e, NULL);
		goto out;
	}
	aws_process_log_stderr(argv[0], &e, out);
	rc = 0;
out:
	if (po[0] >= 0)
		close(po[0]);
	if (po[1] >= 0)
		close(po[1]);
	if (pe[0] >= 0)
		close(pe[0]);
	if (pe[1] >= 0)
		close(pe[1]);
	buf_free(&o);
	buf_free(&e);
	aws_process_argv_free(argv);
	return rc;
}
