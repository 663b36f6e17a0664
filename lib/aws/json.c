/* SPDX-License-Identifier: ISC */
/*
 * JSON credential documents (IMDS, container endpoints, credential_process)
 * share their reading: one object, string members, wiping the secret ones,
 * and the ISO 8601 times of their Expiration.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "aws/json.h"

struct json_object *
aws_json_object(const char *s, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;

	if (tok == NULL || len > INT_MAX) {
		json_tokener_free(tok);
		return NULL;
	}
	o = json_tokener_parse_ex(tok, s, (int)len);
	/* Trailing data or an incomplete document is an error. */
	if (o != NULL && (json_tokener_get_error(tok) != json_tokener_success ||
			  (size_t)json_tokener_get_parse_end(tok) < len)) {
		const char *rest = s + json_tokener_get_parse_end(tok);

		while (rest < s + len && isspace((unsigned char)*rest))
			rest++;
		if (rest < s + len) {
			json_object_put(o);
			o = NULL;
		}
	}
	json_tokener_free(tok);
	if (o != NULL && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

const char *
aws_json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

void
aws_json_wipe(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
		OPENSSL_cleanse((char *)json_object_get_string(v),
				(size_t)json_object_get_string_len(v));
}

int
aws_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	const char *p;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0)
		return -1;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*out = t;
	return 0;
}

