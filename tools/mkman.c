/*
 * mkman: write the man page (roff, section 1) of the program whose
 * struct plugin_doc is named by PLUGIN_DOC at compile time, to stdout.
 * Built once per program by Makefile.am, so the page and --help come from
 * the same source.
 */
#include "config.h"

#include <stdio.h>

#include "plugin/plugin.h"

#ifndef PLUGIN_DOC
#error "compile with -DPLUGIN_DOC=name_of_the_programs_doc"
#endif

extern const struct plugin_doc PLUGIN_DOC;

int
main(void)
{
	if (plugin_man_write(stdout, &PLUGIN_DOC) != 0) {
		perror("mkman: stdout");
		return 1;
	}
	return 0;
}
