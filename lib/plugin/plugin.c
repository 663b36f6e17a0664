#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plugin/plugin.h"
#include "plugin/plugin_int.h"

#define MAX_OPTS 64

/* Deprecated with plugin_parse_args: the common options, one table for every program's getopt and --help. */
static const struct {
	unsigned mask;
	struct plugin_opt opt;
} common_opts[] = {
	{ POPT_HOST, { "hostname", required_argument, 'H', "HOST",
		       "Host name or address of the router" } },
	{ POPT_PORT, { "port", required_argument, 'p', "PORT",
		       "SSH port (default: 22)" } },
	{ POPT_USER, { "logname", required_argument, 'l', "USER",
		       "SSH user name (default: vyos)" } },
	{ POPT_IDENTITY, { "identity", required_argument, 'i', "FILE",
			   "SSH private key (default: the SSH agent)" } },
	{ POPT_WARN, { "warning", required_argument, 'w', "RANGE",
		       "Warning threshold" } },
	{ POPT_CRIT, { "critical", required_argument, 'c', "RANGE",
		       "Critical threshold" } },
	{ ~0u, { "timeout", required_argument, 't', "SECONDS",
		 "Give up after this many seconds (UNKNOWN)" } },
	{ ~0u, { "verbose", no_argument, 'v', NULL,
		 "More detail on stderr; repeat for more (up to -vvv)" } },
	{ ~0u, { "help", no_argument, 'h', NULL, "Print this help and exit" } },
	{ ~0u, { "version", no_argument, 'V', NULL,
		 "Print the version and exit" } },
};

/* Timeout state: the handler may only use what is prepared here. */
static char timeout_msg[512];
static size_t timeout_msglen;
static double timeout_deadline_ms;

void
plugin_init(struct plugin *p, const char *service, const char *argv0,
	    unsigned default_timeout)
{
	const char *slash;

	memset(p, 0, sizeof(*p));
	p->service = service;
	slash = argv0 != NULL ? strrchr(argv0, '/') : NULL;
	p->progname = slash != NULL ? slash + 1 : (argv0 ? argv0 : "plugin");
	p->port = -1;
	p->timeout = default_timeout;
	/* A closed stdout (Nagios went away) must not kill us with SIGPIPE
	 * half-way through an event handler. */
	signal(SIGPIPE, SIG_IGN);
	log_init(p->progname, 0);
}

void
plugin_log(const struct plugin *p, int level, const char *fmt, ...)
{
	/* The runtime's -v steps on the one logger (core/log.h). */
	static const enum log_level level_of[] = {
		[VERB_NONE] = LOG_WARN_LEVEL, [VERB_INFO] = LOG_INFO_LEVEL,
		[VERB_DEBUG] = LOG_DEBUG_LEVEL, [VERB_DEBUG3] = LOG_DEBUG3_LEVEL,
	};
	va_list ap;

	(void)p;
	va_start(ap, fmt);
	log_vmsg(level_of[level < 0 ? 0 : level > 3 ? 3 : level], fmt, ap);
	va_end(ap);
}

void
plugin_sanitize_line(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r')
			*s = ' ';
		else if (*s == '|')
			*s = '/'; /* '|' would start perfdata */
	}
}

