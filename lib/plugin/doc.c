/* SPDX-License-Identifier: ISC */
/*
 * The two renderers of a struct plugin_doc: --help (80 columns, wrapped)
 * and a roff man page (section 1).  Both walk the same fields in the same
 * order, so what one says the other says.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "plugin/plugin.h"
#include "plugin/plugin_int.h"

#define HELP_WIDTH 80
#define HELP_OPT_INDENT 4

static const char default_exit_status[] =
	"0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments, timeout, or "
	"the answer could not be had).";

/* Next line of text: *s and *n; returns where the one after starts, or
 * NULL after the last. */
static const char *
next_line(const char *p, const char **s, size_t *n)
{
	const char *nl;

	if (p == NULL || *p == '\0')
		return NULL;
	nl = strchr(p, '\n');
	*s = p;
	*n = nl != NULL ? (size_t)(nl - p) : strlen(p);
	return nl != NULL ? nl + 1 : p + *n;
}

static int
is_verbatim(const char *s, size_t n)
{
	return n >= 2 && s[0] == ' ' && s[1] == ' ';
}

/* ---- --help ----------------------------------------------------------------- */

/* A word wrapper: words go on the line while they fit in width. */
struct wrap {
	FILE *f;
	int indent, width, col;
};

static void
wrap_word(struct wrap *w, const char *s, size_t n)
{
	if (w->col > w->indent && w->col + 1 + (int)n > w->width) {
		fputc('\n', w->f);
		w->col = 0;
	}
	if (w->col == 0) {
		fprintf(w->f, "%*s", w->indent, "");
		w->col = w->indent;
	} else {
		fputc(' ', w->f);
		w->col++;
	}
	fwrite(s, 1, n, w->f);
	w->col += (int)n;
}

/* Words of s[0..n); a synopsis keeps "[...]" groups whole. */
static void
wrap_words(struct wrap *w, const char *s, size_t n, int keep_brackets)
{
	size_t i = 0, start;
	int depth;

	while (i < n) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		start = i;
		depth = 0;
		while (i < n && (depth > 0 || !isspace((unsigned char)s[i]))) {
			if (keep_brackets && s[i] == '[')
				depth++;
			else if (keep_brackets && s[i] == ']' && depth > 0)
				depth--;
			i++;
		}
		if (i > start)
			wrap_word(w, s + start, i - start);
	}
}

static void
wrap_end(struct wrap *w)
{
	if (w->col > 0)
		fputc('\n', w->f);
	w->col = 0;
}

/* Prose: paragraphs wrapped at indent, verbatim lines as they are. */
static void
help_prose(FILE *f, const char *text, int indent)
{
	struct wrap w = { f, indent, HELP_WIDTH, 0 };
	const char *p = text, *s;
	size_t n;

	while ((p = next_line(p, &s, &n)) != NULL) {
		if (is_verbatim(s, n)) {
			wrap_end(&w);
			fprintf(f, "%*s%.*s\n", indent, "", (int)n, s);
		} else if (n == 0) {
			wrap_end(&w);
			fputc('\n', f);
		} else
			wrap_words(&w, s, n, 0);
	}
	wrap_end(&w);
}

static void
help_option(FILE *f, const struct plugin_option *o)
{
	if (o->flags & PLUGIN_OPT_HIDDEN)
		return;
	if (o->letter != 0)
		fprintf(f, " -%c, --%s", o->letter, o->name);
	else
		fprintf(f, "     --%s", o->name);
	if (o->argname != NULL)
		fprintf(f, " %s", o->argname);
	fputc('\n', f);
	if (o->help != NULL)
		help_prose(f, o->help, HELP_OPT_INDENT);
}

void
plugin_bug_lines(FILE *f)
{
	fprintf(f, "License: ISC.\n");
	if (PACKAGE_BUGREPORT[0] != '\0')
		fprintf(f, "Report bugs to: %s\n", PACKAGE_BUGREPORT);
}

void
plugin_version_write(FILE *f, const char *name)
{
	fprintf(f, "%s %s (%s)\n", name, PACKAGE_VERSION, PACKAGE_NAME);
	plugin_bug_lines(f);
}

void
plugin_help_write(FILE *f, const struct plugin_doc *doc)
{
	const struct plugin_group *g;
	const struct plugin_option *o;
	struct wrap w = { f, 0, HELP_WIDTH, 0 };
	const char *p = doc->synopsis, *s;
	size_t n;

	fprintf(f, "%s %s (%s)\n%s.\n\nUsage: %s", doc->name, PACKAGE_VERSION,
		PACKAGE_NAME, doc->summary, doc->name);
	/* Continuation lines hang under the first argument. */
	w.indent = (int)strlen("Usage: ") + (int)strlen(doc->name) + 1;
	w.col = w.indent - 1;
	while ((p = next_line(p, &s, &n)) != NULL)
		wrap_words(&w, s, n, 1);
	wrap_end(&w);
	if (doc->description != NULL) {
		fputc('\n', f);
		help_prose(f, doc->description, 0);
	}
	fprintf(f, "\nOptions:\n");
	for (g = doc->groups; g != NULL && g->opts != NULL; g++)
		for (o = g->opts; o->name != NULL; o++)
			help_option(f, o);
	for (o = plugin_base_opts(); o->name != NULL; o++)
		help_option(f, o);
	if (doc->examples != NULL) {
		fprintf(f, "\nExamples:\n");
		for (p = doc->examples; (p = next_line(p, &s, &n)) != NULL;)
			fprintf(f, "  %.*s\n", (int)n, s);
	}
	fprintf(f, "\nExit status:\n");
	help_prose(f, doc->exit_status ? doc->exit_status
				       : default_exit_status, 0);
	if (doc->see_also != NULL) {
		fprintf(f, "\nSee also:\n");
		help_prose(f, doc->see_also, 0);
	}
	fputc('\n', f);
	plugin_bug_lines(f);
}

