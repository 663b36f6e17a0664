/* SPDX-License-Identifier: ISC */
/*
 * Typed option rows: one getopt_long loop for every program, validation by
 * row type, defaults filled after reading (OpenSSH's fill_default_options),
 * required rows checked last.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/ids.h"
#include "core/netaddr.h"
#include "plugin/plugin.h"
#include "plugin/plugin_int.h"

const struct plugin_option plugin_opts_host[] = {
	{ .name = "hostname", .letter = 'H', .argname = "HOST",
	  .help = "Host name or address of the router",
	  .type = PLUGIN_OPT_STRING,
	  .off = offsetof(struct plugin_remote, host) },
	{ .name = NULL },
};

const struct plugin_option plugin_opts_login[] = {
	{ .name = "port", .letter = 'p', .argname = "PORT",
	  .help = "SSH port (default: 22)", .type = PLUGIN_OPT_UINT,
	  .min = 1, .max = 65535, .off = offsetof(struct plugin_remote, port) },
	{ .name = "logname", .letter = 'l', .argname = "USER",
	  .help = "SSH user name (default: vyos)", .type = PLUGIN_OPT_STRING,
	  .off = offsetof(struct plugin_remote, user) },
	{ .name = "identity", .letter = 'i', .argname = "FILE",
	  .help = "SSH private key (default: the SSH agent)",
	  .type = PLUGIN_OPT_STRING,
	  .off = offsetof(struct plugin_remote, identity) },
	{ .name = NULL },
};

/* Always there; they store into struct plugin. */
static const struct plugin_option base_opts[] = {
	{ .name = "timeout", .letter = 't', .argname = "SECONDS",
	  .help = "Give up after this many seconds (UNKNOWN)",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = 3600, .unit = "seconds",
	  .off = offsetof(struct plugin, timeout) },
	{ .name = "verbose", .letter = 'v',
	  .help = "More detail on stderr; repeat for more (up to -vvv)",
	  .type = PLUGIN_OPT_COUNT, .off = offsetof(struct plugin, verbose) },
	{ .name = "help", .letter = 'h', .help = "Print this help and exit",
	  .type = PLUGIN_OPT_FLAG, .off = PLUGIN_OFF_NONE },
	{ .name = "version", .letter = 'V',
	  .help = "Print the version and exit", .type = PLUGIN_OPT_FLAG,
	  .off = PLUGIN_OFF_NONE },
	{ .name = NULL },
};

const struct plugin_option *
plugin_base_opts(void)
{
	return base_opts;
}

/* "'ipv4' or 'ipv6'"-style list of a WORD row's words. */
static void
words_text(const struct plugin_word *w, char *buf, size_t len)
{
	size_t off = 0, n = 0, i;

	buf[0] = '\0';
	while (w[n].word != NULL)
		n++;
	for (i = 0; i < n; i++)
		text_append(buf, len, &off, "%s%s",
			    i == 0 ? "" : i + 1 == n ? " or " : ", ",
			    w[i].word);
}

/* "i- or eni-" from "i|eni". */
static void
prefixes_text(const char *prefix, char *buf, size_t len)
{
	size_t off = 0;
	const char *p = prefix, *bar;

	buf[0] = '\0';
	for (;;) {
		bar = strchr(p, '|');
		text_append(buf, len, &off, "%s%.*s-", p == prefix ? "" :
			    bar == NULL ? " or " : ", ",
			    bar ? (int)(bar - p) : (int)strlen(p), p);
		if (bar == NULL)
			break;
		p = bar + 1;
	}
}

