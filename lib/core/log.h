/* SPDX-License-Identifier: ISC */
/*
 * The one logger of lib/ (after OpenSSH's log.c): every layer logs through
 * log_msg and its shorthands; where the words go is set once by the program.
 *
 * Levels follow the plugin guidelines' -v steps.  A message goes to stderr
 * ("progname: text") when the verbosity reaches its level's step (warnings
 * always, notices and info from -v, debug from -vv, debug3 from -vvv), so
 * stdout keeps its one status line.  Warnings and notices (what a program
 * did, e.g. the handler's one line per route) also go to the sink when one
 * is set: the handler's syslog or --log-file.  Never pass a secret to any of
 * these.
 */
#ifndef VHA_CORE_LOG_H
#define VHA_CORE_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_WARN_LEVEL,	  /* something the operator must know: always */
	LOG_NOTICE_LEVEL, /* an action taken: to the sink; stderr from -v */
	LOG_INFO_LEVEL,	  /* -v */
	LOG_DEBUG_LEVEL,  /* -vv: what is sent and received, minus secrets */
	LOG_DEBUG3_LEVEL, /* -vvv: everything useful for a bug report */
};

typedef void log_sink_fn(void *ctx, const char *msg);

/* Name the program (the stderr prefix) and set the verbosity (0..3). */
void log_init(const char *progname, int verbosity);
int log_verbosity(void);
/* Send warnings and notices to fn(ctx, msg) too; fn NULL removes it. */
void log_set_sink(log_sink_fn *fn, void *ctx);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#define log_warn(...) log_msg(LOG_WARN_LEVEL, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE_LEVEL, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO_LEVEL, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG_LEVEL, __VA_ARGS__)
#define log_debug3(...) log_msg(LOG_DEBUG3_LEVEL, __VA_ARGS__)

#endif
