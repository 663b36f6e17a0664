/* SPDX-License-Identifier: ISC */
/* Plugin runtime: status line, perfdata, exit codes, argument errors,
 * timeout.  Exiting functions run in a forked child whose stdout we read. */
#include "config.h"

#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/netaddr.h"
#include "plugin/plugin.h"
#include "../plugins/check_vyos_alive.h"

struct run {
	int status;
	char out[8192];
};

/* Run fn(arg) in a child; capture stdout and the exit status. */
static void
run_child(void (*fn)(void *), void *arg, struct run *r)
{
	int fds[2];
	pid_t pid;
	ssize_t n;
	size_t len = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		fn(arg);
		_exit(100);
	}
	close(fds[1]);
	while ((n = read(fds[0], r->out + len, sizeof(r->out) - 1 - len)) > 0)
		len += (size_t)n;
	r->out[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &r->status, 0), pid);
	assert_true(WIFEXITED(r->status));
	r->status = WEXITSTATUS(r->status);
}

static void
exit_with_perf(void *arg)
{
	struct plugin p;
	struct range w, c;
	char err[64];

	plugin_init(&p, "BGP", "/usr/lib/nagios/plugins/check_x", 10);
	range_parse("5:", &w, err, sizeof(err));
	range_parse("1:", &c, err, sizeof(err));
	plugin_perf(&p, "pfx_169.254.10.1", 3, NULL, &w, &c, 1, 0, 0, 0);
	plugin_perf(&p, "uptime 1", 12.5, "s", NULL, NULL, 0, 0, 0, 0);
	plugin_exit(&p, STATE_WARNING, "2 of 3 | up\nsecond");
}

static void
test_status_line(void **state)
{
	struct run r;

	run_child(exit_with_perf, NULL, &r);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "BGP WARNING - 2 of 3 / up second | "
				   "pfx_169.254.10.1=3;5:;1:;0 'uptime 1'=12.5s\n");
}

/* Labels from addresses: one graph-safe word, stable, never overrun. */
static void
test_perf_label(void **state)
{
	char buf[64], tiny[6];

	plugin_perf_label(buf, sizeof(buf), "%s_state", "169.254.11.1");
	assert_string_equal(buf, "169_254_11_1_state");
	plugin_perf_label(buf, sizeof(buf), "%s_%s_uptime", "fd00:11::1", "ipv6");
	assert_string_equal(buf, "fd00_11__1_ipv6_uptime");
	plugin_perf_label(buf, sizeof(buf), "%s", "a b='c'|d;e/f\xc3\xa9-G_9");
	assert_string_equal(buf, "a_b__c__d_e_f__-G_9");
	plugin_perf_label(tiny, sizeof(tiny), "%s", "10.0.0.1");
	assert_string_equal(tiny, "10_0_");
	plugin_perf_label(buf, sizeof(buf), "%s", "");
	assert_string_equal(buf, "");
}

static void
test_state_names(void **state)
{
	assert_string_equal(state_name(0), "OK");
	assert_string_equal(state_name(1), "WARNING");
	assert_string_equal(state_name(2), "CRITICAL");
	assert_string_equal(state_name(3), "UNKNOWN");
	assert_string_equal(state_name(255), "UNKNOWN");
	assert_int_equal(state_worst(STATE_OK, STATE_UNKNOWN),
			 STATE_UNKNOWN);
	assert_int_equal(state_worst(STATE_WARNING, STATE_UNKNOWN),
			 STATE_WARNING);
	assert_int_equal(state_worst(STATE_CRITICAL, STATE_WARNING),
			 STATE_CRITICAL);
}

struct argv_case {
	int argc;
	char *argv[20];
};

static void
timeout_case(void *arg)
{
	struct plugin p;

	plugin_init(&p, "ALIVE", "check_x", 1);
	plugin_timeout_start(&p, "waiting for ssh");
	pause();
	pause();
}

