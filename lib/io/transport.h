/* SPDX-License-Identifier: ISC */
/*
 * How a check plugin gets the router's answer to a vtysh command:
 * over SSH (libssh, in process), by running vtysh locally from an argv
 * (--local), or from a saved file (--input FILE, "-" for stdin).
 */
#ifndef VHA_TRANSPORT_H
#define VHA_TRANSPORT_H

#include <stddef.h>

enum transport_kind {
	TRANSPORT_SSH,
	TRANSPORT_LOCAL,
	TRANSPORT_FILE,
};

struct transport_config {
	enum transport_kind kind;
	/* SSH */
	const char *host;
	int port;                /* <= 0: 22 */
	const char *user;        /* NULL: "vyos" */
	const char *identity;    /* NULL: the SSH agent */
	const char *known_hosts; /* NULL: ~/.ssh/known_hosts */
	/* LOCAL */
	const char *vtysh;       /* NULL: "/usr/bin/vtysh" */
	const char *vty_socket;  /* NULL: vtysh's default (--vty_socket DIR) */
	/* FILE */
	const char *input;       /* path or "-" */
	double timeout_s;        /* the whole exchange; connect and auth too */
};

struct transport;

/* What each kind does; impl is its own state.  run has transport_run's
 * contract below (the command already checked); close frees impl. */
struct transport_ops {
	int (*run)(void *impl, const char *command, char **out, size_t *len,
		   char **errout, int *status, char *err, size_t errlen);
	void (*close)(void *impl);
};

/* A transport over the caller's ops (a recording fake in tests); it owns
 * impl from here on.  NULL when out of memory. */
struct transport *transport_new(enum transport_kind kind,
				const struct transport_ops *ops, void *impl);

/* Connect (SSH: host key verified, authenticated).  Returns NULL with a
 * reason in err: unknown or changed host key, auth refused, timeout ... */
struct transport *transport_open(const struct transport_config *cfg,
				 char *err, size_t errlen);

/*
 * Run `vtysh -c COMMAND`: a command that ran is a success whatever its exit
 * status.  *out gets its stdout (heap, NUL-terminated, *len set), *status
 * its exit status (-1 unknown), *errout (heap; errout may be NULL when not
 * wanted; NULL or "" when nothing came) its stderr, so the caller can tell
 * "% Unknown command" from a failure.  For FILE the command is ignored and
 * the file is returned (the same bytes on every call).  Returns -1 with a
 * reason in err only when the command could not be run or timed out.
 * command is built by the program from validated parts, never passed to a
 * shell on this machine; over SSH it is quoted for the remote shell.
 */
int transport_run(struct transport *t, const char *command, char **out,
		  size_t *len, char **errout, int *status, char *err,
		  size_t errlen);

/* The kind the transport was opened as. */
enum transport_kind transport_get_kind(const struct transport *t);

/* "vtysh -c 'COMMAND'" with COMMAND single-quoted for a POSIX shell
 * (' becomes '\''); heap, NULL when out of memory. */
char *transport_remote_command(const char *command);

void transport_close(struct transport *t);

#endif
