/* SPDX-License-Identifier: ISC */
/*
 * Temporary role credentials cached in the state directory, so that a
 * failover pays the STS round trip only when the cache is cold.
 *
 * One file per (profile, role, external id): DIR/aws-role-HASH.json, mode
 * 0600, written to a temporary file and renamed.  An entry counts only
 * while more than AWS_CACHE_MARGIN_S seconds of it are left.  A file that
 * is not ours (another owner, not a regular file, readable by others) or
 * does not parse is ignored with a warning (log_warn) and replaced by the
 * next store.
 */
#ifndef VHA_AWS_CACHE_H
#define VHA_AWS_CACHE_H

#include <stddef.h>
#include <time.h>

#include "aws/aws_creds.h"

#define AWS_CACHE_MARGIN_S 300

struct aws_cache_key {
	const char *profile;     /* the profile that names the role, or
				  * "--role-arn" / "environment" */
	const char *role_arn;
	const char *external_id; /* NULL: none */
};

/* The cache file for key into out[outlen]: 0, or -1 (too long). */
int aws_cache_path(const char *dir, const struct aws_cache_key *k, char *out,
		   size_t outlen);

/*
 * Look up key at time now.  Returns 0 and fills *out (source and identity
 * set; free with aws_credentials_clear), or 1 when there is no usable entry
 * (none, expiring, or ignored with a warning).
 */
int aws_cache_load(const char *dir, const struct aws_cache_key *k, time_t now,
		   struct aws_credentials *out);

/* Store c (which must have an expiration) for key.  Returns 0, or -1 with a
 * reason in err. */
int aws_cache_store(const char *dir, const struct aws_cache_key *k,
		    const struct aws_credentials *c, char *err, size_t errlen);

#endif
