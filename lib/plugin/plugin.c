/* SPDX-License-Identifier: ISC */
/*
 * The run of a program: init, the -v log, the status line and exit,
 * perfdata, the -t timeout.  Options are opt.c, help and man pages doc.c,
 * results result.c.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plugin/plugin.h"
#include "plugin/plugin_int.h"

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

/* Replace what would break the one-line contract. */
static void
sanitize_line(char *s)
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
	sanitize_line(msg);
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

/* ASCII only, whatever the locale: graphers want these bytes. */
static int
label_safe(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void
plugin_perf_label(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	for (char *s = buf; *s != '\0'; s++)
		if (!label_safe(*s))
			*s = '_';
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
