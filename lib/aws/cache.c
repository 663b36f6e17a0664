/* SPDX-License-Identifier: ISC */
/*
 * The role credential cache: one small JSON file per role, ours alone.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "aws/cache.h"
#include "aws/json.h"
#include "aws/sigv4.h"
#include "core/buf.h"
#include "core/log.h"

#define AWS_CACHE_MAX (64 * 1024)

int
aws_cache_path(const char *dir, const struct aws_cache_key *k, char *out, size_t outlen)
{
	struct buf b = BUF_INIT;
	char hex[65];
	int n;

	if (buf_printf(&b, "%s%c%s%c%s", k->profile ? k->profile : "", 0, k->role_arn, 0,
		       k->external_id ? k->external_id : "") != 0)
		return -1;
	sigv4_sha256_hex(b.data, b.len, hex);
	buf_free(&b);
	hex[32] = '\0';
	n = snprintf(out, outlen, "%s/aws-role-%s.json", dir, hex);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Append s as a JSON string. */
static int
aws_cache_put_str(struct buf *b, const char *s)
{
	int rc = buf_putc(b, '"');

	for (; *s != '\0' && rc == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			rc = buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			rc = buf_printf(b, "\\u%04x", c);
		else
			rc = buf_putc(b, (char)c);
	}
	return rc != 0 ? rc : buf_putc(b, '"');
}

static int
aws_cache_field(struct buf *b, const char *name, const char *value)
{
	return buf_printf(b, ",\"%s\":", name) | aws_cache_put_str(b, value);
}

int
aws_cache_store(const char *dir, const struct aws_cache_key *k, const struct aws_credentials *c,
		char *err, size_t errlen)
{
	char path[4096], tmp[4200], exp[32];
	struct buf b;
	struct tm tm;
	int fd = -1, rc = -1;

	if (aws_cache_path(dir, k, path, sizeof(path)) != 0 ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp)) {
		snprintf(err, errlen, "cache path in %.200s too long", dir);
		return -1;
	}
	if (c->expiration == 0 || gmtime_r(&c->expiration, &tm) == NULL) {
		snprintf(err, errlen, "credentials without an expiration are not cached");
		return -1;
	}
	strftime(exp, sizeof(exp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_init_secret(&b, AWS_CACHE_MAX);
	if (buf_puts(&b, "{\"Version\":1") | aws_cache_field(&b, "Profile", k->profile) |
	    aws_cache_field(&b, "RoleArn", k->role_arn) |
	    aws_cache_field(&b, "ExternalId", k->external_id ? k->external_id : "") |
	    aws_cache_field(&b, "AccessKeyId", c->access_key_id) |
	    aws_cache_field(&b, "SecretAccessKey", c->secret_access_key) |
	    aws_cache_field(&b, "SessionToken", c->session_token ? c->session_token : "") |
	    aws_cache_field(&b, "Expiration", exp) | aws_cache_field(&b, "Source", c->source) |
	    buf_puts(&b, "}\n")) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* mkstemp creates it 0600: never readable by others, even briefly. */
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot create %.200s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) != 0 || close(fd) != 0) {
		snprintf(err, errlen, "cannot write %.200s: %s", tmp, strerror(errno));
		fd = -1;
		(void)unlink(tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot rename %.200s: %s", tmp, strerror(errno));
		(void)unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0) {
		close(fd);
		(void)unlink(tmp);
	}
	buf_free(&b);
	return rc;
}

/* 1 (with a warning) when the file is not ours. */
static int
foreign(const char *path, const struct stat *st)
{
	if (st->st_uid == geteuid())
		return 0;
	log_warn("ignoring the credential cache %s: owned by uid %lu, not by us (uid %lu)", path,
		 (unsigned long)st->st_uid, (unsigned long)geteuid());
	return 1;
}

/* Read path if it is ours: 0 with the text in b, 1 absent, -1 ignored
 * (warned). */
