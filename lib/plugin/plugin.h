/* SPDX-License-Identifier: ISC */
/*
 * Plugin runtime shared by every check plugin and event handler: the only
 * code in lib/ that prints to stdout or ends the process.
 *
 * How a program uses it (plugins/check_vyos_alive*.{c,h} is the worked
 * example):
 *
 *  1. Config.  The program's header (plugins/PROG.h) declares its
 *     struct config, embedding the structs of any shared groups it takes
 *     (struct plugin_remote for -H/-p/-l/-i, struct route_args, ...), and
 *     `extern const struct plugin_doc PROG_doc;`.
 *
 *  2. Options and doc.  ONE source, plugins/PROG_doc.c, holds the typed
 *     option rows and the struct plugin_doc (name, summary, synopsis,
 *     description, groups, examples, exit status, see also).  A row names
 *     the option, its help, its type and where it stores (offsetof into the
 *     struct its group is bound to):
 *
 *	static const struct plugin_option alive_opts[] = {
 *		{ .name = "packets", .letter = 'n', .argname = "COUNT",
 *		  .help = "Echo requests to send, 1 to 1000 (default: 5)",
 *		  .type = PLUGIN_OPT_UINT, .min = 1, .max = 1000, .def = "5",
 *		  .off = offsetof(struct config, packets) },
 *		{ .name = NULL },
 *	};
 *	static const struct plugin_group alive_groups[] = {
 *		{ plugin_opts_host, offsetof(struct config, remote) },
 *		{ alive_opts, 0 },
 *		{ NULL, 0 },
 *	};
 *	const struct plugin_doc check_vyos_alive_doc = {
 *		.name = "check_vyos_alive", .summary = "...",
 *		.groups = alive_groups, ...
 *	};
 *
 *     A group is a row table plus the offset of the struct its rows store
 *     into (0: the config itself), so a shared table (plugin_opts_host,
 *     plugin_opts_login, the EC2 route rows, the BGP rows) is written once
 *     and bound by each program where its config keeps it.  -t, -v, -h and
 *     -V are always there (stored in struct plugin).  A letter or name
 *     used twice, or a row missing what its type needs, is an UNKNOWN
 *     "internal error" on the first run, so tests catch it.
 *
 *  3. main: memset the config to zero (every option starts unset), then
 *     plugin_init(&p, "SERVICE", argv[0], default_timeout);
 *     plugin_parse(&p, &PROG_doc, &config, argc, argv);  it validates every
 *     value (one UNKNOWN line naming the option on a bad one), rejects
 *     operands, fills the defaults of the rows not given (`.def`, parsed as
 *     if given, so precedence is explicit: command line, then default), then
 *     checks PLUGIN_OPT_REQUIRED rows.  After it, the program checks what
 *     needs several options together (plugin_given tells what was typed).
 *
 *  4. gather -> evaluate (pure, returns structs) -> render: fill a
 *     struct plugin_result with one item per thing looked at (state + text),
 *     optionally a summary, perfdata with plugin_perf*, then
 *     plugin_render(&p, &result): one status line, worst state, problems
 *     first, "and N more" when long, perfdata after '|', exit.
 *     plugin_exit() stays for early failures ("cannot resolve ...").
 *
 *  5. Man page: Makefile.am builds man/PROG.1 with tools/mkman.c linked to
 *     plugins/PROG_doc.c (see the "man pages" section there); --help and the
 *     page come from the same struct plugin_doc.
 *
 * Output contract (monitoring-plugins guidelines): one line on stdout,
 * "SERVICE STATE - text | perfdata", exit 0/1/2/3.  Diagnostics requested
 * with -v go to stderr (plugin_log, core/log.h) so stdout stays one line.
 */
#ifndef VHA_PLUGIN_H
#define VHA_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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

/* ---- typed option rows ---------------------------------------------------- */

enum plugin_opt_type {
	PLUGIN_OPT_FLAG,   /* no argument: int field = .value (1 when 0) */
	PLUGIN_OPT_COUNT,  /* no argument: int field += 1 per use */
	PLUGIN_OPT_UINT,   /* unsigned field, .min to .max (.unit names it) */
	PLUGIN_OPT_STRING, /* const char * field (into argv), never empty */
	PLUGIN_OPT_WORD,   /* int field = the .words entry's value (an enum
			    * field is int-sized on every ABI we build for) */
	PLUGIN_OPT_RANGE,  /* struct range field (core/range.h) */
	PLUGIN_OPT_CIDR,   /* struct cidr field (core/netaddr.h) */
	PLUGIN_OPT_AWS_ID, /* const char * field: .prefix "-" hex id; .prefix
			    * may list alternatives: "i|eni" */
	PLUGIN_OPT_CUSTOM, /* .parse(row, field, arg, err, errlen) */
};

