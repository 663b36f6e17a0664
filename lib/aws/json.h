/* SPDX-License-Identifier: ISC */
/*
 * Reading the JSON credential documents: IMDS's role credentials, the
 * container endpoints' answers and credential_process output.
 */
#ifndef VHA_AWS_JSON_H
#define VHA_AWS_JSON_H

#include <stddef.h>
#include <time.h>

struct json_object;

/* s[0..len) as one JSON object, nothing but white space after it; NULL
 * when it is not one.  Free with json_object_put (wipe the secret members
 * with aws_json_wipe first). */
struct json_object *aws_json_object(const char *s, size_t len);

/* The string member key of o, or NULL when absent or not a string.
 * Borrowed from o. */
const char *aws_json_str(struct json_object *o, const char *key);

/* Wipe the string member key of o in place (when it is one). */
void aws_json_wipe(struct json_object *o, const char *key);

/* "2021-09-21T04:16:53Z" (fractions of a second allowed; "+00:00" for
 * "Z") as time_t: 0, or -1 when s is not such a time. */
int aws_time_parse(const char *s, time_t *out);

#endif