static int
aws_cache_read(const char *path, struct buf *b)
{
	char tmp[4096];
	struct stat st;
	ssize_t r;
	int fd;

	/* Looked at before open too: the handler runs without
	 * CAP_DAC_OVERRIDE, so a foreign file would not even open, and
	 * "owned by" says more than EACCES.  fstat below is what counts. */
	if (lstat(path, &st) == 0 && foreign(path, &st))
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)) < 0) {
		if (errno == ENOENT)
			return 1;
		log_warn("ignoring the credential cache %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_warn("ignoring the credential cache %s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (foreign(path, &st)) {
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		log_warn("ignoring the credential cache %s: mode %03o, others may read it", path,
			 (unsigned)(st.st_mode & 0777));
		close(fd);
		return -1;
	}
	while ((r = read(fd, tmp, sizeof(tmp))) > 0)
		if (buf_put(b, tmp, (size_t)r) != 0)
			break;
	explicit_bzero(tmp, sizeof(tmp));
	close(fd);
	if (r != 0) {
		log_warn("ignoring the credential cache %s: cannot read it (or too large)", path);
		return -1;
	}
	return 0;
}

int
aws_cache_load(const char *dir, const struct aws_cache_key *k, time_t now,
	       struct aws_credentials *out)
{
	static const char *const secrets[] = {"SecretAccessKey", "SessionToken"};
	struct json_object *o = NULL, *ver;
	const char *id, *secret, *token, *exp, *prof, *role, *ext, *src;
	char path[4096], why[128];
	struct buf b;
	size_t i;
	int rc = 1;

	memset(out, 0, sizeof(*out));
	if (dir == NULL || aws_cache_path(dir, k, path, sizeof(path)) != 0)
		return 1;
	buf_init_secret(&b, AWS_CACHE_MAX);
	if (aws_cache_read(path, &b) != 0)
		goto out;
	if ((o = aws_json_object(buf_str(&b), b.len)) == NULL ||
	    !json_object_object_get_ex(o, "Version", &ver) || json_object_get_int(ver) != 1 ||
	    (id = aws_json_str(o, "AccessKeyId")) == NULL ||
	    (secret = aws_json_str(o, "SecretAccessKey")) == NULL ||
	    (token = aws_json_str(o, "SessionToken")) == NULL ||
	    (exp = aws_json_str(o, "Expiration")) == NULL ||
	    (prof = aws_json_str(o, "Profile")) == NULL || (role = aws_json_str(o, "RoleArn")) == NULL ||
	    (ext = aws_json_str(o, "ExternalId")) == NULL || (src = aws_json_str(o, "Source")) == NULL ||
	    *id == '\0' || *secret == '\0' || aws_time_parse(exp, &out->expiration) != 0) {
		log_warn("ignoring the credential cache %s: not a cache entry (corrupt?)", path);
		goto out;
	}
	/* The hash names the file; the entry must say it is the same key. */
	if (strcmp(prof, k->profile ? k->profile : "") != 0 || strcmp(role, k->role_arn) != 0 ||
	    strcmp(ext, k->external_id ? k->external_id : "") != 0) {
		log_warn("ignoring the credential cache %s: it is for another role or profile", path);
		goto out;
	}
	if (out->expiration - now <= AWS_CACHE_MARGIN_S) {
		log_info("cached credentials for %s expire in %lld s: refreshing", k->role_arn,
			 (long long)(out->expiration - now));
		goto out;
	}
	if (aws_credentials_set(out, id, secret, *token ? token : NULL, why, sizeof(why)) != 0)
		goto out;
	snprintf(out->source, sizeof(out->source), "%s (cached in %s)", src, path);
	snprintf(out->identity, sizeof(out->identity), "%s", k->role_arn);
	rc = 0;
out:
	if (rc != 0)
		aws_credentials_clear(out);
	for (i = 0; o != NULL && i < sizeof(secrets) / sizeof(secrets[0]); i++)
		aws_json_wipe(o, secrets[i]);
	json_object_put(o);
	buf_free(&b);
	return rc;
}