static void
test_timeout(void **state)
{
	struct run r;

	run_child(timeout_case, NULL, &r);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out,
			    "ALIVE UNKNOWN - timed out after 1 s (waiting for ssh)\n");
}

static void
test_parse_numbers(void **state)
{
	unsigned long ul;

	assert_int_equal(text_parse_uint("42", 0, 100, &ul), 0);
	assert_int_equal(ul, 42);
	assert_int_equal(text_parse_uint("-1", 0, 100, &ul), -1);
	assert_int_equal(text_parse_uint("101", 0, 100, &ul), -1);
	assert_int_equal(text_parse_uint("", 0, 100, &ul), -1);
	assert_int_equal(text_parse_uint("99999999999999999999999", 0, ~0ul, &ul), -1);
}

static void
test_append(void **state)
{
	char buf[12];
	size_t off = 0;

	text_append(buf, sizeof(buf), &off, "%s", "abc");
	text_append(buf, sizeof(buf), &off, "-%d", 42);
	assert_string_equal(buf, "abc-42");
	assert_int_equal(off, 6);
	text_append(buf, sizeof(buf), &off, "%s", "0123456789");
	assert_string_equal(buf, "abc-4201234"); /* cut, never overflowed */
	assert_int_equal(off, sizeof(buf) - 1);
	text_append(buf, sizeof(buf), &off, "more");
	assert_string_equal(buf, "abc-4201234");
}

/* ---- typed option rows -------------------------------------------------- */

struct sample_target {
	const char *tables[3];
	size_t ntables;
	struct cidr dests[2];
	size_t ndests;
	const char *primary;
};

struct sample_config {
	struct plugin_remote remote;
	struct sample_target target;
	unsigned count;
	int mode;
	int dry_run;
	struct range warn;
	int odd;
	const char *name;
	char addrs[3][16];
	size_t naddrs;
};

static const struct plugin_word mode_words[] = {
	{ "active", 1 }, { "standby", 2 }, { "off", 3 }, { NULL, 0 },
};

/* A CUSTOM row: odd numbers only. */
static int
odd_opt(const struct plugin_option *o, void *field, const char *arg,
	char *err, size_t errlen)
{
	unsigned long ul;

	if (text_parse_uint(arg, 0, 99, &ul) != 0 || ul % 2 == 0) {
		snprintf(err, errlen, "'%s' is not an odd number below 100",
			 arg);
		return -1;
	}
	*(int *)field = (int)ul;
	return 0;
}

/* A CUSTOM list row: names compared in lower case. */
static int
lower_opt(const struct plugin_option *o, void *field, const char *arg,
	  char *err, size_t errlen)
{
	char *out = field;
	size_t i;

	for (i = 0; arg[i] != '\0' && i + 1 < o->item_size; i++)
		out[i] = (char)(arg[i] | 0x20);
	if (arg[i] != '\0') {
		snprintf(err, errlen, "'%s' is too long", arg);
		return -1;
	}
	return 0;
}

/* A shared group, bound by offset as a program would bind it. */
static const struct plugin_option target_opts[] = {
	{ .name = "route-table", .argname = "RTB",
	  .help = "A route table; repeat or separate with commas",
	  .type = PLUGIN_OPT_AWS_ID, .prefix = "rtb",
	  .flags = PLUGIN_OPT_LIST | PLUGIN_OPT_REQUIRED,
	  .off = offsetof(struct sample_target, tables),
	  .count_off = offsetof(struct sample_target, ntables),
	  .max_items = 3 },
	{ .name = "destination", .argname = "CIDR", .help = "A destination",
	  .type = PLUGIN_OPT_CIDR, .flags = PLUGIN_OPT_LIST,
	  .off = offsetof(struct sample_target, dests),
	  .count_off = offsetof(struct sample_target, ndests),
	  .max_items = 2 },
	{ .name = "primary", .argname = "ID", .help = "i- or eni-",
	  .type = PLUGIN_OPT_AWS_ID, .prefix = "i|eni",
	  .off = offsetof(struct sample_target, primary) },
	{ .name = NULL },
};