enum plugin_opt_flags {
	/*
	 * Repeatable: the field is an array of .max_items elements (const
	 * char * for STRING/AWS_ID, struct cidr, unsigned for UINT, .item_size
	 * bytes for CUSTOM, handed to the parser zeroed and compared with
	 * memcmp, e.g. a char[] holding a canonical address) and the size_t at
	 * .count_off counts them.  One argument may hold several
	 * values separated by commas ("rtb-a,rtb-b"); a value given twice is
	 * kept once.
	 */
	PLUGIN_OPT_LIST = 1 << 0,
	/* plugin_parse fails with "missing -x ARG (see --help)" without it. */
	PLUGIN_OPT_REQUIRED = 1 << 1,
	/* Accepted but left out of --help and the man page. */
	PLUGIN_OPT_HIDDEN = 1 << 2,
};

/* One word of a PLUGIN_OPT_WORD row; a table ends with { NULL, 0 }. */
struct plugin_word {
	const char *word;
	int value;
};

struct plugin_option;
/*
 * A CUSTOM row's parser: store arg into field (the row's storage), return 0;
 * or return -1 with a reason in err that names the value (the runtime
 * prints "invalid --NAME: REASON").
 */
typedef int plugin_opt_parse_fn(const struct plugin_option *o, void *field,
				const char *arg, char *err, size_t errlen);

/*
 * One option.  Error lines: UINT, STRING, WORD and AWS_ID say
 * "invalid --NAME 'ARG': expected ..."; RANGE, CIDR and CUSTOM say
 * "invalid --NAME: REASON" with their parser's reason (which quotes ARG).
 */
struct plugin_option {
	const char *name;    /* long name without dashes; NULL ends a table */
	int letter;          /* short option letter, 0 for long only */
	const char *argname; /* "COUNT"; NULL for FLAG and COUNT */
	const char *help;    /* prose, wrapped by the renderers; a line that
				starts with two spaces is kept as it is */
	enum plugin_opt_type type;
	size_t off;          /* offsetof(bound struct, field) */
	unsigned flags;      /* enum plugin_opt_flags */
	const char *def;     /* default as argument text, parsed after
				reading when the option was not given */
	unsigned long min, max; /* UINT bounds (max 0: UINT_MAX) */
	const char *unit;    /* UINT: "milliseconds" in the error, or NULL */
	int value;           /* FLAG: what is stored (0 stores 1) */
	const struct plugin_word *words; /* WORD */
	const char *prefix;  /* AWS_ID */
	size_t count_off;    /* LIST: offsetof(bound struct, size_t count) */
	size_t max_items;    /* LIST: capacity of the array */
	size_t item_size;    /* LIST of CUSTOM: bytes per element */
	plugin_opt_parse_fn *parse; /* CUSTOM */
};

/*
 * A table of rows bound to where they store: the rows' .off (and
 * .count_off) are relative to config + base.  A program's list of groups
 * ends with { NULL, 0 }.
 */
struct plugin_group {
	const struct plugin_option *opts;
	size_t base; /* offsetof(struct config, member); 0: config itself */
};

/* The common group: the router to ask.  Rows store into this struct. */
struct plugin_remote {
	const char *host;     /* -H */
	unsigned port;        /* -p; 0 when not given */
	const char *user;     /* -l */
	const char *identity; /* -i */
};
extern const struct plugin_option plugin_opts_host[];  /* -H */
extern const struct plugin_option plugin_opts_login[]; /* -p -l -i (SSH) */

/* ---- the per-program documentation source --------------------------------- */

/*
 * Everything --help and the man page say, in one place per program.
 * Prose fields: paragraphs separated by a blank line, wrapped by the
 * renderer; lines that start with two spaces are kept as they are (tables,
 * commands).  Only name and summary are required.
 */
struct plugin_doc {
	const char *name;        /* "check_vyos_alive" */
	const char *summary;     /* one line, no final period */
	const char *synopsis;    /* arguments after the name; '\n' between
				    alternative forms */
	const char *description; /* prose */
	const struct plugin_group *groups; /* options, { NULL, 0 } ended */
	const char *examples;    /* command lines, one per line */
	const char *exit_status; /* prose; NULL: the four plugin states */
	const char *see_also;    /* "check_icmp(8), ..." */
};

/* Write --help for doc (80 columns) / a roff man page (section 1) to f. */
void plugin_help_write(FILE *f, const struct plugin_doc *doc);
int plugin_man_write(FILE *f, const struct plugin_doc *doc);

