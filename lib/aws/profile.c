/* SPDX-License-Identifier: ISC */
/*
 * The shared config and credentials files: where they are, and their
 * profiles as the cross-SDK profile parser suite reads them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "aws/env.h"
#include "aws/profile.h"
#include "core/text.h"

/* Profile files hold a handful of keys; anything this large is not one. */
#define AWS_FILE_MAX (1024 * 1024)

int
aws_profile_ident_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && strchr("-/_.%@:+", c) == NULL)
			return 0;
	}
	return 1;
}

/* ---- profile files ---------------------------------------------------- */

/* Bare "[default]" in a config file; a space makes it impossible as a
 * real profile name, and it is renamed or dropped at the end of the file. */
#define AWS_BARE_DEFAULT " default"

static struct aws_profile *
aws_profiles_find_mut(struct aws_profiles *p, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strlen(p->v[i].name) == n && memcmp(p->v[i].name, name, n) == 0)
			return &p->v[i];
	return NULL;
}

static struct aws_profile *
aws_profiles_add(struct aws_profiles *p, const char *name, size_t n)
{
	struct aws_profile *np, *f;

	if ((f = aws_profiles_find_mut(p, name, n)) != NULL)
		return f;
	if ((np = realloc(p->v, (p->n + 1) * sizeof(*np))) == NULL)
		return NULL;
	p->v = np;
	memset(&np[p->n], 0, sizeof(*np));
	if ((np[p->n].name = strndup(name, n)) == NULL)
		return NULL;
	return &p->v[p->n++];
}

static void
aws_profile_clear(struct aws_profile *pr)
{
	size_t i;

	for (i = 0; i < pr->nprops; i++) {
		free(pr->props[i].key);
		text_free_wiped(pr->props[i].value);
	}
	free(pr->props);
	free(pr->name);
	memset(pr, 0, sizeof(*pr));
}

