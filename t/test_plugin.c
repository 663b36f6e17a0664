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

#include "plugin/plugin.h"

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
	char *argv[12];
};

static const struct plugin_opt own_opts[] = {
	{ "neighbor", required_argument, 'n', "ADDR", "A neighbour" },
	{ "min-up", required_argument, 256, "N", "At least N" },
	{ NULL, 0, 0, NULL, NULL },
};

static int
own_cb(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	int *count = ctx;

	if (val == 'n') {
		(*count)++;
		return 0;
	}
	if (val == 256) {
		snprintf(err, errlen, "invalid --min-up '%s'", arg);
		return -1;
	}
	return -1; /* common option: the runtime's */
}

static void
parse_case(void *arg)
{
	struct argv_case *a = arg;
	struct plugin p;
	int count = 0, ind;

	plugin_init(&p, "BGP", "check_x", 10);
	p.common = POPT_HOST | POPT_PORT | POPT_WARN | POPT_CRIT;
	p.opts = own_opts;
	p.usage = "check_x -H HOST";
	ind = plugin_parse_args(&p, a->argc, a->argv, own_cb, &count);
	plugin_no_operands(&p, a->argc, a->argv, ind);
	printf("host=%s port=%d t=%u v=%d n=%d w=%s\n", p.host, p.port,
	       p.timeout, p.verbose, count, p.warn ? p.warn : "-");
	exit(0);
}

static void
test_args_ok(void **state)
{
	struct argv_case a = { 9, { "check_x", "-H", "r1", "-p", "2222", "-vv",
				    "-n", "x", "--neighbor=y", NULL } };
	struct run r;

	run_child(parse_case, &a, &r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "host=r1 port=2222 t=10 v=2 n=2 w=-\n");
}

static void
expect_unknown(int argc, char **argv, const char *needle)
{
	struct argv_case a;
	struct run r;

	a.argc = argc;
	for (int i = 0; i < argc; i++)
		a.argv[i] = argv[i];
	a.argv[argc] = NULL;
	run_child(parse_case, &a, &r);
	assert_int_equal(r.status, 3);
	if (strstr(r.out, needle) == NULL)
		fail_msg("'%s' not in '%s'", needle, r.out);
	/* one line */
	assert_ptr_equal(strchr(r.out, '\n'), r.out + strlen(r.out) - 1);
}

static void
test_args_bad(void **state)
{
	expect_unknown(3, (char *[]){ "x", "-t", "0" }, "invalid --timeout '0'");
	expect_unknown(3, (char *[]){ "x", "-t", "5s" }, "invalid --timeout");
	expect_unknown(3, (char *[]){ "x", "-p", "70000" }, "invalid --port");
	expect_unknown(2, (char *[]){ "x", "-p" }, "option --port needs an argument");
	expect_unknown(2, (char *[]){ "x", "-Z" }, "unknown option -Z");
	expect_unknown(2, (char *[]){ "x", "--bogus" }, "unknown option --bogus");
	expect_unknown(3, (char *[]){ "x", "--min-up", "q" }, "invalid --min-up 'q'");
	expect_unknown(2, (char *[]){ "x", "extra" }, "unexpected argument 'extra'");
	expect_unknown(3, (char *[]){ "x", "-H", "" }, "invalid --hostname: empty");
}

static void
help_case(void *arg)
{
	struct argv_case a = { 2, { "check_x", arg, NULL } };

	parse_case(&a);
}

static void
test_help_version(void **state)
{
	struct run r;

	run_child(help_case, "--help", &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: check_x -H HOST"));
	assert_non_null(strstr(r.out, "-n, --neighbor ADDR"));
	assert_non_null(strstr(r.out, "    --min-up N"));
	assert_non_null(strstr(r.out, "-t, --timeout SECONDS"));
	assert_non_null(strstr(r.out, "-w, --warning RANGE"));
	assert_null(strstr(r.out, "--logname")); /* not selected */
	run_child(help_case, "-V", &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, PACKAGE_VERSION));
}

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_args_ok),
		cmocka_unit_test(test_args_bad),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
