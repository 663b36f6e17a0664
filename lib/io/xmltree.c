/* SPDX-License-Identifier: ISC */
/*
 * Element tree on expat.  Expat alone is ~1 MB of resident memory where
 * libxml2 brings ICU, libstdc++ and liblzma (~4 MB) for answers a few KB
 * long, which matters to a handler with a 10 MB budget.
 *
 * Text is gathered in one pending buffer and becomes a node when the next
 * tag (or the end) comes, so a run of text split by expat into several
 * call-backs (at references, line ends, buffer edges) costs one node, and
 * every node is one allocation.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "core/buf.h"
#include "io/xmltree.h"

#define XMLTREE_DEPTH 64u
#define XMLTREE_BYTES (32u * 1024 * 1024)
/* Between namespace URI and local name in the names expat reports.  A
 * control character no XML 1.0 document can hold, not even as a reference:
 * expat refuses a namespace URI with the separator in it, and any printable
 * choice would refuse some (odd but well-formed) URI libxml2 took. */
#define XMLTREE_NS_SEP '\x01'

struct xmltree_open {
	struct xmltree_node *el;
	struct xmltree_node *last; /* last child so far */
};

struct xmltree_build {
	XML_Parser parser;
	struct xmltree_node *root;
	struct xmltree_open *stack;
	unsigned depth, max_depth;
	struct buf pend; /* text not yet in a node */
	size_t used, max_bytes;
	int failed;
	char why[160];
};

static void xmltree_fail(struct xmltree_build *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
xmltree_fail(struct xmltree_build *b, const char *fmt, ...)
{
	va_list ap;

	if (b->failed)
		return;
	b->failed = 1;
	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
	XML_StopParser(b->parser, XML_FALSE);
}

/* Account for n more bytes of tree; 0, or -1 (and failed) over budget. */
static int
xmltree_charge(struct xmltree_build *b, size_t n)
{
	if (n > b->max_bytes - b->used) {
		xmltree_fail(b, "XML document too large (over %zu bytes of tree)", b->max_bytes);
		return -1;
	}
	b->used += n;
	return 0;
}

static struct xmltree_node *
xmltree_node_new(struct xmltree_build *b, const char *data, size_t len, int text)
{
	struct xmltree_node *n;

	if (xmltree_charge(b, sizeof(*n) + len + 1) != 0)
		return NULL;
	if ((n = malloc(sizeof(*n) + len + 1)) == NULL) {
		xmltree_fail(b, "out of memory");
		return NULL;
	}
	n->next = n->children = NULL;
	n->len = len;
	n->text = text;
	memcpy(n->data, data, len);
	n->data[len] = '\0';
	return n;
}

/* Link n as the last child of the innermost open element (or as root). */
static void
xmltree_append(struct xmltree_build *b, struct xmltree_node *n)
{
	struct xmltree_open *o;

	if (b->depth == 0) {
		b->root = n;
		return;
	}
	o = &b->stack[b->depth - 1];
	if (o->last != NULL)
		o->last->next = n;
	else
		o->el->children = n;
	o->last = n;
}

static void
xmltree_flush_text(struct xmltree_build *b)
{
	struct xmltree_node *n;

	if (b->pend.len == 0)
		return;
	/* The pending bytes were charged as they came; the node is charged
	 * in full, so give them back first. */
	b->used -= b->pend.len;
	if ((n = xmltree_node_new(b, b->pend.data, b->pend.len, 1)) != NULL)
		xmltree_append(b, n);
	buf_reset(&b->pend);
}

static void XMLCALL
xmltree_on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xmltree_build *b = ud;
	struct xmltree_node *n;
	const char *local;

	(void)attrs;
	if (b->failed)
		return;
	xmltree_flush_text(b);
	if (b->depth >= b->max_depth) {
		xmltree_fail(b, "XML nested deeper than %u elements", b->max_depth);
		return;
	}
	local = strrchr(name, XMLTREE_NS_SEP);
	local = local != NULL ? local + 1 : name;
	if ((n = xmltree_node_new(b, local, strlen(local), 0)) == NULL)
		return;
	xmltree_append(b, n);
	b->stack[b->depth].el = n;
	b->stack[b->depth].last = NULL;
	b->depth++;
}

static void XMLCALL
xmltree_on_end(void *ud, const XML_Char *name)
{
	struct xmltree_build *b = ud;

	(void)name;
	if (b->failed)
		return;
	xmltree_flush_text(b);
	if (b->depth > 0)
		b->depth--;
}

static void XMLCALL
xmltree_on_text(void *ud, const XML_Char *s, int len)
{
	struct xmltree_build *b = ud;
	size_t n = len > 0 ? (size_t)len : 0;

	/* Expat reports no text outside the root element. */
	if (b->failed || n == 0 || b->depth == 0)
		return;
	if (xmltree_charge(b, n) != 0)
		return;
	/* The byte budget above is the limit; the buffer's is only a
	 * backstop. */
	if (buf_put(&b->pend, s, n) != 0)
		xmltree_fail(b, "out of memory");
}

/* XML 1.0 says VersionNum is '1.' [0-9]+ and expat does not check it;
 * libxml2 did, so a garbled declaration stays an error. */
static void XMLCALL
xmltree_on_decl(void *ud, const XML_Char *version, const XML_Char *encoding, int standalone)
{
	const char *p;

	(void)encoding;
	(void)standalone;
	if (version == NULL) /* a text declaration: cannot happen here */
		return;
	if (strncmp(version, "1.", 2) == 0 && version[2] != '\0') {
		for (p = version + 2; *p >= '0' && *p <= '9'; p++)
			;
		if (*p == '\0')
			return;
	}
	xmltree_fail(ud, "XML version '%.16s' unsupported", version);
}

