/* SPDX-License-Identifier: ISC */
/*
 * Transport dispatcher: the same question (a vtysh command) answered by one
 * of three kinds behind an ops table, like the HTTP seam: SSH
 * (transport_ssh.c), vtysh on this machine (transport_local.c) or a saved
 * file (transport_file.c); tests bring their own with transport_new.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/transport_int.h"

struct transport {
	enum transport_kind kind;
	const struct transport_ops *ops;
	void *impl;
};

struct transport *
transport_new(enum transport_kind kind, const struct transport_ops *ops, void *impl)
{
	struct transport *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->kind = kind;
	t->ops = ops;
	t->impl = impl;
	return t;
}

struct transport *
transport_open(const struct transport_config *cfg, char *err, size_t errlen)
{
	const struct transport_ops *ops = NULL;
	double timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 10;
	struct transport *t;
	void *impl = NULL;
	int rc;

	switch (cfg->kind) {
	case TRANSPORT_FILE:
		rc = transport_file_open(cfg, &ops, &impl, err, errlen);
		break;
	case TRANSPORT_LOCAL:
		rc = transport_local_open(cfg, timeout_s, &ops, &impl, err, errlen);
		break;
	case TRANSPORT_SSH:
		rc = transport_ssh_open(cfg, timeout_s, &ops, &impl, err, errlen);
		break;
	default:
		snprintf(err, errlen, "unknown transport");
		return NULL;
	}
	if (rc != 0)
		return NULL;
	if ((t = transport_new(cfg->kind, ops, impl)) == NULL) {
		ops->close(impl);
		snprintf(err, errlen, "out of memory");
	}
	return t;
}

int
transport_run(struct transport *t, const char *command, char **out, size_t *len, char **errout,
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
	return t->ops->run(t->impl, command, out, len, errout, status, err, errlen);
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
	t->ops->close(t->impl);
	free(t);
}