static const struct plugin_option sample_opts[] = {
	{ .name = "count", .letter = 'n', .argname = "N",
	  .help = "How many, 1 to 50; this help is long enough that it has to "
		  "be wrapped at eighty columns by the renderer, twice over "
		  "if need be, without any line passing the limit (default: 7)",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = 50, .unit = "items",
	  .def = "7", .off = offsetof(struct sample_config, count) },
	{ .name = "mode", .argname = "MODE", .help = "active|standby|off",
	  .type = PLUGIN_OPT_WORD, .words = mode_words, .def = "off",
	  .off = offsetof(struct sample_config, mode) },
	{ .name = "dry-run", .help = "Change nothing",
	  .type = PLUGIN_OPT_FLAG,
	  .off = offsetof(struct sample_config, dry_run) },
	{ .name = "warning", .letter = 'w', .argname = "RANGE",
	  .help = "Warning range", .type = PLUGIN_OPT_RANGE, .def = "10:",
	  .off = offsetof(struct sample_config, warn) },
	{ .name = "odd", .argname = "N", .help = "An odd number",
	  .type = PLUGIN_OPT_CUSTOM, .parse = odd_opt,
	  .off = offsetof(struct sample_config, odd) },
	{ .name = "name", .argname = "TEXT",
	  .help = "  verbatim line kept as it is\nthen prose again",
	  .type = PLUGIN_OPT_STRING,
	  .off = offsetof(struct sample_config, name) },
	{ .name = "addr", .letter = 'a', .argname = "NAME", .help = "Names",
	  .type = PLUGIN_OPT_CUSTOM, .parse = lower_opt,
	  .flags = PLUGIN_OPT_LIST, .item_size = 16, .max_items = 3,
	  .off = offsetof(struct sample_config, addrs),
	  .count_off = offsetof(struct sample_config, naddrs) },
	{ .name = "secret", .help = "not shown", .type = PLUGIN_OPT_FLAG,
	  .flags = PLUGIN_OPT_HIDDEN,
	  .off = offsetof(struct sample_config, dry_run) },
	{ .name = NULL },
};

static const struct plugin_group sample_groups[] = {
	{ plugin_opts_host, offsetof(struct sample_config, remote) },
	{ plugin_opts_login, offsetof(struct sample_config, remote) },
	{ target_opts, offsetof(struct sample_config, target) },
	{ sample_opts, 0 },
	{ NULL, 0 },
};

static const struct plugin_doc sample_doc = {
	.name = "check_sample",
	.summary = "A sample for the runtime's tests",
	.synopsis = "--route-table RTB [--route-table RTB ...] [--destination "
		    "CIDR ...] [--primary ID] [-n N] [--mode MODE] [-w RANGE] "
		    "[--odd N] [--name TEXT]",
	.description = "First paragraph, long enough to need wrapping at "
		       "eighty columns when --help prints it, which it "
		       "does.\n\n.A line starting with a dot and a "
		       "back\\slash.\n'quoted start\n  verbatim - line",
	.groups = sample_groups,
	.examples = "check_sample --route-table rtb-0a1b2c3d,rtb-0e5f6a7b",
	.see_also = "check_vyos_alive(1)",
};

static void
typed_case(void *arg)
{
	struct argv_case *a = arg;
	struct plugin p;
	struct sample_config c;

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "SAMPLE", "check_sample", 10);
	plugin_parse(&p, &sample_doc, &c, a->argc, a->argv);
	printf("tables=%zu:%s,%s dests=%zu:%s primary=%s n=%u mode=%d "
	       "dry=%d w=%s odd=%d host=%s port=%u t=%u v=%d given=%d%d\n",
	       c.target.ntables, c.target.tables[0],
	       c.target.ntables > 1 ? c.target.tables[1] : "-",
	       c.target.ndests, c.target.ndests ? c.target.dests[0].text : "-",
	       c.target.primary ? c.target.primary : "-", c.count, c.mode,
	       c.dry_run, c.warn.text, c.odd,
	       c.remote.host ? c.remote.host : "-", c.remote.port, p.timeout,
	       p.verbose, plugin_given(&p, "count"), plugin_given(&p, "mode"));
	if (c.naddrs > 0)
		printf("addrs=%zu:%s,%s\n", c.naddrs, c.addrs[0],
		       c.naddrs > 1 ? c.addrs[1] : "-");
	exit(0);
}