/*
 * A DTD is the door to entity expansion (billion laughs, quadratic blowup)
 * and external entities; an EC2 answer never has one.
 */
static void XMLCALL
xmltree_on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
		   int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	xmltree_fail(ud, "XML with a DOCTYPE refused");
}

struct xmltree_node *
xmltree_parse(const char *xml, size_t len, const struct xmltree_limits *lim, char *err,
	      size_t errlen)
{
	struct xmltree_build b;
	struct xmltree_node *root = NULL;

	memset(&b, 0, sizeof(b));
	/* The text may be an STS session token: wipe it on the way. */
	buf_init_secret(&b.pend, 0);
	b.max_depth = lim != NULL && lim->max_depth > 0 ? lim->max_depth : XMLTREE_DEPTH;
	b.max_bytes = lim != NULL && lim->max_bytes > 0 ? lim->max_bytes : XMLTREE_BYTES;
	if (xml == NULL || len == 0) {
		snprintf(err, errlen, "empty XML document");
		return NULL;
	}
	if (len > INT_MAX || len > b.max_bytes) {
		snprintf(err, errlen, "XML document too large (%zu bytes)", len);
		return NULL;
	}
	if ((b.stack = calloc(b.max_depth, sizeof(*b.stack))) == NULL ||
	    (b.parser = XML_ParserCreateNS(NULL, XMLTREE_NS_SEP)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	XML_SetUserData(b.parser, &b);
	XML_SetElementHandler(b.parser, xmltree_on_start, xmltree_on_end);
	XML_SetCharacterDataHandler(b.parser, xmltree_on_text);
	XML_SetStartDoctypeDeclHandler(b.parser, xmltree_on_doctype);
	XML_SetXmlDeclHandler(b.parser, xmltree_on_decl);
	/* Never read an external DTD or parameter entity, even if a future
	 * change let a DOCTYPE through. */
	XML_SetParamEntityParsing(b.parser, XML_PARAM_ENTITY_PARSING_NEVER);
	if (XML_Parse(b.parser, xml, (int)len, XML_TRUE) != XML_STATUS_OK || b.failed) {
		if (b.failed)
			snprintf(err, errlen, "%s", b.why);
		else
			snprintf(err, errlen, "XML not well-formed at line %lu: %s",
				 (unsigned long)XML_GetCurrentLineNumber(b.parser),
				 XML_ErrorString(XML_GetErrorCode(b.parser)));
		goto out;
	}
	if (b.root == NULL) {
		snprintf(err, errlen, "XML document without an element");
		goto out;
	}
	root = b.root;
	b.root = NULL;
out:
	if (b.parser != NULL)
		XML_ParserFree(b.parser);
	/* On failure the partial tree hangs off the root, whatever the
	 * depth reached: freeing it frees everything. */
	xmltree_free(b.root);
	free(b.stack);
	buf_free(&b.pend);
	return root;
}

void
xmltree_free(struct xmltree_node *n)
{
	struct xmltree_node *next;

	/* Recursion only downwards: the depth was bounded by the parse. */
	for (; n != NULL; n = next) {
		next = n->next;
		xmltree_free(n->children);
		free(n);
	}
}

void
xmltree_free_wiped(struct xmltree_node *n)
{
	struct xmltree_node *next;

	for (; n != NULL; n = next) {
		next = n->next;
		xmltree_free_wiped(n->children);
		explicit_bzero(n->data, n->len);
		free(n);
	}
}

int
xmltree_is(const struct xmltree_node *n, const char *name)
{
	return n != NULL && !n->text && strcmp(n->data, name) == 0;
}

struct xmltree_node *
xmltree_child(const struct xmltree_node *n, const char *name)
{
	struct xmltree_node *k;

	for (k = n != NULL ? n->children : NULL; k != NULL; k = k->next)
		if (xmltree_is(k, name))
			return k;
	return NULL;
}

struct xmltree_node *
xmltree_find(const struct xmltree_node *n, const char *name)
{
	struct xmltree_node *k, *f;

	if (n == NULL || n->text)
		return NULL;
	if (strcmp(n->data, name) == 0)
		return (struct xmltree_node *)n;
	for (k = n->children; k != NULL; k = k->next)
		if ((f = xmltree_find(k, name)) != NULL)
			return f;
	return NULL;
}

struct xmltree_copy {
	char *buf;
	size_t len;
	size_t seen; /* bytes after the leading space so far */
	size_t keep; /* seen up to the last non-space byte */
};

static int
xmltree_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Copy the text below n into c, leading space skipped; what does not fit
 * is counted, not stored. */
static void
xmltree_copy_text(const struct xmltree_node *n, struct xmltree_copy *c)
{
	const struct xmltree_node *k;
	size_t i;

	for (k = n->children; k != NULL; k = k->next) {
		if (!k->text) {
			xmltree_copy_text(k, c);
			continue;
		}
		for (i = 0; i < k->len; i++) {
			if (c->seen == 0 && xmltree_space(k->data[i]))
				continue;
			if (c->seen + 1 < c->len)
				c->buf[c->seen] = k->data[i];
			c->seen++;
			if (!xmltree_space(k->data[i]))
				c->keep = c->seen;
		}
	}
}

int
xmltree_text(const struct xmltree_node *n, const char *name, char *buf, size_t len)
{
	const struct xmltree_node *k = xmltree_child(n, name);
	struct xmltree_copy c = {buf, len, 0, 0};
	size_t l;
	int rc = 1;

	if (len > 0)
		buf[0] = '\0';
	if (k == NULL)
		return 0;
	xmltree_copy_text(k, &c);
	l = c.keep;
	if (l >= len) {
		rc = -1;
		l = len > 0 ? len - 1 : 0;
	}
	if (len > 0)
		buf[l] = '\0';
	return rc;
}
