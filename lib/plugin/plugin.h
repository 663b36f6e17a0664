/*
 * Plugin runtime shared by every check plugin and event handler.
 *
 * A program reads:  plugin_init -> plugin_parse_args -> gather -> evaluate
 * -> plugin_perf_* -> plugin_exit.  Only plugin_exit() and the timeout
 * handler end the process; the rest of lib/ returns error codes.
 *
 * Output contract (monitoring-plugins guidelines): one line on stdout,
 * "SERVICE STATE - text | perfdata", exit 0/1/2/3.  Diagnostics requested
 * with -v go to stderr so stdout stays one line.
 */
#ifndef VHA_PLUGIN_H
#define VHA_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdnoreturn.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/range.h"
#include "core/state.h"
#include "core/text.h"

/* Verbosity levels, as in the guidelines and OpenSSH's -v steps. */
enum plugin_verbosity {
	VERB_NONE = 0,
	VERB_INFO = 1,   /* -v: a little more, still one screen */
	VERB_DEBUG = 2,  /* -vv: what is sent and received, minus secrets */
	VERB_DEBUG3 = 3, /* -vvv: everything useful for a bug report */
};

/* Common options a program may take, selected with a bit mask. */
enum plugin_common_opt {
	POPT_HOST = 1 << 0,     /* -H, --hostname */
	POPT_PORT = 1 << 1,     /* -p, --port */
	POPT_USER = 1 << 2,     /* -l, --logname */
	POPT_IDENTITY = 1 << 3, /* -i, --identity */
	POPT_WARN = 1 << 4,     /* -w, --warning */
	POPT_CRIT = 1 << 5,     /* -c, --critical */
	/* -h, -V, -v and -t are always present. */
};

/* A program-specific option: one row feeds getopt_long and --help. */
struct plugin_opt {
	const char *name; /* long name, without dashes */
	int has_arg;      /* no_argument / required_argument */
	int val;          /* short option char, or a value >= 256 for long only */
	const char *argname; /* e.g. "ADDR"; NULL for flags */
	const char *help;    /* one or more lines, '\n' separated */
};

#define PLUGIN_PERF_MAX 4096
#define PLUGIN_MSG_MAX 4096

struct plugin {
	const char *service;  /* "BGP", "ASPATH", "FAILOVER" ... */
	const char *progname; /* basename of argv[0] */
	const char *usage;    /* program-specific usage line(s) */
	const char *blurb;    /* what the program does, for --help */
	const char *examples; /* examples for --help, may be NULL */
	const char *summary;  /* first line of --help, may be NULL */
	unsigned common;      /* mask of enum plugin_common_opt */
	const struct plugin_opt *opts; /* program options, {NULL} terminated */
	const struct plugin_opt *opts_shared; /* a group shared with other
					       * programs (e.g. the EC2 route
					       * options), or NULL */

	/* Common option values; NULL / 0 / -1 when not given. */
	const char *host;
	int port;             /* -1 unset */
	const char *user;
	const char *identity;
	const char *warn;     /* raw -w text: its meaning is the program's */
	const char *crit;
	int verbose;
	unsigned timeout;     /* seconds; the default comes from the program */

	char perf[PLUGIN_PERF_MAX];
	size_t perflen;
	int perf_truncated;
};

/*
 * Initialise *p. default_timeout is what -t falls back to.
 */
void plugin_init(struct plugin *p, const char *service, const char *argv0,
		 unsigned default_timeout);

/*
 * Parse argv: the common options selected in p->common and the program's own
 * table p->opts.  For every option but -h -V -v -t, cb(ctx, val, optarg, err,
 * errlen) is called first (cb may be NULL); it returns 0 when it took the
 * option, or -1 after writing why into err, or -1 with err left empty to let
 * the runtime store a common option (-H -p -l -i -w -c) in *p.  -h and -V print
 * and exit 0; any error exits UNKNOWN with one line naming the argument.
 * Returns optind (the first operand); programs that take no operands should
 * call plugin_no_operands().
 */
typedef int (*plugin_opt_cb)(void *ctx, int val, const char *arg, char *err,
			     size_t errlen);
int plugin_parse_args(struct plugin *p, int argc, char **argv,
		      plugin_opt_cb cb, void *ctx);
void plugin_no_operands(const struct plugin *p, int argc, char **argv,
			int optind);

/* Print --help to stdout (exposed for tests; plugin_parse_args calls it). */
void plugin_print_help(const struct plugin *p);

/*
 * Arm the -t timeout: when it fires the process prints
 * "SERVICE UNKNOWN - timed out after N s (what)" and exits 3.
 * what may be NULL; it is copied.  Calling again re-arms the full timeout
 * from now, with the new text.
 */
void plugin_timeout_start(struct plugin *p, const char *what);
/* Seconds left before the -t timeout fires (at least 0). */
double plugin_time_left(const struct plugin *p);

/*
 * Append one perfdata item: 'label'=value[uom];[warn];[crit];[min];[max].
 * warn/crit may be NULL; min/max are printed when have_min/have_max.
 * Labels with spaces or '=' are quoted.
 */
void plugin_perf(struct plugin *p, const char *label, double value,
		 const char *uom, const struct range *warn,
		 const struct range *crit, int have_min, double min,
		 int have_max, double max);
/* Append raw, already formatted perfdata text (e.g. "rta=1.2ms;200;500;0"). */
void plugin_perf_raw(struct plugin *p, const char *text);

/* Write the status line and exit with state. fmt is the text after " - ". */
noreturn void plugin_exit(const struct plugin *p, enum state state,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
noreturn void plugin_vexit(const struct plugin *p, enum state state,
			   const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Log at a -v step (enum plugin_verbosity) through core/log.h; VERB_NONE is
 * a warning, always shown. */
void plugin_log(const struct plugin *p, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