static void
typed_run(struct run *r, int argc, char **argv)
{
	struct argv_case a;

	a.argc = argc;
	for (int i = 0; i < argc; i++)
		a.argv[i] = argv[i];
	a.argv[argc] = NULL;
	run_child(typed_case, &a, r);
}

static void
test_typed_ok(void **state)
{
	struct run r;

	/* Commas and repeats; a value given twice is kept once. */
	typed_run(&r, 11, (char *[]){ "x", "--route-table",
				      "rtb-0a1b2c3d,rtb-0e5f6a7b",
				      "--route-table", "rtb-0a1b2c3d",
				      "--destination", "10.0.0.0/16",
				      "--mode", "standby", "-vv", "--dry-run" });
	assert_int_equal(r.status, 0);
	/* Defaults filled for what was not given (-n, -w), not for --mode. */
	assert_string_equal(r.out,
			    "tables=2:rtb-0a1b2c3d,rtb-0e5f6a7b "
			    "dests=1:10.0.0.0/16 primary=- n=7 mode=2 dry=1 "
			    "w=10: odd=0 host=- port=0 t=10 v=2 given=01\n");
	typed_run(&r, 14, (char *[]){ "x", "--route-table=rtb-0a1b2c3d",
				      "-n", "50", "-w", "@1:2", "--odd", "7",
				      "--primary", "eni-0123456789abcdef0",
				      "-H", "r1", "-p", "2222" });
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
			    "tables=1:rtb-0a1b2c3d,- dests=0:- "
			    "primary=eni-0123456789abcdef0 n=50 mode=3 dry=0 "
			    "w=@1:2 odd=7 host=r1 port=2222 t=10 v=0 given=10\n");
}

#define RTB "--route-table", "rtb-0a1b2c3d"

static void
test_typed_custom_list(void **state)
{
	struct run r;

	/* "LONGNAME" then "b": b's slot held "longname"'s tail before. */
	typed_run(&r, 10, (char *[]){ "x", RTB, "-a", "LongName,longname",
				     "-a", "B", "--addr=b,LONGNAME", "-a",
				     "b" } );
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\naddrs=2:longname,b\n"));
}

static void
expect_typed_unknown(int argc, char **argv, const char *line)
{
	struct run r;
	char want[512];

	typed_run(&r, argc, argv);
	assert_int_equal(r.status, 3);
	snprintf(want, sizeof(want), "SAMPLE UNKNOWN - %s\n", line);
	assert_string_equal(r.out, want);
}

