/* SPDX-License-Identifier: ISC */
/*
 * credential_process, as the AWS CLI runs it: the command line is split
 * into an argv with shell-like quoting but no shell (no expansion,
 * redirection or pipes), run with stdin from /dev/null, bounded by the
 * deadline (killed when it passes), its stdout read as the JSON document
 * of Version 1 and its stderr kept out of our output (logged at -vv at
 * most, cut short, since a helper may print anything).
 */
#ifndef VHA_AWS_PROCESS_H
#define VHA_AWS_PROCESS_H

#include <stddef.h>

#include "aws/aws_creds.h"

/*
 * Split cmd as the CLI does (shlex, POSIX mode): blanks separate words;
 * '...' keeps everything literally; "..." keeps everything but \" \\ \$
 * \` and \newline; a backslash outside quotes escapes the next character.
 * Returns 0 with a NULL-terminated heap argv in *argv (free with
 * aws_process_argv_free), or -1 with a reason in err (unterminated quote,
 * empty command).
 */
int aws_process_split(const char *cmd, char ***argv, char *err, size_t errlen);
void aws_process_argv_free(char **argv);

/*
 * The process's output: {"Version": 1, "AccessKeyId", "SecretAccessKey",
 * "SessionToken" (optional), "Expiration" (optional, ISO 8601)}.  Pure.
 * Returns 0 and fills *out (source left empty), or -1 with a reason in err
 * (never a secret).  Secrets in the parsed document are wiped.
 */
int aws_process_parse(const char *json, size_t len, struct aws_credentials *out,
		      char *err, size_t errlen);

/*
 * Run cmd and read its credentials.  deadline_ms is on clock_now_ms(); 0
 * means AWS_PROCESS_TIMEOUT_MS from now.  Returns 0 and fills *out, or -1
 * with a reason in err (the exit status, the signal, the deadline, what is
 * wrong with the output).
 */
#define AWS_PROCESS_TIMEOUT_MS 60000
int aws_process_credentials(const char *cmd, double deadline_ms,
			    struct aws_credentials *out, char *err, size_t errlen);

#endif