static int
aws_id_matches(const char *prefix, const char *arg)
{
	char one[16];
	const char *p = prefix, *bar;
	size_t n;

	for (;;) {
		bar = strchr(p, '|');
		n = bar ? (size_t)(bar - p) : strlen(p);
		if (n < sizeof(one)) {
			memcpy(one, p, n);
			one[n] = '\0';
			if (aws_id_valid(arg, one))
				return 1;
		}
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

/* Store one value of row o into field; 0, or -1 with the error line. */
static int
store_one(const struct plugin_option *o, void *field, const char *arg,
	  char *err, size_t errlen)
{
	char why[256], list[256];
	unsigned long ul, max;
	size_t i;

	why[0] = '\0';
	switch (o->type) {
	case PLUGIN_OPT_FLAG:
		*(int *)field = o->value != 0 ? o->value : 1;
		return 0;
	case PLUGIN_OPT_COUNT:
		(*(int *)field)++;
		return 0;
	case PLUGIN_OPT_UINT:
		max = o->max != 0 ? o->max : UINT_MAX;
		if (text_parse_uint(arg, o->min, max, &ul) != 0) {
			snprintf(err, errlen,
				 "invalid --%s '%s': expected %lu to %lu%s%s%s",
				 o->name, arg, o->min, max,
				 o->unit ? " (" : "", o->unit ? o->unit : "",
				 o->unit ? ")" : "");
			return -1;
		}
		*(unsigned *)field = (unsigned)ul;
		return 0;
	case PLUGIN_OPT_STRING:
		if (*arg == '\0') {
			snprintf(err, errlen, "invalid --%s: empty", o->name);
			return -1;
		}
		*(const char **)field = arg;
		return 0;
	case PLUGIN_OPT_WORD:
		for (i = 0; o->words[i].word != NULL; i++)
			if (strcmp(o->words[i].word, arg) == 0) {
				*(int *)field = o->words[i].value;
				return 0;
			}
		words_text(o->words, list, sizeof(list));
		snprintf(err, errlen, "invalid --%s '%s': expected %s",
			 o->name, arg, list);
		return -1;
	case PLUGIN_OPT_RANGE:
		if (range_parse(arg, field, why, sizeof(why)) == 0)
			return 0;
		break;
	case PLUGIN_OPT_CIDR:
		if (cidr_parse(arg, field, why, sizeof(why)) == 0)
			return 0;
		break;
	case PLUGIN_OPT_AWS_ID:
		if (aws_id_matches(o->prefix, arg)) {
			*(const char **)field = arg;
			return 0;
		}
		prefixes_text(o->prefix, list, sizeof(list));
		snprintf(err, errlen,
			 "invalid --%s '%s': expected %s and 8 or 17 hex "
			 "digits", o->name, arg, list);
		return -1;
	case PLUGIN_OPT_CUSTOM:
		if (o->parse(o, field, arg, why, sizeof(why)) == 0)
			return 0;
		break;
	}
	snprintf(err, errlen, "invalid --%s: %s", o->name,
		 why[0] ? why : "bad value");
	return -1;
}

static size_t
elem_size(const struct plugin_option *o)
{
	switch (o->type) {
	case PLUGIN_OPT_CIDR:
		return sizeof(struct cidr);
	case PLUGIN_OPT_UINT:
		return sizeof(unsigned);
	case PLUGIN_OPT_CUSTOM:
		return o->item_size;
	default:
		return sizeof(const char *);
	}
}

static int
same_elem(const struct plugin_option *o, const void *a, const void *b)
{
	switch (o->type) {
	case PLUGIN_OPT_CIDR:
		return cidr_equal(a, b);
	case PLUGIN_OPT_UINT:
		return *(const unsigned *)a == *(const unsigned *)b;
	case PLUGIN_OPT_CUSTOM:
		return memcmp(a, b, o->item_size) == 0;
	default:
		return strcmp(*(const char *const *)a,
			      *(const char *const *)b) == 0;
	}
}

/* Append one value to a LIST row, folding repeats. */
static int
store_item(const struct plugin_option *o, char *base, const char *arg,
	   char *err, size_t errlen)
{
	size_t *count = (size_t *)(base + o->count_off), sz = elem_size(o);
	char *arr = base + o->off;

	if (*arg == '\0') {
		snprintf(err, errlen, "invalid --%s: empty item", o->name);
		return -1;
	}
	if (*count == o->max_items) {
		snprintf(err, errlen, "too many --%s (max %zu)", o->name,
			 o->max_items);
		return -1;
	}
	/* Zeroed first: a folded repeat leaves its bytes in the slot. */
	memset(arr + *count * sz, 0, sz);
	if (store_one(o, arr + *count * sz, arg, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < *count; i++)
		if (same_elem(o, arr + i * sz, arr + *count * sz))
			return 0;
	(*count)++;
	return 0;
}

/* Take one argument of row o (several for a LIST with commas). */
static int
take(struct plugin *p, const struct plugin_option *o, char *base,
     const char *arg, char *err, size_t errlen)
{
	char *copy, *item, *next, **owned;

	if (!(o->flags & PLUGIN_OPT_LIST))
		return store_one(o, base + o->off, arg, err, errlen);
	if (strchr(arg, ',') == NULL)
		return store_item(o, base, arg, err, errlen);
	/* The items point into a copy that lives as long as *p. */
	owned = realloc(p->owned, (p->nowned + 1) * sizeof(*owned));
	if (owned == NULL || (copy = strdup(arg)) == NULL) {
		if (owned != NULL)
			p->owned = owned;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->owned = owned;
	p->owned[p->nowned++] = copy;
	for (item = copy; item != NULL; item = next) {
		next = strchr(item, ',');
		if (next != NULL)
			*next++ = '\0';
		if (store_item(o, base, item, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* "-H HOST" or "--route-table RTB", as a user would type it. */
static void
opt_display(const struct plugin_option *o, char *buf, size_t len)
{
	if (o->letter != 0)
		snprintf(buf, len, "-%c%s%s", o->letter, o->argname ? " " : "",
			 o->argname ? o->argname : "");
	else
		snprintf(buf, len, "--%s%s%s", o->name, o->argname ? " " : "",
			 o->argname ? o->argname : "");
}

/* A table mistake is the programmer's: say which row, before any use. */
static const char *
row_fault(const struct plugin *p, size_t idx)
{
	const struct plugin_option *o = p->rows[idx];
	int takes_arg = o->type != PLUGIN_OPT_FLAG && o->type != PLUGIN_OPT_COUNT;

	if ((o->argname != NULL) != takes_arg)
		return takes_arg ? "needs an argname" : "takes no argument";
	if (o->type == PLUGIN_OPT_WORD && o->words == NULL)
		return "has no words";
	if (o->type == PLUGIN_OPT_AWS_ID && o->prefix == NULL)
		return "has no prefix";
	if (o->type == PLUGIN_OPT_CUSTOM && o->parse == NULL)
		return "has no parser";
	if ((o->flags & PLUGIN_OPT_LIST) &&
	    (o->max_items == 0 || o->type == PLUGIN_OPT_FLAG ||
	     o->type == PLUGIN_OPT_COUNT || o->type == PLUGIN_OPT_WORD ||
	     o->type == PLUGIN_OPT_RANGE ||
	     (o->type == PLUGIN_OPT_CUSTOM && o->item_size == 0)))
		return "cannot be a list";
	for (size_t i = 0; i < idx; i++)
		if (strcmp(p->rows[i]->name, o->name) == 0 ||
		    (o->letter != 0 && p->rows[i]->letter == o->letter))
			return "is there twice";
	return NULL;
}

static char *
row_base(struct plugin *p, void *config, const struct plugin_group *g)
{
	return g == NULL ? (char *)p : (char *)config + g->base;
}

void
plugin_parse(struct plugin *p, const struct plugin_doc *doc, void *config,
	     int argc, char **argv)
{
	const struct plugin_group *grp[PLUGIN_MAX_OPTS];
	struct option longopts[PLUGIN_MAX_OPTS + 1];
	char shortopts[3 * PLUGIN_MAX_OPTS + 2], err[512], name[64];
	const struct plugin_option *o;
	const struct plugin_group *g;
	size_t n = 0, i, s = 0;
	int c;

	/* The program's groups in order, then -t -v -h -V (group NULL). */
	for (g = doc->groups; g != NULL && g->opts != NULL; g++)
		for (o = g->opts; o->name != NULL; o++) {
			if (n == PLUGIN_MAX_OPTS)
				plugin_exit(p, STATE_UNKNOWN,
					    "internal error: too many options");
			grp[n] = g;
			p->rows[n++] = o;
		}
	for (o = base_opts; o->name != NULL; o++) {
		if (n == PLUGIN_MAX_OPTS)
			plugin_exit(p, STATE_UNKNOWN,
				    "internal error: too many options");
		grp[n] = NULL;
		p->rows[n++] = o;
	}
	p->nrows = n;
	p->doc = doc;
	memset(p->given, 0, sizeof(p->given));
	for (i = 0; i < n; i++) {
		const char *fault = row_fault(p, i);

		if (fault != NULL)
			plugin_exit(p, STATE_UNKNOWN,
				    "internal error: option --%s %s",
				    p->rows[i]->name, fault);
	}

	shortopts[s++] = ':'; /* report a missing argument as ':' */
	for (i = 0; i < n; i++) {
		o = p->rows[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->argname != NULL ? required_argument
							 : no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 256 + (int)i;
		if (o->letter != 0) {
			shortopts[s++] = (char)o->letter;
			if (o->argname != NULL)
				shortopts[s++] = ':';
		}
	}
	shortopts[s] = '\0';
	memset(&longopts[n], 0, sizeof(longopts[n]));

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':' || c == '?') {
			for (i = 0; i < n; i++)
				if (optopt != 0 && (optopt == p->rows[i]->letter ||
						    optopt == 256 + (int)i))
					break;
			if (c == ':' && i < n)
				plugin_exit(p, STATE_UNKNOWN,
					    "option --%s needs an argument",
					    p->rows[i]->name);
			if (optopt != 0 && optopt < 256)
				plugin_exit(p, STATE_UNKNOWN,
					    "unknown option -%c (see --help)",
					    optopt);
			plugin_exit(p, STATE_UNKNOWN,
				    "unknown option %s (see --help)",
				    argv[optind - 1]);
		}
		if (c >= 256)
			i = (size_t)(c - 256);
		else
			for (i = 0; i < n && p->rows[i]->letter != c; i++)
				;
		o = p->rows[i];
		if (o->off == PLUGIN_OFF_NONE) { /* -h, -V */
			if (o->letter == 'h')
				plugin_help_write(stdout, doc);
			else
				plugin_version_write(stdout, doc->name);
			fflush(stdout);
			exit(STATE_OK);
		}
		if (take(p, o, row_base(p, config, grp[i]), optarg, err,
			 sizeof(err)) != 0)
			plugin_exit(p, STATE_UNKNOWN, "%s", err);
		p->given[i] = 1;
	}
	if (optind < argc)
		plugin_exit(p, STATE_UNKNOWN,
			    "unexpected argument '%s' (see --help)",
			    argv[optind]);
	for (i = 0; i < n; i++) {
		o = p->rows[i];
		if (p->given[i] || o->def == NULL)
			continue;
		if (take(p, o, row_base(p, config, grp[i]), o->def, err,
			 sizeof(err)) != 0)
			plugin_exit(p, STATE_UNKNOWN,
				    "internal error: default: %s", err);
	}
	for (i = 0; i < n; i++) {
		o = p->rows[i];
		if (p->given[i] || !(o->flags & PLUGIN_OPT_REQUIRED))
			continue;
		opt_display(o, name, sizeof(name));
		plugin_exit(p, STATE_UNKNOWN, "missing %s (see --help)", name);
	}
	log_init(p->progname, p->verbose);
}

int
plugin_given(const struct plugin *p, const char *name)
{
	for (size_t i = 0; i < p->nrows; i++)
		if (strcmp(p->rows[i]->name, name) == 0)
			return p->given[i];
	return 0;
}
