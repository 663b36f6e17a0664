/* SPDX-License-Identifier: ISC */
/*
 * The SSH transport: vtysh on the router through lib/io/sshexec (libssh,
 * host key verified), the command quoted for the router's shell.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/sshexec.h"
#include "io/transport_int.h"

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
ssh_run(void *impl, const char *command, char **out, size_t *len, char **errout, int *status,
	char *err, size_t errlen)
{
	char *rc = transport_remote_command(command);
	int r;

	if (rc == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r = sshexec_run(impl, rc, out, len, errout, status, err, errlen);
	free(rc);
	return r;
}

static void
ssh_close(void *impl)
{
	sshexec_close(impl);
}

static const struct transport_ops ssh_ops = { ssh_run, ssh_close };

int
transport_ssh_open(const struct transport_config *cfg, double timeout_s,
		   const struct transport_ops **ops, void **impl, char *err, size_t errlen)
{
	struct sshexec_config sc = {
	    .host = cfg->host,
	    .port = cfg->port,
	    .user = cfg->user,
	    .identity = cfg->identity,
	    .known_hosts = cfg->known_hosts,
	    .timeout_s = timeout_s,
	};

	if (cfg->host == NULL) {
		snprintf(err, errlen, "no host to connect to");
		return -1;
	}
	if ((*impl = sshexec_connect(&sc, err, errlen)) == NULL)
		return -1;
	*ops = &ssh_ops;
	return 0;
}