/* ---- the run ---------------------------------------------------------------- */

#define PLUGIN_PERF_MAX 4096
#define PLUGIN_MSG_MAX 4096
#define PLUGIN_MAX_OPTS 64

struct plugin {
	const char *service;  /* "BGP", "ASPATH", "FAILOVER" ... */
	const char *progname; /* basename of argv[0] */
	int verbose;          /* -v count */
	unsigned timeout;     /* -t seconds; the default comes from init */

	/* What plugin_parse saw, for plugin_given. */
	const struct plugin_doc *doc;
	const struct plugin_option *rows[PLUGIN_MAX_OPTS];
	unsigned char given[PLUGIN_MAX_OPTS];
	size_t nrows;
	char **owned; /* copies of comma-separated arguments */
	size_t nowned;

	char perf[PLUGIN_PERF_MAX];
	size_t perflen;
	int perf_truncated;
};

/* Initialise *p. default_timeout is what -t falls back to. */
void plugin_init(struct plugin *p, const char *service, const char *argv0,
		 unsigned default_timeout);

/*
 * Parse argv into config by doc's groups (see the top of this file).
 * -h and -V print and exit 0; a bad value, an unknown option, a missing
 * argument, an operand or a missing required option exit UNKNOWN with one
 * line naming it.  On return every given value is valid, the defaults are
 * filled and the log has its -v level.
 */
void plugin_parse(struct plugin *p, const struct plugin_doc *doc,
		  void *config, int argc, char **argv);

/* 1 when the option with this long name was on the command line. */
int plugin_given(const struct plugin *p, const char *name);

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
/*
 * Format a perfdata label into buf (printf-like) and make it graph-safe:
 * every character outside [A-Za-z0-9_-] becomes '_'.  Graphite takes '.'
 * as a path separator and IPv6 colons make labels unreadable, so a label
 * built from an address ("169.254.11.1", "fd00:11::1") must go through
 * here: "169_254_11_1", "fd00_11__1".  The address stays in the label
 * (not a description or hostname) so the metric keeps its name.  buf is
 * always terminated; a too long label is cut at len - 1.
 */
void plugin_perf_label(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append raw, already formatted perfdata text (e.g. "rta=1.2ms;200;500;0"). */
void plugin_perf_raw(struct plugin *p, const char *text);

/* Write the status line and exit with state. fmt is the text after " - ". */
noreturn void plugin_exit(const struct plugin *p, enum state state,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Log at a -v step (enum plugin_verbosity) through core/log.h; VERB_NONE is
 * a warning, always shown. */
void plugin_log(const struct plugin *p, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- results (after monitoring-plugins' mp_check / mp_subcheck) ---------- */

/* One thing the program looked at. text NULL: it counts, it is not listed. */
struct plugin_item {
	enum state state;
	char *text;
};

/*
 * What a run found.  Start with PLUGIN_RESULT_INIT; add items; set a
 * summary when the status line's start must read a fixed way.  The
 * renderer's text is: SUMMARY [LEAD item SEP item ...], items with text
 * only, worst state first (CRITICAL, WARNING, UNKNOWN, OK; given order
 * within a state), cut with "and N more" once maxlen is passed.  Without a
 * summary the counts per state are the summary ("1 critical, 2 ok").
 */
struct plugin_result {
	struct plugin_item *items;
	size_t nitems, cap;
	char *summary;    /* NULL: counts */
	const char *lead; /* between summary and the first item; NULL: ": " */
	const char *sep;  /* between items; NULL: "; " */
	size_t maxlen;    /* longest text before cutting; 0: 1024 */
	int oom;          /* an add failed: rendered as UNKNOWN */
};
#define PLUGIN_RESULT_INIT { NULL, 0, 0, NULL, NULL, NULL, 0, 0 }

/* Add an item; fmt NULL adds a state without text. */
void plugin_result_add(struct plugin_result *r, enum state state,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set (replace) the summary. */
void plugin_result_summary(struct plugin_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The worst state of the items; UNKNOWN with none or after a failed add. */
enum state plugin_result_state(const struct plugin_result *r);
/* The text of the status line (no service, state or perfdata) into out
 * (core/buf.h, declared opaque here).  0, or -1 out of memory. */
struct buf;
int plugin_result_text(const struct plugin_result *r, struct buf *out);
void plugin_result_free(struct plugin_result *r);
/* Print "SERVICE STATE - text | perfdata" for r, free it, exit. */
noreturn void plugin_render(const struct plugin *p, struct plugin_result *r);

#endif
