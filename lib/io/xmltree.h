/* SPDX-License-Identifier: ISC */
/*
 * A small read-only element tree over expat, for the short, trusted-shape
 * but untrusted-content answers of the EC2 Query API.
 *
 * Element names are local names: namespace URIs and prefixes are dropped.
 * Text (character data and CDATA sections) is kept as text nodes in
 * document order; comments, processing instructions and attributes are
 * dropped.  Any DOCTYPE is refused (so no DTD, no entity other than the
 * five predefined ones and character references), and the nesting depth
 * and the memory of the tree are bounded.
 */
#ifndef VHA_XMLTREE_H
#define VHA_XMLTREE_H

#include <stddef.h>

struct xmltree_node {
	struct xmltree_node *next;     /* next sibling, NULL when last */
	struct xmltree_node *children; /* first child; always NULL for text */
	size_t len;		       /* strlen(data) for an element; bytes
					* of data for text (may hold NULs
					* only if the document did, which
					* XML forbids) */
	int text;		       /* 1: a text node */
	char data[];		       /* element local name, or the text;
					* NUL-terminated either way */
};

struct xmltree_limits {
	unsigned max_depth; /* elements open at once; 0: 64 */
	size_t max_bytes;   /* memory of the tree (nodes and text);
			     * 0: 32 MiB */
};

/*
 * Parse a whole document.  Returns its root element (free the tree with
 * xmltree_free), or NULL with a one-line reason in err: not well-formed,
 * a DOCTYPE, too deep, too large, out of memory.  limits may be NULL.
 */
struct xmltree_node *xmltree_parse(const char *xml, size_t len, const struct xmltree_limits *lim,
				   char *err, size_t errlen);
void xmltree_free(struct xmltree_node *n);
/* The same, wiping every name and text first (a document holding keys). */
void xmltree_free_wiped(struct xmltree_node *n);

/* 1 when n is an element with this local name (NULL n: 0). */
int xmltree_is(const struct xmltree_node *n, const char *name);
/* First child element of n with this name, or NULL (NULL n: NULL). */
struct xmltree_node *xmltree_child(const struct xmltree_node *n, const char *name);
/* First element with this name at any depth below n, n included, in
 * document order; NULL when none. */
struct xmltree_node *xmltree_find(const struct xmltree_node *n, const char *name);

/*
 * Text content of child element `name` of n (all text below it, in
 * document order, as libxml2's xmlNodeGetContent gives it), with leading
 * and trailing space, tab, CR and LF trimmed, into buf.  Returns 1 when
 * the child exists, 0 when it does not (buf ""), -1 when the text does not
 * fit (buf holds what fits).  n may be NULL.
 */
int xmltree_text(const struct xmltree_node *n, const char *name, char *buf, size_t len);

#endif