static noreturn void plugin_vexit(const struct plugin *p, enum state state,
				  const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void
plugin_vexit(const struct plugin *p, enum state state, const char *fmt,
	     va_list ap)
{
	char msg[PLUGIN_MSG_MAX];

	alarm(0);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	plugin_sanitize_line(msg);
	if (p->perflen > 0)
		printf("%s %s - %s | %s\n", p->service, state_name(state),
		       msg, p->perf);
	else
		printf("%s %s - %s\n", p->service, state_name(state),
		       msg);
	fflush(stdout);
	exit(state);
}

void
plugin_exit(const struct plugin *p, enum state state, const char *fmt,
	    ...)
{
	va_list ap;

	va_start(ap, fmt);
	plugin_vexit(p, state, fmt, ap);
	/* NOTREACHED */
}

static void
perf_append(struct plugin *p, const char *text)
{
	size_t len = strlen(text), need = len + (p->perflen > 0 ? 1 : 0);

	if (p->perf_truncated || p->perflen + need >= sizeof(p->perf)) {
		p->perf_truncated = 1;
		return;
	}
	if (p->perflen > 0)
		p->perf[p->perflen++] = ' ';
	memcpy(p->perf + p->perflen, text, len + 1);
	p->perflen += len;
}

void
plugin_perf_raw(struct plugin *p, const char *text)
{
	perf_append(p, text);
}

/* Shortest decimal that reads back the same, no exponent for usual values. */
static void
fmt_num(char *buf, size_t len, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.6g", v);
}

void
plugin_perf(struct plugin *p, const char *label, double value, const char *uom,
	    const struct range *warn, const struct range *crit, int have_min,
	    double min, int have_max, double max)
{
	char item[512], val[32], mn[32] = "", mx[32] = "";
	const char *q = strpbrk(label, " ='") != NULL ? "'" : "";

	fmt_num(val, sizeof(val), value);
	if (have_min)
		fmt_num(mn, sizeof(mn), min);
	if (have_max)
		fmt_num(mx, sizeof(mx), max);
	snprintf(item, sizeof(item), "%s%s%s=%s%s;%s;%s;%s;%s", q, label, q,
		 val, uom ? uom : "", warn ? warn->text : "",
		 crit ? crit->text : "", mn, mx);
	/* Trailing empty fields are allowed but noisy: trim them. */
	for (size_t n = strlen(item); n > 0 && item[n - 1] == ';'; n--)
		item[n - 1] = '\0';
	perf_append(p, item);
}

static void
on_alarm(int sig)
{
	ssize_t n;

	(void)sig;
	n = write(STDOUT_FILENO, timeout_msg, timeout_msglen);
	(void)n;
	_exit(STATE_UNKNOWN);
}

void
plugin_timeout_start(struct plugin *p, const char *what)
{
	struct sigaction sa;
	int n;

	if (what != NULL)
		n = snprintf(timeout_msg, sizeof(timeout_msg),
			     "%s UNKNOWN - timed out after %u s (%s)\n",
			     p->service, p->timeout, what);
	else
		n = snprintf(timeout_msg, sizeof(timeout_msg),
			     "%s UNKNOWN - timed out after %u s\n", p->service,
			     p->timeout);
	if (n < 0 || (size_t)n >= sizeof(timeout_msg))
		n = (int)strlen(timeout_msg);
	timeout_msglen = (size_t)n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	timeout_deadline_ms = clock_now_ms() + p->timeout * 1000.0;
	alarm(p->timeout);
}

double
plugin_time_left(const struct plugin *p)
{
	double left;

	if (timeout_deadline_ms == 0)
		return p->timeout;
	left = (timeout_deadline_ms - clock_now_ms()) / 1000.0;
	return left > 0 ? left : 0;
}

/* Every option the program takes, common first, in --help order. */
static size_t
collect_opts(const struct plugin *p, const struct plugin_opt **out, size_t max)
{
	size_t n = 0, i;
	const struct plugin_opt *o;

	for (i = 0; i < sizeof(common_opts) / sizeof(common_opts[0]); i++) {
		/* ~0u rows (-t -v -h -V) are there even when p->common is 0. */
		if (common_opts[i].mask != ~0u && (common_opts[i].mask & p->common) == 0)
			continue;
		/* A program may redefine a common letter (e.g. -i). */
		for (o = p->opts; o != NULL && o->name != NULL; o++)
			if (o->val == common_opts[i].opt.val)
				break;
		if (o != NULL && o->name != NULL)
			continue;
		if (n < max)
			out[n++] = &common_opts[i].opt;
	}
	for (o = p->opts_shared; o != NULL && o->name != NULL; o++)
		if (n < max)
			out[n++] = o;
	for (o = p->opts; o != NULL && o->name != NULL; o++)
		if (n < max)
			out[n++] = o;
	return n;
}

void
plugin_print_help(const struct plugin *p)
{
	const struct plugin_opt *all[MAX_OPTS];
	size_t n = collect_opts(p, all, MAX_OPTS), i;

	printf("%s %s (%s)\n", p->progname, PACKAGE_VERSION, PACKAGE_NAME);
	if (p->summary)
		printf("%s\n", p->summary);
	printf("\nUsage: %s\n", p->usage ? p->usage : p->progname);
	if (p->blurb)
		printf("\n%s\n", p->blurb);
	printf("\nOptions:\n");
	for (i = 0; i < n; i++) {
		char left[64];
		const char *h = all[i]->help, *nl;

		if (all[i]->val > 0 && all[i]->val < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
				 all[i]->val, all[i]->name,
				 all[i]->argname ? " " : "",
				 all[i]->argname ? all[i]->argname : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s",
				 all[i]->name, all[i]->argname ? " " : "",
				 all[i]->argname ? all[i]->argname : "");
		printf(" %s\n", left);
		while (h != NULL && *h != '\0') {
			nl = strchr(h, '\n');
			if (nl == NULL) {
				printf("    %s\n", h);
				break;
			}
			printf("    %.*s\n", (int)(nl - h), h);
			h = nl + 1;
		}
	}
	if (p->examples)
		printf("\nExamples:\n%s\n", p->examples);
	printf("\nExit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n\n");
	plugin_bug_lines(stdout);
}

static const char *
opt_display(const struct plugin_opt *const *all, size_t n, int val,
	    char *buf, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		if (all[i]->val != val)
			continue;
		snprintf(buf, len, "--%s", all[i]->name);
		return buf;
	}
	snprintf(buf, len, "-%c", val);
	return buf;
}

