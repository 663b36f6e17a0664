/* SPDX-License-Identifier: ISC */
/*
 * Shared between the files of lib/plugin/ only; programs include
 * plugin/plugin.h.
 */
#ifndef VHA_PLUGIN_INT_H
#define VHA_PLUGIN_INT_H

#include <stddef.h>
#include <stdio.h>

#include "plugin/plugin.h"

/* .off of -h and -V: they store nothing, the parser acts on them. */
#define PLUGIN_OFF_NONE ((size_t)-1)

/* -t -v -h -V, { NULL } ended: every program has them, after its own. */
const struct plugin_option *plugin_base_opts(void);

/* Write "name VERSION (package)", the licence and the bug address to f. */
void plugin_version_write(FILE *f, const char *name);

/* "License: ISC." and the bug address (when configure has one). */
void plugin_bug_lines(FILE *f);

#endif