void
aws_profiles_free(struct aws_profiles *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		aws_profile_clear(&p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* Set key (already lower case) to value; returns the property's index. */
static long
aws_prop_set(struct aws_profile *pr, const char *key, const char *value, size_t vlen)
{
	struct aws_profile_prop *np;
	char *v;
	size_t i;

	if ((v = strndup(value, vlen)) == NULL)
		return -1;
	for (i = 0; i < pr->nprops; i++) {
		if (strcmp(pr->props[i].key, key) == 0) {
			text_free_wiped(pr->props[i].value);
			pr->props[i].value = v;
			return (long)i;
		}
	}
	if ((np = realloc(pr->props, (pr->nprops + 1) * sizeof(*np))) == NULL) {
		text_free_wiped(v);
		return -1;
	}
	pr->props = np;
	np[pr->nprops].value = v;
	if ((np[pr->nprops].key = strdup(key)) == NULL) {
		text_free_wiped(v);
		return -1;
	}
	return (long)pr->nprops++;
}

static int
aws_prop_append(struct aws_profile_prop *prop, const char *s, size_t n)
{
	size_t ol = strlen(prop->value);
	char *v = malloc(ol + 1 + n + 1);

	if (v == NULL)
		return -1;
	memcpy(v, prop->value, ol);
	v[ol] = '\n';
	memcpy(v + ol + 1, s, n);
	v[ol + 1 + n] = '\0';
	text_free_wiped(prop->value);
	prop->value = v;
	return 0;
}

struct aws_parse {
	struct aws_profile *cur; /* NULL in a skipped section */
	int in_section;          /* a section header was seen */
	int in_prop;             /* a property line since that header */
	int sub;                 /* that property opened with an empty value */
	long prop;               /* its index in cur, -1 when skipped */
};

static int
aws_parse_section(struct aws_profiles *tmp, struct aws_parse *st, const char *line,
		  size_t len, int is_config, const char **why)
{
	const char *s, *end, *name;
	int bare_default = 0;
	size_t n, nn;

	/* A comment may follow the header directly: "[profile a]; note". */
	for (end = line; end < line + len && *end != '#' && *end != ';'; end++)
		;
	text_trim(line, (size_t)(end - line), &s, &n);
	if (n < 2 || s[n - 1] != ']') {
		*why = "Profile definition must end with ']'";
		return -1;
	}
	text_trim(s + 1, n - 2, &s, &n);
	st->in_section = 1;
	st->in_prop = 0;
	st->prop = -1;
	st->cur = NULL;
	if (!is_config) {
		name = s;
		nn = n;
	} else if (n > 7 && memcmp(s, "profile", 7) == 0 && text_blank((unsigned char)s[7])) {
		text_trim(s + 7, n - 7, &name, &nn);
	} else if (n == 7 && memcmp(s, "default", 7) == 0) {
		name = AWS_BARE_DEFAULT;
		nn = strlen(AWS_BARE_DEFAULT);
		bare_default = 1;
	} else {
		return 0; /* "[sso-session x]", "[services x]", "[a]" in config */
	}
	if (!bare_default && !aws_profile_ident_valid(name, nn))
		return 0; /* invalid names are skipped with their properties */
	if ((st->cur = aws_profiles_add(tmp, name, nn)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

static int
aws_parse_property(struct aws_parse *st, const char *line, size_t len, const char **why)
{
	const char *end, *eq, *k, *v;
	char key[256];
	size_t kn, vn, i;

	if (!st->in_section) {
		*why = "Expected a profile definition";
		return -1;
	}
	/* "#" or ";" start a comment only after a blank: "a=b;c" is "b;c". */
	for (end = line; end < line + len; end++)
		if ((*end == '#' || *end == ';') && end > line && text_blank((unsigned char)end[-1]))
			break;
	eq = memchr(line, '=', (size_t)(end - line));
	if (eq == NULL) {
		*why = "Expected an '=' sign defining a property";
		return -1;
	}
	text_trim(line, (size_t)(eq - line), &k, &kn);
	text_trim(eq + 1, (size_t)(end - eq - 1), &v, &vn);
	if (kn == 0) {
		*why = "Property did not have a name";
		return -1;
	}
	st->in_prop = 1;
	st->sub = vn == 0;
	st->prop = -1;
	if (st->cur == NULL || !aws_profile_ident_valid(k, kn) || kn >= sizeof(key))
		return 0;
	for (i = 0; i < kn; i++)
		key[i] = (char)tolower((unsigned char)k[i]);
	key[kn] = '\0';
	if ((st->prop = aws_prop_set(st->cur, key, v, vn)) < 0) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

static int
aws_parse_continuation(struct aws_parse *st, const char *line, size_t len, const char **why)
{
	const char *s, *eq, *k;
	size_t n, kn;

	if (!st->in_section) {
		*why = "Expected a profile definition";
		return -1;
	}
	if (!st->in_prop) {
		*why = "Expected a property definition, found continuation";
		return -1;
	}
	text_trim(line, len, &s, &n);
	if (st->sub) {
		eq = memchr(s, '=', n);
		if (eq == NULL) {
			*why = "Expected an '=' sign defining a sub-property";
			return -1;
		}
		text_trim(s, (size_t)(eq - s), &k, &kn);
		if (kn == 0) {
			*why = "Sub-property did not have a name";
			return -1;
		}
	}
	if (st->cur != NULL && st->prop >= 0 &&
	    aws_prop_append(&st->cur->props[st->prop], s, n) != 0) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

/* "[profile default]" anywhere in a config file hides every bare
 * "[default]" of that file; without it, "[default]" is the default. */
static int
aws_fix_default(struct aws_profiles *tmp)
{
	struct aws_profile *bare, *pref;
	char *name;

	bare = aws_profiles_find_mut(tmp, AWS_BARE_DEFAULT, strlen(AWS_BARE_DEFAULT));
	if (bare == NULL)
		return 0;
	pref = aws_profiles_find_mut(tmp, "default", 7);
	if (pref != NULL) {
		aws_profile_clear(bare);
		*bare = tmp->v[--tmp->n];
		return 0;
	}
	if ((name = strdup("default")) == NULL)
		return -1;
	free(bare->name);
	bare->name = name;
	return 0;
}

static int
aws_profiles_merge(struct aws_profiles *dst, const struct aws_profiles *src)
{
	struct aws_profile *d;
	size_t i, j;

	for (i = 0; i < src->n; i++) {
		if ((d = aws_profiles_add(dst, src->v[i].name, strlen(src->v[i].name))) == NULL)
			return -1;
		for (j = 0; j < src->v[i].nprops; j++) {
			const struct aws_profile_prop *pp = &src->v[i].props[j];

			if (aws_prop_set(d, pp->key, pp->value, strlen(pp->value)) < 0)
				return -1;
		}
	}
	return 0;
}

int
aws_profiles_parse(struct aws_profiles *p, const char *text, size_t len, int is_config,
		   char *err, size_t errlen)
{
	struct aws_profiles tmp = {0};
	struct aws_parse st = {0};
	const char *line = text, *end = text + len, *eol, *why = NULL;
	size_t n, lineno = 0, i;
	int rc = -1;

	st.prop = -1;
	while (line < end) {
		eol = memchr(line, '\n', (size_t)(end - line));
		if (eol == NULL)
			eol = end;
		n = (size_t)(eol - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		lineno++;
		for (i = 0; i < n && text_blank((unsigned char)line[i]); i++)
			;
		if (memchr(line, '\0', n) != NULL) {
			why = "NUL byte in the file";
		} else if (i == n || line[0] == '#' || line[0] == ';') {
			/* blank or comment */
		} else if (line[0] == '[') {
			(void)aws_parse_section(&tmp, &st, line, n, is_config, &why);
		} else if (text_blank((unsigned char)line[0])) {
			(void)aws_parse_continuation(&st, line, n, &why);
		} else {
			(void)aws_parse_property(&st, line, n, &why);
		}
		if (why != NULL) {
			snprintf(err, errlen, "line %zu: %s", lineno, why);
			goto out;
		}
		line = eol < end ? eol + 1 : end;
	}
	if ((is_config && aws_fix_default(&tmp) != 0) || aws_profiles_merge(p, &tmp) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	aws_profiles_free(&tmp);
	if (rc != 0)
		aws_profiles_free(p);
	return rc;
}

const struct aws_profile *
aws_profiles_find(const struct aws_profiles *p, const char *profile)
{
	size_t i;

	for (i = 0; p != NULL && profile != NULL && i < p->n; i++)
		if (strcmp(p->v[i].name, profile) == 0)
			return &p->v[i];
	return NULL;
}

const char *
aws_profiles_get(const struct aws_profiles *p, const char *profile, const char *key)
{
	const struct aws_profile *pr = aws_profiles_find(p, profile);
	size_t i;

	if (pr == NULL || key == NULL)
		return NULL;
	for (i = 0; i < pr->nprops; i++)
		if (strcasecmp(pr->props[i].key, key) == 0)
			return pr->props[i].value;
	return NULL;
}

char *
aws_profile_get(const char *text, size_t len, int is_config, const char *profile,
		const char *key)
{
	struct aws_profiles p = {0};
	const char *v;
	char err[128], *r = NULL;

	if (text == NULL)
		return NULL;
	if (aws_profiles_parse(&p, text, len, is_config, err, sizeof(err)) != 0)
		return NULL;
	if ((v = aws_profiles_get(&p, profile, key)) != NULL)
		r = strdup(v);
	aws_profiles_free(&p);
	return r;
}

/* ---- where the files are -------------------------------------------- */

static int
aws_home(char *out, size_t outlen, char *err, size_t errlen)
{
	const char *h = aws_env("HOME");
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (h == NULL && getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 && res != NULL)
		h = res->pw_dir;
	if (h == NULL || *h == '\0') {
		snprintf(err, errlen, "HOME is not set and user %lu has no home directory",
			 (unsigned long)getuid());
		return -1;
	}
	if ((size_t)snprintf(out, outlen, "%s", h) >= outlen) {
		snprintf(err, errlen, "home directory path too long");
		return -1;
	}
	return 0;
}

static int
aws_file_path(const char *envname, const char *def, char *out, size_t outlen, char *err,
	      size_t errlen)
{
	const char *v = aws_env(envname);
	char home[AWS_FILES_PATH_MAX];
	int n;

	if (v != NULL && !(v[0] == '~' && v[1] == '/')) {
		n = snprintf(out, outlen, "%s", v);
	} else {
		if (aws_home(home, sizeof(home), err, errlen) != 0)
			return -1;
		n = v != NULL ? snprintf(out, outlen, "%s%s", home, v + 1)
			      : snprintf(out, outlen, "%s/.aws/%s", home, def);
	}
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "%s path too long", v != NULL ? envname : def);
		return -1;
	}
	return 0;
}

int
aws_shared_file_paths(char *config, size_t configlen, char *credentials, size_t credlen,
		      char *err, size_t errlen)
{
	if (aws_file_path("AWS_CONFIG_FILE", "config", config, configlen, err, errlen) != 0 ||
	    aws_file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials", credentials, credlen,
			  err, errlen) != 0)
		return -1;
	return 0;
}

const char *
aws_profile_name(const struct aws_options *opt, int *named)
{
	const char *v;
	int dummy;

	if (named == NULL)
		named = &dummy;
	*named = 2;
	if (opt != NULL && opt->profile != NULL && *opt->profile != '\0')
		return opt->profile;
	*named = 1;
	if ((v = aws_env("AWS_PROFILE")) != NULL || (v = aws_env("AWS_DEFAULT_PROFILE")) != NULL)
		return v;
	*named = 0;
	return "default";
}

/* Reads path into *text (heap, wiped by the caller).  Returns 0, 1 when
 * the file does not exist, or -1. */
static int
aws_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
	FILE *f;
	char *buf;
	size_t n;

	*text = NULL;
	*len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if ((buf = malloc(AWS_FILE_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = fread(buf, 1, AWS_FILE_MAX + 1, f);
	if (ferror(f) || n > AWS_FILE_MAX) {
		snprintf(err, errlen, ferror(f) ? "cannot read %s" : "%s is larger than 1 MiB",
			 path);
		OPENSSL_cleanse(buf, n);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

static int
aws_load_one(const char *path, int is_config, struct aws_profiles *p, char *err, size_t errlen)
{
	char *text, why[200];
	size_t len;
	int r;

	r = aws_read_file(path, &text, &len, err, errlen);
	if (r != 0)
		return r > 0 ? 0 : -1;
	r = aws_profiles_parse(p, text, len, is_config, why, sizeof(why));
	OPENSSL_cleanse(text, len);
	free(text);
	if (r != 0)
		snprintf(err, errlen, "%s: %s", path, why);
	return r;
}

int
aws_files_load(struct aws_files *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof(*f));
	if (aws_shared_file_paths(f->config_path, sizeof(f->config_path), f->cred_path,
				  sizeof(f->cred_path), err, errlen) != 0 ||
	    aws_load_one(f->config_path, 1, &f->config, err, errlen) != 0 ||
	    aws_load_one(f->cred_path, 0, &f->cred, err, errlen) != 0) {
		aws_profiles_free(&f->config);
		aws_profiles_free(&f->cred);
		return -1;
	}
	return 0;
}

void
aws_files_free(struct aws_files *f)
{
	aws_profiles_free(&f->config);
	aws_profiles_free(&f->cred);
}

int
aws_files_check_profile(const struct aws_files *f, const char *profile, int named, char *err,
		  size_t errlen)
{
	if (!named || aws_profiles_find(&f->cred, profile) != NULL ||
	    aws_profiles_find(&f->config, profile) != NULL)
		return 0;
	snprintf(err, errlen, "profile '%s' (%s) not found in %s or %s", profile,
		 named == 2 ? "--profile" : "AWS_PROFILE/AWS_DEFAULT_PROFILE", f->cred_path, f->config_path);
	return -1;
}

