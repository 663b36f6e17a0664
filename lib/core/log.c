/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/log.h"

static const char *log_progname = "vyos-ha";
static int log_level_max;
static log_sink_fn *log_sink;
static void *log_sink_ctx;

void
log_init(const char *progname, int verbosity)
{
	if (progname != NULL)
		log_progname = progname;
	log_level_max = verbosity;
}

int
log_verbosity(void)
{
	return log_level_max;
}

void
log_set_sink(log_sink_fn *fn, void *ctx)
{
	log_sink = fn;
	log_sink_ctx = ctx;
}

void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	/* The -v step from which each level reaches stderr. */
	static const int step[] = {
		[LOG_WARN_LEVEL] = 0,  [LOG_NOTICE_LEVEL] = 1, [LOG_INFO_LEVEL] = 1,
		[LOG_DEBUG_LEVEL] = 2, [LOG_DEBUG3_LEVEL] = 3,
	};
	int to_sink = log_sink != NULL && level <= LOG_NOTICE_LEVEL;
	int to_stderr = log_level_max >= step[level];
	char msg[1024];

	if (!to_stderr && !to_sink)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (to_sink)
		log_sink(log_sink_ctx, msg);
	if (to_stderr)
		fprintf(stderr, "%s: %s\n", log_progname, msg);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