int
plugin_parse_args(struct plugin *p, int argc, char **argv, plugin_opt_cb cb,
		  void *ctx)
{
	const struct plugin_opt *all[MAX_OPTS];
	struct option longopts[MAX_OPTS + 1];
	char shortopts[3 * MAX_OPTS + 2], err[512], name[64];
	size_t n = collect_opts(p, all, MAX_OPTS), i, s = 0;
	unsigned long ul;
	int c;

	shortopts[s++] = ':'; /* report a missing argument as ':' */
	for (i = 0; i < n; i++) {
		longopts[i].name = all[i]->name;
		longopts[i].has_arg = all[i]->has_arg;
		longopts[i].flag = NULL;
		longopts[i].val = all[i]->val;
		if (all[i]->val > 0 && all[i]->val < 256) {
			shortopts[s++] = (char)all[i]->val;
			if (all[i]->has_arg == required_argument)
				shortopts[s++] = ':';
		}
	}
	shortopts[s] = '\0';
	memset(&longopts[n], 0, sizeof(longopts[n]));

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		err[0] = '\0';
		switch (c) {
		case 'h':
			plugin_print_help(p);
			exit(STATE_OK);
		case 'V':
			plugin_version_write(stdout, p->progname);
			exit(STATE_OK);
		case 'v':
			p->verbose++;
			log_init(p->progname, p->verbose);
			continue;
		case 't':
			if (text_parse_uint(optarg, 1, 3600, &ul) != 0)
				plugin_exit(p, STATE_UNKNOWN,
					    "invalid --timeout '%s': expected "
					    "whole seconds from 1 to 3600",
					    optarg);
			p->timeout = (unsigned)ul;
			continue;
		case ':':
			plugin_exit(p, STATE_UNKNOWN,
				    "option %s needs an argument",
				    opt_display(all, n, optopt, name,
						sizeof(name)));
		case '?':
			if (optopt != 0)
				plugin_exit(p, STATE_UNKNOWN,
					    "unknown option -%c (see --help)",
					    optopt);
			plugin_exit(p, STATE_UNKNOWN,
				    "unknown option %s (see --help)",
				    argv[optind - 1]);
		default:
			break;
		}
		if (cb != NULL && cb(ctx, c, optarg, err, sizeof(err)) == 0)
			continue;
		if (err[0] == '\0') {
			/* The program left it to us. */
			switch (c) {
			case 'H':
				if (*optarg == '\0')
					plugin_exit(p, STATE_UNKNOWN,
						    "invalid --hostname: empty");
				p->host = optarg;
				continue;
			case 'p':
				if (text_parse_uint(optarg, 1, 65535, &ul))
					plugin_exit(p, STATE_UNKNOWN,
						    "invalid --port '%s': "
						    "expected 1 to 65535",
						    optarg);
				p->port = (int)ul;
				continue;
			case 'l':
				p->user = optarg;
				continue;
			case 'i':
				p->identity = optarg;
				continue;
			case 'w':
				p->warn = optarg;
				continue;
			case 'c':
				p->crit = optarg;
				continue;
			}
			snprintf(err, sizeof(err), "unhandled option %s",
				 opt_display(all, n, c, name, sizeof(name)));
		}
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	}
	return optind;
}

void
plugin_no_operands(const struct plugin *p, int argc, char **argv, int optind_)
{
	if (optind_ < argc)
		plugin_exit(p, STATE_UNKNOWN,
			    "unexpected argument '%s' (see --help)",
			    argv[optind_]);
}
