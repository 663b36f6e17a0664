/* SPDX-License-Identifier: ISC */
/*
 * Results as structs, rendered once (after monitoring-plugins' mp_check):
 * the program adds what it found; this file orders it, cuts it and writes
 * the one status line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "core/buf.h"
#include "plugin/plugin.h"
#include "plugin/plugin_int.h"

#define RESULT_MAXLEN_DEFAULT 1024

/* Display order: CRITICAL, WARNING, UNKNOWN, OK (as state_worst). */
static const enum state order[] = {
	STATE_CRITICAL, STATE_WARNING, STATE_UNKNOWN, STATE_OK,
};

static char *
vformat(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	if (buf_vprintf(&b, fmt, ap) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

void
plugin_result_add(struct plugin_result *r, enum state state,
		  const char *fmt, ...)
{
	struct plugin_item *items;
	char *text = NULL;
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		text = vformat(fmt, ap);
		va_end(ap);
		if (text == NULL) {
			r->oom = 1;
			return;
		}
	}
	if ((items = array_grow(r->items, &r->cap, r->nitems, sizeof(*items))) == NULL) {
		free(text);
		r->oom = 1;
		return;
	}
	r->items = items;
	r->items[r->nitems].state = state;
	r->items[r->nitems++].text = text;
}

void
plugin_result_summary(struct plugin_result *r, const char *fmt, ...)
{
	va_list ap;

	free(r->summary);
	va_start(ap, fmt);
	r->summary = vformat(fmt, ap);
	va_end(ap);
	if (r->summary == NULL)
		r->oom = 1;
}

enum state
plugin_result_state(const struct plugin_result *r)
{
	enum state s;

	if (r->oom || r->nitems == 0)
		return STATE_UNKNOWN;
	s = r->items[0].state;
	for (size_t i = 1; i < r->nitems; i++)
		s = state_worst(s, r->items[i].state);
	return s;
}

int
plugin_result_text(const struct plugin_result *r, struct buf *out)
{
	const char *lead = r->lead ? r->lead : ": ";
	const char *sep = r->sep ? r->sep : "; ";
	size_t maxlen = r->maxlen ? r->maxlen : RESULT_MAXLEN_DEFAULT;
	size_t count[4] = { 0 }, listed = 0, left = 0, i, k;
	int rc = 0;

	if (r->oom)
		return buf_puts(out, "out of memory");
	for (i = 0; i < r->nitems; i++) {
		count[r->items[i].state & 3]++;
		if (r->items[i].text != NULL)
			left++;
	}
	if (r->summary != NULL)
		rc |= buf_puts(out, r->summary);
	else
		for (k = 0; k < 4; k++)
			if (count[order[k]] > 0)
				rc |= buf_printf(out, "%s%zu %s",
						 out->len ? ", " : "",
						 count[order[k]],
						 order[k] == STATE_OK ? "ok"
						 : order[k] == STATE_WARNING
							 ? "warning"
						 : order[k] == STATE_CRITICAL
							 ? "critical"
							 : "unknown");
	/* Problems first, worst first; the first is always shown. */
	for (k = 0; k < 4; k++)
		for (i = 0; i < r->nitems; i++) {
			const struct plugin_item *it = &r->items[i];
			const char *pre = listed ? sep : lead;

			if (it->text == NULL || it->state != order[k])
				continue;
			if (left == 0)
				goto out;
			if (listed > 0 &&
			    out->len + strlen(pre) + strlen(it->text) > maxlen) {
				rc |= buf_printf(out, "%sand %zu more", pre,
						 left);
				goto out;
			}
			rc |= buf_printf(out, "%s%s", pre, it->text);
			listed++;
			left--;
		}
out:
	return rc != 0 ? -1 : 0;
}

void
plugin_result_free(struct plugin_result *r)
{
	for (size_t i = 0; i < r->nitems; i++)
		free(r->items[i].text);
	free(r->items);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

void
plugin_render(const struct plugin *p, struct plugin_result *r)
{
	struct buf text = BUF_INIT;
	enum state state = plugin_result_state(r);
	char line[PLUGIN_MSG_MAX];
	int rc;

	rc = plugin_result_text(r, &text);
	/* plugin_exit cuts at PLUGIN_MSG_MAX anyway. */
	snprintf(line, sizeof(line), "%s", buf_str(&text));
	buf_free(&text);
	plugin_result_free(r);
	if (rc != 0)
		plugin_exit(p, STATE_UNKNOWN, "out of memory");
	plugin_exit(p, state, "%s", line);
}