static void
test_typed_bad(void **state)
{
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-n", "0" },
			     "invalid --count '0': expected 1 to 50 (items)");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-n", "5x" },
			     "invalid --count '5x': expected 1 to 50 (items)");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "--mode", "both" },
			     "invalid --mode 'both': expected active, standby "
			     "or off");
	expect_typed_unknown(2, (char *[]){ "x", "--route-table=rtb-zz" },
			     "invalid --route-table 'rtb-zz': expected rtb- "
			     "and 8 or 17 hex digits");
	expect_typed_unknown(2, (char *[]){ "x", "--route-table=rtb-0a1b2c3d,"
						 ",rtb-0e5f6a7b" },
			     "invalid --route-table: empty item");
	expect_typed_unknown(2, (char *[]){ "x", "--route-table=rtb-0a1b2c3d,"
					    "rtb-0e5f6a7b,rtb-00000000,"
					    "rtb-11111111" },
			     "too many --route-table (max 3)");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "--primary", "igw-12345678" },
			     "invalid --primary 'igw-12345678': expected i- or "
			     "eni- and 8 or 17 hex digits");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "--destination",
					    "10.0.0.1/16" },
			     "invalid --destination: '10.0.0.1/16' has host "
			     "bits set (did you mean a network address?)");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-w", "5:1" },
			     "invalid --warning: range '5:1': start is "
			     "greater than end");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "--odd", "4" },
			     "invalid --odd: '4' is not an odd number below "
			     "100");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-a", "abcdefghijklmnopq" },
			     "invalid --addr: 'abcdefghijklmnopq' is too long");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "--name", "" },
			     "invalid --name: empty");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-p", "0" },
			     "invalid --port '0': expected 1 to 65535");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-t", "0" },
			     "invalid --timeout '0': expected 1 to 3600 "
			     "(seconds)");
	expect_typed_unknown(4, (char *[]){ "x", RTB, "--odd" },
			     "option --odd needs an argument");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-t", "5s" },
			     "invalid --timeout '5s': expected 1 to 3600 "
			     "(seconds)");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-p", "70000" },
			     "invalid --port '70000': expected 1 to 65535");
	expect_typed_unknown(4, (char *[]){ "x", RTB, "-p" },
			     "option --port needs an argument");
	expect_typed_unknown(5, (char *[]){ "x", RTB, "-H", "" },
			     "invalid --hostname: empty");
	expect_typed_unknown(4, (char *[]){ "x", RTB, "--bogus" },
			     "unknown option --bogus (see --help)");
	expect_typed_unknown(4, (char *[]){ "x", RTB, "-Z" },
			     "unknown option -Z (see --help)");
	expect_typed_unknown(4, (char *[]){ "x", RTB, "stray" },
			     "unexpected argument 'stray' (see --help)");
	expect_typed_unknown(3, (char *[]){ "x", "-n", "3" },
			     "missing --route-table RTB (see --help)");
}

static const struct plugin_option clash_opts[] = {
	{ .name = "interval", .letter = 'H', .argname = "MS", .help = "x",
	  .type = PLUGIN_OPT_UINT, .off = 0 },
	{ .name = NULL },
};

static const struct plugin_option noarg_opts[] = {
	{ .name = "count", .help = "x", .type = PLUGIN_OPT_UINT, .off = 0 },
	{ .name = NULL },
};

static void
table_fault_case(void *arg)
{
	const struct plugin_option *own = arg;
	const struct plugin_group groups[] = {
		{ plugin_opts_host, 0 }, { own, 0 }, { NULL, 0 },
	};
	const struct plugin_doc doc = { .name = "x", .summary = "x",
					.groups = groups };
	struct plugin p;
	struct plugin_remote c;
	char *argv[] = { "x", NULL };

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "SAMPLE", "x", 10);
	plugin_parse(&p, &doc, &c, 1, argv);
	exit(0);
}

static void
test_table_faults(void **state)
{
	struct run r;

	/* A letter two groups both take (check_vyos_alive's -i and the
	 * SSH group's -i would be one). */
	run_child(table_fault_case, (void *)clash_opts, &r);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "SAMPLE UNKNOWN - internal error: option "
				   "--interval is there twice\n");
	run_child(table_fault_case, (void *)noarg_opts, &r);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "SAMPLE UNKNOWN - internal error: option "
				   "--count needs an argname\n");
}

