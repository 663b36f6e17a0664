/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "failover/record.h"

const char *
switch_direction_name(enum switch_direction d)
{
	switch (d) {
	case SWITCH_FAILOVER:
		return "failover";
	case SWITCH_FAILBACK:
		return "failback";
	case SWITCH_NONE:
		break;
	}
	return "none";
}

int
record_store_init(struct record_store *s, const char *dir,
		  const char *primary, const char *secondary, char *err,
		  size_t errlen)
{
	int a, b, c;

	s->lock_fd = -1;
	a = snprintf(s->dir, sizeof(s->dir), "%s", dir);
	b = snprintf(s->lock_path, sizeof(s->lock_path),
		     "%s/route-failover-%s-%s.lock", dir, primary, secondary);
	c = snprintf(s->state_path, sizeof(s->state_path),
		     "%s/route-failover-%s-%s.state", dir, primary, secondary);
	if (a < 0 || (size_t)a >= sizeof(s->dir) || b < 0 ||
	    (size_t)b >= sizeof(s->lock_path) || c < 0 ||
	    (size_t)c >= sizeof(s->state_path)) {
		snprintf(err, errlen, "state dir path too long: %s", dir);
		return -1;
	}
	return 0;
}

int
record_lock(struct record_store *s, double deadline_ms, char *err,
	    size_t errlen)
{
	int fd;

	if (mkdir(s->dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errlen,
			 "cannot create state dir %s: %s (create it writable "
			 "for the monitoring user, or use --state-dir)",
			 s->dir, strerror(errno));
		return -1;
	}
	if ((fd = open(s->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", s->lock_path,
			 strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || clock_now_ms() > deadline_ms) {
			snprintf(err, errlen, "cannot lock %s: %s",
				 s->lock_path,
				 errno == EWOULDBLOCK ? "another run holds it"
						      : strerror(errno));
			close(fd);
			return -1;
		}
		usleep(50 * 1000);
	}
	s->lock_fd = fd;
	return 0;
}

void
record_unlock(struct record_store *s)
{
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	s->lock_fd = -1;
}

int
record_read(const struct record_store *s, struct switch_record *r)
{
	char line[256], val[64];
	FILE *f;

	memset(r, 0, sizeof(*r));
	if ((f = fopen(s->state_path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "last_action=%63s", val) == 1)
			r->last = strcmp(val, "failover") == 0	 ? SWITCH_FAILOVER
				  : strcmp(val, "failback") == 0 ? SWITCH_FAILBACK
								 : SWITCH_NONE;
		(void)sscanf(line, "last_action_time=%lld", &r->last_time);
		(void)sscanf(line, "generation=%lld", &r->generation);
	}
	fclose(f);
	return 0;
}

int
record_write(const struct record_store *s, const struct switch_record *r)
{
	char tmp[1100];
	FILE *f;
	int ok;

	snprintf(tmp, sizeof(tmp), "%s.%ld", s->state_path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "last_action=%s\nlast_action_time=%lld\ngeneration=%lld\n",
		switch_direction_name(r->last), r->last_time, r->generation);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, s->state_path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}
