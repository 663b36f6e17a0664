/* SPDX-License-Identifier: ISC */
/*
 * The FILE transport: a saved answer (--input FILE, "-" for stdin), read
 * once at open and handed out again for every command.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "io/transport_int.h"

struct file_impl {
	char *buf;
	size_t len;
};

static int
read_file(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	struct buf b;
	char chunk[65536];
	ssize_t n;
	int fd;

	buf_init(&b, TRANSPORT_ANSWER_MAX);
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

static int
file_run(void *impl, const char *command, char **out, size_t *len, char **errout,
	 int *status, char *err, size_t errlen)
{
	struct file_impl *f = impl;

	(void)command;
	(void)errout;
	if ((*out = malloc(f->len + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(*out, f->buf, f->len + 1);
	*len = f->len;
	*status = 0;
	return 0;
}

static void
file_close(void *impl)
{
	struct file_impl *f = impl;

	free(f->buf);
	free(f);
}

static const struct transport_ops file_ops = { file_run, file_close };

int
transport_file_open(const struct transport_config *cfg, const struct transport_ops **ops,
		    void **impl, char *err, size_t errlen)
{
	struct file_impl *f;

	if (cfg->input == NULL) {
		snprintf(err, errlen, "no input file");
		return -1;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (read_file(cfg->input, &f->buf, &f->len, err, errlen) != 0) {
		free(f);
		return -1;
	}
	*ops = &file_ops;
	*impl = f;
	return 0;
}