/* ---- man page --------------------------------------------------------------- */

/*
 * Write s[0..n) as roff text: a backslash is "\e", '-' is "\-" (a minus,
 * so options can be searched and copied), and a line starting with '.' or
 * '\'' would be a request, so it gets "\&" first.
 */
static void
man_text(FILE *f, const char *s, size_t n, int line_start)
{
	for (size_t i = 0; i < n; i++) {
		if (line_start && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", f);
		line_start = 0;
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else if (s[i] == '\n') {
			fputc('\n', f);
			line_start = 1;
		} else
			fputc(s[i], f);
	}
}

static void
man_puts(FILE *f, const char *s)
{
	man_text(f, s, strlen(s), 1);
}

/* Prose: roff fills the lines; verbatim lines go in .nf; blank is .PP. */
static void
man_prose(FILE *f, const char *text)
{
	const char *p = text, *s;
	size_t n;
	int nofill = 0;

	while ((p = next_line(p, &s, &n)) != NULL) {
		int verb = is_verbatim(s, n);

		if (verb != nofill) {
			fputs(verb ? ".nf\n" : ".fi\n", f);
			nofill = verb;
		}
		if (n == 0) {
			fputs(".PP\n", f);
			continue;
		}
		while (!verb && n > 0 && *s == ' ') {
			s++;
			n--;
		}
		man_text(f, s, n, 1);
		fputc('\n', f);
	}
	if (nofill)
		fputs(".fi\n", f);
}

static void
man_option(FILE *f, const struct plugin_option *o)
{
	if (o->flags & PLUGIN_OPT_HIDDEN)
		return;
	fputs(".TP\n", f);
	if (o->letter != 0) {
		fputs("\\fB", f);
		man_text(f, (char[]){ '-', (char)o->letter }, 2, 0);
		fputs("\\fR, ", f);
	}
	fputs("\\fB\\-\\-", f);
	man_text(f, o->name, strlen(o->name), 0);
	fputs("\\fR", f);
	if (o->argname != NULL) {
		fputs(" \\fI", f);
		man_text(f, o->argname, strlen(o->argname), 0);
		fputs("\\fR", f);
	}
	fputc('\n', f);
	if (o->help != NULL)
		man_prose(f, o->help);
}

int
plugin_man_write(FILE *f, const struct plugin_doc *doc)
{
	const struct plugin_group *g;
	const struct plugin_option *o;
	const char *p, *s;
	size_t n;

	fputs(".TH ", f);
	for (p = doc->name; *p != '\0'; p++)
		fputc(toupper((unsigned char)*p), f);
	fprintf(f, " 1 \"\" \"%s %s\" \"Monitoring plugins\"\n", PACKAGE_NAME,
		PACKAGE_VERSION);
	fputs(".SH NAME\n", f);
	man_puts(f, doc->name);
	fputs(" \\- ", f);
	man_text(f, doc->summary, strlen(doc->summary), 0);
	fputs("\n.SH SYNOPSIS\n.B ", f);
	man_puts(f, doc->name);
	fputc('\n', f);
	for (p = doc->synopsis; (p = next_line(p, &s, &n)) != NULL;) {
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		man_text(f, s, n, 1);
		fputs("\n.br\n", f);
	}
	if (doc->description != NULL) {
		fputs(".SH DESCRIPTION\n", f);
		man_prose(f, doc->description);
	}
	fputs(".SH OPTIONS\n", f);
	for (g = doc->groups; g != NULL && g->opts != NULL; g++)
		for (o = g->opts; o->name != NULL; o++)
			man_option(f, o);
	for (o = plugin_base_opts(); o->name != NULL; o++)
		man_option(f, o);
	fputs(".SH EXIT STATUS\n", f);
	man_prose(f, doc->exit_status ? doc->exit_status
				      : default_exit_status);
	if (doc->examples != NULL) {
		fputs(".SH EXAMPLES\n.nf\n", f);
		man_puts(f, doc->examples);
		fputs("\n.fi\n", f);
	}
	if (doc->see_also != NULL) {
		fputs(".SH SEE ALSO\n", f);
		man_prose(f, doc->see_also);
	}
	fputs(".SH LICENSE\nISC.\n", f);
	if (PACKAGE_BUGREPORT[0] != '\0') {
		fputs(".SH BUGS\nReport bugs to ", f);
		man_text(f, PACKAGE_BUGREPORT, strlen(PACKAGE_BUGREPORT), 0);
		fputs(".\n", f);
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