static void
test_typed_help_version(void **state)
{
	struct run r;
	char want[256];

	/* Before any check of what is required or valid. */
	typed_run(&r, 3, (char *[]){ "x", "-n", "--help" });
	assert_int_equal(r.status, 3); /* "--help" is -n's argument */
	typed_run(&r, 4, (char *[]){ "x", "-n", "0", "--help" });
	assert_int_equal(r.status, 3); /* a bad value before --help */
	typed_run(&r, 2, (char *[]){ "x", "--help" });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: check_sample --route-table RTB"));
	assert_non_null(strstr(r.out, "\n -n, --count N\n"));
	assert_non_null(strstr(r.out, "\n     --mode MODE\n"));
	assert_non_null(strstr(r.out, "\n -t, --timeout SECONDS\n"));
	assert_non_null(strstr(r.out, "\n -w, --warning RANGE\n"));
	assert_non_null(strstr(r.out, "\n -l, --logname USER\n"));
	typed_run(&r, 2, (char *[]){ "x", "-V" });
	assert_int_equal(r.status, 0);
	snprintf(want, sizeof(want),
		 "check_sample %s (%s)\nLicense: ISC.\n%s%s%s", PACKAGE_VERSION,
		 PACKAGE_NAME, PACKAGE_BUGREPORT[0] ? "Report bugs to: " : "",
		 PACKAGE_BUGREPORT, PACKAGE_BUGREPORT[0] ? "\n" : "");
	assert_string_equal(r.out, want);
}

/* Every line of f's text at most 80 columns; returns the text's lines. */
static size_t
assert_fits_80(const char *text)
{
	size_t lines = 0;

	for (const char *s = text, *nl; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		assert_non_null(nl);
		if (nl - s > 80)
			fail_msg("help line of %d columns: '%.*s'",
				 (int)(nl - s), (int)(nl - s), s);
		lines++;
	}
	return lines;
}

