/* SPDX-License-Identifier: ISC */
/*
 * Run one command on a router over SSH with libssh, in process.
 * The server's host key must be in known_hosts: an unknown or changed key
 * is refused (never added).  Authentication: the identity file when given,
 * else the SSH agent.  Every step is bounded by the timeout.
 * ~/.ssh/config is not read: the options come from the caller only.  With an
 * explicit known_hosts file, /etc/ssh/ssh_known_hosts is not consulted.
 * Host names are resolved synchronously by libssh (give an address when the
 * resolver may hang).
 */
#ifndef VHA_SSHEXEC_H
#define VHA_SSHEXEC_H

#include <stddef.h>

struct sshexec_config {
	const char *host;
	int port;                /* <= 0: 22 */
	const char *user;        /* NULL: "vyos" */
	const char *identity;    /* private key file; NULL: agent */
	const char *known_hosts; /* NULL: ~/.ssh/known_hosts */
	double timeout_s;        /* connect + auth + command, in total;
				    <= 0: 10 s */
};

struct sshexec;

/* Connect, verify the host key, authenticate.  NULL with a reason in err
 * ("host key for HOST is not in FILE", "... has CHANGED", "authentication
 * refused for USER", "timed out connecting to HOST:PORT" ...). */
struct sshexec *sshexec_connect(const struct sshexec_config *cfg, char *err,
				size_t errlen);

/*
 * Run remote_command (already quoted for the remote shell) on a new channel.
 * *out gets stdout (heap, NUL-terminated, *outlen set), *errout stderr (heap,
 * NUL-terminated, may be NULL when not wanted), *status the exit status (-1
 * when the server sent none).  Returns 0, or -1 with a reason in err.
 */
int sshexec_run(struct sshexec *s, const char *remote_command, char **out,
		size_t *outlen, char **errout, int *status, char *err,
		size_t errlen);

void sshexec_close(struct sshexec *s);

#endif