static char *
render(void (*fn)(FILE *, const struct plugin_doc *),
       const struct plugin_doc *doc, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	assert_non_null(f);
	fn(f, doc);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void
man_write(FILE *f, const struct plugin_doc *doc)
{
	assert_int_equal(plugin_man_write(f, doc), 0);
}

static void
test_help_80_columns(void **state)
{
	size_t len;
	char *help = render(plugin_help_write, &sample_doc, &len);

	assert_true(assert_fits_80(help) > 30);
	/* The long help was wrapped, not cut. */
	assert_non_null(strstr(help, " -n, --count N\n    How many, 1 to 50;"));
	assert_non_null(strstr(help, "(default: 7)\n"));
	assert_non_null(strstr(help, "     --route-table RTB\n"));
	assert_non_null(strstr(help, "    verbatim line kept as it is\n"));
	assert_non_null(strstr(help, "Usage: check_sample --route-table RTB"));
	assert_null(strstr(help, "--secret"));
	assert_non_null(strstr(help, "License: ISC"));
	free(help);
	help = render(plugin_help_write, &check_vyos_alive_doc, &len);
	assert_fits_80(help);
	assert_non_null(strstr(help, " -w, --warning RTA,LOSS%\n"));
	free(help);
}

static void
test_man_escapes(void **state)
{
	size_t len;
	char *man = render(man_write, &sample_doc, &len);

	assert_non_null(strstr(man, ".TH CHECK_SAMPLE 1 "));
	assert_non_null(strstr(man, "\n.SH NAME\ncheck_sample \\- A sample"));
	/* '-' is a minus, a leading '.' or '\'' is text, '\' is \e. */
	assert_non_null(strstr(man, "\\fB\\-n\\fR, \\fB\\-\\-count\\fR "
				    "\\fIN\\fR\n"));
	assert_non_null(strstr(man, "\n\\&.A line starting with a dot and a "
				    "back\\eslash.\n"));
	assert_non_null(strstr(man, "\n\\&'quoted start\n"));
	assert_non_null(strstr(man, ".nf\n  verbatim \\- line\n.fi\n"));
	assert_non_null(strstr(man, "\\-\\-route\\-table rtb\\-0a1b2c3d"));
	assert_null(strstr(man, "secret"));
	/* No stray request: every line starting with '.' is one we wrote. */
	for (const char *s = man; s != NULL && *s != '\0';) {
		if (*s == '.')
			assert_true(strncmp(s, ".TH ", 4) == 0 ||
				    strncmp(s, ".SH ", 4) == 0 ||
				    strncmp(s, ".TP\n", 4) == 0 ||
				    strncmp(s, ".PP\n", 4) == 0 ||
				    strncmp(s, ".B ", 3) == 0 ||
				    strncmp(s, ".br\n", 4) == 0 ||
				    strncmp(s, ".nf\n", 4) == 0 ||
				    strncmp(s, ".fi\n", 4) == 0);
		s = strchr(s, '\n');
		s = s ? s + 1 : NULL;
	}
	free(man);
}

/* ---- results ---------------------------------------------------------------- */

static char *
result_text(const struct plugin_result *r)
{
	struct buf b = BUF_INIT;

	assert_int_equal(plugin_result_text(r, &b), 0);
	return buf_steal(&b, NULL);
}

static void
test_result_order(void **state)
{
	struct plugin_result r = PLUGIN_RESULT_INIT;
	char *t;

	assert_int_equal(plugin_result_state(&r), STATE_UNKNOWN);
	plugin_result_add(&r, STATE_OK, "a up");
	plugin_result_add(&r, STATE_WARNING, "b flapped");
	plugin_result_add(&r, STATE_OK, NULL); /* counts, not listed */
	plugin_result_add(&r, STATE_CRITICAL, "c down");
	plugin_result_add(&r, STATE_UNKNOWN, "d unreadable");
	plugin_result_add(&r, STATE_CRITICAL, "e down");
	assert_int_equal(plugin_result_state(&r), STATE_CRITICAL);
	t = result_text(&r);
	assert_string_equal(t, "2 critical, 1 warning, 1 unknown, 2 ok: "
			       "c down; e down; b flapped; d unreadable; a up");
	free(t);
	/* The program's summary and separators. */
	plugin_result_summary(&r, "%d of %d", 2, 6);
	r.lead = " -- ";
	r.sep = ", ";
	t = result_text(&r);
	assert_string_equal(t, "2 of 6 -- c down, e down, b flapped, "
			       "d unreadable, a up");
	free(t);
	plugin_result_free(&r);
	assert_null(r.items);
}

static void
test_result_more(void **state)
{
	struct plugin_result r = PLUGIN_RESULT_INIT;
	char *t;

	for (int i = 0; i < 10; i++)
		plugin_result_add(&r, i < 6 ? STATE_OK : STATE_CRITICAL,
				  "peer %d", i);
	plugin_result_summary(&r, "4 of 10 down");
	r.maxlen = 40;
	t = result_text(&r);
	/* Problems first; cut once past 40 with how many were left out. */
	assert_string_equal(t, "4 of 10 down: peer 6; peer 7; peer 8; "
			       "and 7 more");
	free(t);
	/* The first item is shown even when it alone is too long. */
	r.maxlen = 5;
	t = result_text(&r);
	assert_string_equal(t, "4 of 10 down: peer 6; and 9 more");
	free(t);
	plugin_result_free(&r);
}

static void
render_case(void *arg)
{
	struct plugin p;
	struct plugin_result r = PLUGIN_RESULT_INIT;

	(void)arg;
	plugin_init(&p, "ALIVE", "check_x", 10);
	plugin_result_summary(&r, "r1 rta 1.000ms lost 0%%");
	plugin_result_add(&r, STATE_OK, NULL);
	plugin_result_add(&r, STATE_CRITICAL, "no SSH banner | x\non 22");
	r.lead = ", ";
	plugin_perf_raw(&p, "rta=1.000ms;200.000;500.000;0;");
	plugin_render(&p, &r);
}

static void
test_render(void **state)
{
	struct run r;

	run_child(render_case, NULL, &r);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "ALIVE CRITICAL - r1 rta 1.000ms lost 0%, "
				   "no SSH banner / x on 22 | "
				   "rta=1.000ms;200.000;500.000;0;\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_perf_label),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_typed_ok),
		cmocka_unit_test(test_typed_bad),
		cmocka_unit_test(test_typed_custom_list),
		cmocka_unit_test(test_typed_help_version),
		cmocka_unit_test(test_table_faults),
		cmocka_unit_test(test_help_80_columns),
		cmocka_unit_test(test_man_escapes),
		cmocka_unit_test(test_result_order),
		cmocka_unit_test(test_result_more),
		cmocka_unit_test(test_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
