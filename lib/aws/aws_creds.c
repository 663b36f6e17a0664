/*
 * AWS credentials, region and endpoint in the AWS CLI's order; the shared
 * profile files as the cross-SDK parser suite reads them; IMDSv2 over the
 * http seam.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "aws/aws_creds.h"

#define AWS_IMDS_IPV4 "http://169.254.169.254"
#define AWS_IMDS_IPV6 "http://[fd00:ec2::254]"
#define AWS_IMDS_TTL "21600"
/* Profile files hold a handful of keys; anything this large is not one. */
#define AWS_FILE_MAX (1024 * 1024)
#define AWS_PATH_MAX 4096

/* ---- small helpers ---------------------------------------------------- */

static void
aws_wipe_free(char *s)
{
	if (s != NULL) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

static int
aws_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* [s, s+len) trimmed of blanks, as *start and *n. */
static void
aws_trim(const char *s, size_t len, const char **start, size_t *n)
{
	while (len > 0 && aws_blank((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && aws_blank((unsigned char)s[len - 1]))
		len--;
	*start = s;
	*n = len;
}

static char *
aws_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* An environment variable, NULL when unset or blank (smithy-rs treats a
 * blank AWS_ACCESS_KEY_ID as missing; so do we for every variable). */
static const char *
aws_env(const char *name)
{
	const char *v = getenv(name), *p;

	if (v == NULL)
		return NULL;
	for (p = v; *p != '\0'; p++)
		if (!aws_blank((unsigned char)*p) && *p != '\n')
			return v;
	return NULL;
}

static int
aws_env_true(const char *name)
{
	const char *v = aws_env(name), *s;
	size_t n;

	if (v == NULL)
		return 0;
	aws_trim(v, strlen(v), &s, &n);
	return n == 4 && strncasecmp(s, "true", 4) == 0;
}

/* Profile and property names: the cross-SDK suite's character set. */
static int
aws_valid_ident(const char *s, size_t n)
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
	if ((np[p->n].name = aws_strndup(name, n)) == NULL)
		return NULL;
	return &p->v[p->n++];
}

static void
aws_profile_clear(struct aws_profile *pr)
{
	size_t i;

	for (i = 0; i < pr->nprops; i++) {
		free(pr->props[i].key);
		aws_wipe_free(pr->props[i].value);
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

	if ((v = aws_strndup(value, vlen)) == NULL)
		return -1;
	for (i = 0; i < pr->nprops; i++) {
		if (strcmp(pr->props[i].key, key) == 0) {
			aws_wipe_free(pr->props[i].value);
			pr->props[i].value = v;
			return (long)i;
		}
	}
	if ((np = realloc(pr->props, (pr->nprops + 1) * sizeof(*np))) == NULL) {
		aws_wipe_free(v);
		return -1;
	}
	pr->props = np;
	np[pr->nprops].value = v;
	if ((np[pr->nprops].key = strdup(key)) == NULL) {
		aws_wipe_free(v);
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
	aws_wipe_free(prop->value);
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
	aws_trim(line, (size_t)(end - line), &s, &n);
	if (n < 2 || s[n - 1] != ']') {
		*why = "Profile definition must end with ']'";
		return -1;
	}
	aws_trim(s + 1, n - 2, &s, &n);
	st->in_section = 1;
	st->in_prop = 0;
	st->prop = -1;
	st->cur = NULL;
	if (!is_config) {
		name = s;
		nn = n;
	} else if (n > 7 && memcmp(s, "profile", 7) == 0 && aws_blank((unsigned char)s[7])) {
		aws_trim(s + 7, n - 7, &name, &nn);
	} else if (n == 7 && memcmp(s, "default", 7) == 0) {
		name = AWS_BARE_DEFAULT;
		nn = strlen(AWS_BARE_DEFAULT);
		bare_default = 1;
	} else {
		return 0; /* "[sso-session x]", "[services x]", "[a]" in config */
	}
	if (!bare_default && !aws_valid_ident(name, nn))
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
		if ((*end == '#' || *end == ';') && end > line && aws_blank((unsigned char)end[-1]))
			break;
	eq = memchr(line, '=', (size_t)(end - line));
	if (eq == NULL) {
		*why = "Expected an '=' sign defining a property";
		return -1;
	}
	aws_trim(line, (size_t)(eq - line), &k, &kn);
	aws_trim(eq + 1, (size_t)(end - eq - 1), &v, &vn);
	if (kn == 0) {
		*why = "Property did not have a name";
		return -1;
	}
	st->in_prop = 1;
	st->sub = vn == 0;
	st->prop = -1;
	if (st->cur == NULL || !aws_valid_ident(k, kn) || kn >= sizeof(key))
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
	aws_trim(line, len, &s, &n);
	if (st->sub) {
		eq = memchr(s, '=', n);
		if (eq == NULL) {
			*why = "Expected an '=' sign defining a sub-property";
			return -1;
		}
		aws_trim(s, (size_t)(eq - s), &k, &kn);
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
		for (i = 0; i < n && aws_blank((unsigned char)line[i]); i++)
			;
		if (memchr(line, '\0', n) != NULL) {
			why = "NUL byte in the file";
		} else if (i == n || line[0] == '#' || line[0] == ';') {
			/* blank or comment */
		} else if (line[0] == '[') {
			(void)aws_parse_section(&tmp, &st, line, n, is_config, &why);
		} else if (aws_blank((unsigned char)line[0])) {
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

/* ---- where things are ------------------------------------------------- */

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
	char home[AWS_PATH_MAX];
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

/* The shared files of the chain, both parsed, with their paths. */
struct aws_files {
	char config_path[AWS_PATH_MAX];
	char cred_path[AWS_PATH_MAX];
	struct aws_profiles config;
	struct aws_profiles cred;
};

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

static int
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

static void
aws_files_free(struct aws_files *f)
{
	aws_profiles_free(&f->config);
	aws_profiles_free(&f->cred);
}

/* A profile named explicitly must exist (botocore: ProfileNotFound). */
static int
aws_check_profile(const struct aws_files *f, const char *profile, int named, char *err,
		  size_t errlen)
{
	if (!named || aws_profiles_find(&f->cred, profile) != NULL ||
	    aws_profiles_find(&f->config, profile) != NULL)
		return 0;
	snprintf(err, errlen, "profile '%s' (%s) not found in %s or %s", profile,
		 named == 2 ? "--profile" : "AWS_PROFILE/AWS_DEFAULT_PROFILE", f->cred_path, f->config_path);
	return -1;
}

/* ---- IMDSv2 ----------------------------------------------------------- */

/* A URL we are willing to send requests to: http(s)://host..., no blanks
 * or control characters. */
static int
aws_valid_url(const char *u)
{
	const char *p, *host;

	if (strncmp(u, "http://", 7) == 0)
		host = u + 7;
	else if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else
		return 0;
	if (*host == '\0' || *host == '/')
		return 0;
	for (p = u; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '^' || *p == '`' || *p == '{' ||
		    *p == '|' || *p == '}')
			return 0;
	return 1;
}

static int
aws_copy_url(const char *url, const char *what, char *out, size_t outlen, char *err,
	     size_t errlen)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	if (!aws_valid_url(url) || n == 0) {
		snprintf(err, errlen, "%s '%.100s' is not an http:// or https:// URL", what, url);
		return -1;
	}
	if (n >= outlen) {
		snprintf(err, errlen, "%s is too long", what);
		return -1;
	}
	memcpy(out, url, n);
	out[n] = '\0';
	return 0;
}

static int
aws_imds_endpoint_files(const struct aws_options *opt, const struct aws_files *f, char *out,
			size_t outlen, char *err, size_t errlen)
{
	const char *profile = aws_profile_name(opt, NULL), *v, *what;

	if ((v = aws_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")) != NULL)
		return aws_copy_url(v, "AWS_EC2_METADATA_SERVICE_ENDPOINT", out, outlen, err,
				    errlen);
	if ((v = aws_profiles_get(&f->config, profile, "ec2_metadata_service_endpoint")) != NULL)
		return aws_copy_url(v, "ec2_metadata_service_endpoint", out, outlen, err, errlen);
	what = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
	if ((v = aws_env(what)) == NULL) {
		what = "ec2_metadata_service_endpoint_mode";
		v = aws_profiles_get(&f->config, profile, what);
	}
	if (v == NULL || strcasecmp(v, "IPv4") == 0) {
		snprintf(out, outlen, "%s", AWS_IMDS_IPV4);
	} else if (strcasecmp(v, "IPv6") == 0) {
		snprintf(out, outlen, "%s", AWS_IMDS_IPV6);
	} else {
		snprintf(err, errlen, "%s: `%.40s` is not a valid endpoint mode (IPv4 or IPv6)",
			 what, v);
		return -1;
	}
	return 0;
}

int
aws_imds_endpoint(const struct aws_options *opt, char *out, size_t outlen, char *err,
		  size_t errlen)
{
	struct aws_files f;
	int rc;

	if (aws_files_load(&f, err, errlen) != 0)
		return -1;
	rc = aws_imds_endpoint_files(opt, &f, out, outlen, err, errlen);
	aws_files_free(&f);
	return rc;
}

struct aws_imds {
	struct http_client *http;
	char base[512];
	char token[1024]; /* session token: wiped */
	long timeout_ms;
	int attempts;
};

static void
aws_imds_resp_free(struct http_response *r)
{
	if (r->body != NULL) {
		OPENSSL_cleanse(r->body, r->bodylen);
		free(r->body);
	}
	memset(r, 0, sizeof(*r));
}

static int
aws_imds_init(struct aws_imds *im, const struct aws_options *opt, const struct aws_files *f,
	      struct http_client *http, char *err, size_t errlen)
{
	const char *v;
	double t;
	char *end;
	long a;

	memset(im, 0, sizeof(*im));
	im->http = http;
	if (aws_imds_endpoint_files(opt, f, im->base, sizeof(im->base), err, errlen) != 0)
		return -1;
	t = opt != NULL ? opt->imds_timeout_s : 0;
	if (t <= 0 && (v = aws_env("AWS_METADATA_SERVICE_TIMEOUT")) != NULL) {
		t = strtod(v, &end);
		if (*end != '\0' || !(t > 0 && t <= 3600)) {
			snprintf(err, errlen, "AWS_METADATA_SERVICE_TIMEOUT '%.20s' is not a number of seconds", v);
			return -1;
		}
	}
	im->timeout_ms = t > 0 ? (long)(t * 1000 + 0.5) : 1000;
	if (im->timeout_ms < 1)
		im->timeout_ms = 1;
	/* Transient 5xx answers are retried (smithy-rs does so too). */
	im->attempts = 3;
	if ((v = aws_env("AWS_METADATA_SERVICE_NUM_ATTEMPTS")) != NULL) {
		errno = 0;
		a = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || a < 1 || a > 10) {
			snprintf(err, errlen, "AWS_METADATA_SERVICE_NUM_ATTEMPTS '%.20s' is not 1..10", v);
			return -1;
		}
		im->attempts = (int)a;
	}
	return 0;
}

/*
 * One IMDS request, retried on 5xx.  Returns 0 with *resp (any status;
 * free with aws_imds_resp_free), or -1 on a transport error.
 */
static int
aws_imds_call(struct aws_imds *im, const char *method, const char *path,
	      struct http_response *resp, char *err, size_t errlen)
{
	struct http_header h[1];
	struct http_exchange x;
	char url[1024];
	int attempt;

	memset(resp, 0, sizeof(*resp));
	if ((size_t)snprintf(url, sizeof(url), "%s%s", im->base, path) >= sizeof(url)) {
		snprintf(err, errlen, "IMDS URL too long");
		return -1;
	}
	if (strcmp(method, "PUT") == 0) {
		h[0].name = "X-aws-ec2-metadata-token-ttl-seconds";
		h[0].value = AWS_IMDS_TTL;
	} else {
		h[0].name = "X-aws-ec2-metadata-token";
		h[0].value = im->token;
	}
	for (attempt = 1;; attempt++) {
		memset(&x, 0, sizeof(x));
		x.req.method = method;
		x.req.url = url;
		x.req.headers = h;
		x.req.nheaders = 1;
		x.req.body = NULL;
		x.req.bodylen = 0;
		x.req.timeout_ms = im->timeout_ms;
		(void)im->http->ops->perform(im->http->impl, &x, 1);
		if (x.resp.transport_error || x.resp.status == 0) {
			snprintf(err, errlen, "IMDS at %s: %s %s: %s", im->base, method, path,
				 x.resp.error[0] ? x.resp.error : "no HTTP answer");
			aws_imds_resp_free(&x.resp);
			return -1;
		}
		if (x.resp.status < 500 || attempt >= im->attempts)
			break;
		aws_imds_resp_free(&x.resp);
		/* A short pause: IMDS answers 503 when throttling. */
		nanosleep(&(struct timespec){0, 50000000L * attempt}, NULL);
	}
	*resp = x.resp;
	return 0;
}

/* Body of a 200 answer trimmed of surrounding white space. */
static void
aws_body_trim(const struct http_response *r, const char **s, size_t *n)
{
	size_t len = r->body != NULL ? strlen(r->body) : 0;
	const char *p = r->body != NULL ? r->body : "";

	while (len > 0 && (aws_blank((unsigned char)p[len - 1]) || p[len - 1] == '\n'))
		len--;
	while (len > 0 && (aws_blank((unsigned char)*p) || *p == '\n')) {
		p++;
		len--;
	}
	*s = p;
	*n = len;
}

static int
aws_imds_token(struct aws_imds *im, char *err, size_t errlen)
{
	struct http_response r;
	const char *s;
	size_t n, i;
	int rc = -1;

	if (aws_imds_call(im, "PUT", "/latest/api/token", &r, err, errlen) != 0)
		return -1;
	if (r.status == 403) {
		snprintf(err, errlen,
			 "IMDS at %s: token request forbidden (HTTP 403): IMDS is disabled on this instance",
			 im->base);
		goto out;
	}
	if (r.status != 200) {
		snprintf(err, errlen, "IMDS at %s: token request (PUT /latest/api/token) answered HTTP %ld",
			 im->base, r.status);
		goto out;
	}
	aws_body_trim(&r, &s, &n);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			break;
	if (n == 0 || i < n || n >= sizeof(im->token)) {
		snprintf(err, errlen, "IMDS at %s: unusable session token in the answer", im->base);
		goto out;
	}
	memcpy(im->token, s, n);
	im->token[n] = '\0';
	rc = 0;
out:
	aws_imds_resp_free(&r);
	return rc;
}

/* GET path with the token: 0 with *r (status 200), 1 on 404, -1 else. */
static int
aws_imds_get(struct aws_imds *im, const char *path, struct http_response *r, char *err,
	     size_t errlen)
{
	if (aws_imds_call(im, "GET", path, r, err, errlen) != 0)
		return -1;
	if (r->status == 200)
		return 0;
	if (r->status == 404) {
		aws_imds_resp_free(r);
		return 1;
	}
	if (r->status == 401)
		snprintf(err, errlen, "IMDS at %s: GET %s: session token refused (HTTP 401)",
			 im->base, path);
	else
		snprintf(err, errlen, "IMDS at %s: GET %s answered HTTP %ld", im->base, path,
			 r->status);
	aws_imds_resp_free(r);
	return -1;
}

static struct json_object *
aws_json_parse(const char *s, size_t len)
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

static const char *
aws_json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void
aws_json_wipe(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
		OPENSSL_cleanse((char *)json_object_get_string(v),
				(size_t)json_object_get_string_len(v));
}

/* "2021-09-21T04:16:53Z" (fractions of a second allowed) as time_t. */
static int
aws_parse_time(const char *s, time_t *out)
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

static int
aws_imds_role_creds(struct aws_imds *im, const char *role, struct aws_credentials *out,
		    char *err, size_t errlen)
{
	/* Token is optional here: real IMDS always sends one, but a test
	 * endpoint handing out an IAM user's keys has none to give. */
	static const char *const keys[] = {"AccessKeyId", "SecretAccessKey", "Expiration",
					   "Token"};
	struct json_object *o = NULL;
	struct http_response r;
	const char *v[4], *code;
	char path[512];
	size_t i;
	int rc = -1, g;

	snprintf(path, sizeof(path), "/latest/meta-data/iam/security-credentials/%s", role);
	if ((g = aws_imds_get(im, path, &r, err, errlen)) != 0) {
		if (g > 0)
			snprintf(err, errlen, "IMDS at %s: no credentials for role '%s' (HTTP 404)",
				 im->base, role);
		return -1;
	}
	if ((o = aws_json_parse(r.body ? r.body : "", r.bodylen)) == NULL) {
		snprintf(err, errlen, "IMDS at %s: credentials of role '%s' are not a JSON object",
			 im->base, role);
		goto out;
	}
	code = aws_json_str(o, "Code");
	if (code != NULL && strcmp(code, "Success") != 0) {
		snprintf(err, errlen, "IMDS at %s: credentials of role '%s': Code %.60s", im->base,
			 role, code);
		goto out;
	}
	for (i = 0; i < 4; i++) {
		v[i] = aws_json_str(o, keys[i]);
		if (i < 3 && (v[i] == NULL || *v[i] == '\0')) {
			snprintf(err, errlen, "IMDS at %s: credentials of role '%s' lack %s",
				 im->base, role, keys[i]);
			goto out;
		}
	}
	if (aws_parse_time(v[2], &out->expiration) != 0) {
		snprintf(err, errlen, "IMDS at %s: credentials of role '%s': bad Expiration '%.40s'",
			 im->base, role, v[2]);
		goto out;
	}
	if (v[3] != NULL && *v[3] == '\0')
		v[3] = NULL;
	out->access_key_id = strdup(v[0]);
	out->secret_access_key = strdup(v[1]);
	out->session_token = v[3] != NULL ? strdup(v[3]) : NULL;
	if (out->access_key_id == NULL || out->secret_access_key == NULL ||
	    (v[3] != NULL && out->session_token == NULL)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(out->source, sizeof(out->source), "instance role '%.80s' (IMDS)", role);
	rc = 0;
out:
	if (o != NULL) {
		aws_json_wipe(o, "SecretAccessKey");
		aws_json_wipe(o, "Token");
		json_object_put(o);
	}
	aws_imds_resp_free(&r);
	if (rc != 0)
		aws_credentials_clear(out);
	return rc;
}

static int
aws_imds_credentials(struct aws_imds *im, struct aws_credentials *out, char *err,
		     size_t errlen)
{
	struct http_response r;
	char role[256];
	const char *s;
	size_t n, i;
	int g;

	if (aws_imds_token(im, err, errlen) != 0)
		return -1;
	g = aws_imds_get(im, "/latest/meta-data/iam/security-credentials/", &r, err, errlen);
	if (g != 0) {
		if (g > 0)
			snprintf(err, errlen, "IMDS at %s: no IAM role attached to the instance",
				 im->base);
		return -1;
	}
	/* One role per instance profile: the first line. */
	aws_body_trim(&r, &s, &n);
	for (i = 0; i < n && s[i] != '\n' && s[i] != '\r'; i++)
		;
	n = i;
	if (n == 0 || n >= sizeof(role) || !aws_valid_ident(s, n) || memchr(s, '/', n) != NULL) {
		snprintf(err, errlen, "IMDS at %s: unusable role name in the role listing",
			 im->base);
		aws_imds_resp_free(&r);
		return -1;
	}
	memcpy(role, s, n);
	role[n] = '\0';
	aws_imds_resp_free(&r);
	return aws_imds_role_creds(im, role, out, err, errlen);
}

/* ---- the credential chain --------------------------------------------- */

void
aws_credentials_clear(struct aws_credentials *c)
{
	if (c == NULL)
		return;
	aws_wipe_free(c->access_key_id);
	aws_wipe_free(c->secret_access_key);
	aws_wipe_free(c->session_token);
	memset(c, 0, sizeof(*c));
}

static int
aws_set_creds(struct aws_credentials *out, const char *id, const char *secret,
	      const char *token, char *err, size_t errlen)
{
	out->access_key_id = strdup(id);
	out->secret_access_key = strdup(secret);
	out->session_token = token != NULL ? strdup(token) : NULL;
	if (out->access_key_id == NULL || out->secret_access_key == NULL ||
	    (token != NULL && out->session_token == NULL)) {
		aws_credentials_clear(out);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* 0 found, 1 none, -1 partial. */
static int
aws_creds_env(struct aws_credentials *out, char *err, size_t errlen)
{
	const char *id = aws_env("AWS_ACCESS_KEY_ID");
	const char *secret = aws_env("AWS_SECRET_ACCESS_KEY");
	const char *token = aws_env("AWS_SESSION_TOKEN");

	if (id == NULL && secret == NULL)
		return 1;
	if (id == NULL || secret == NULL) {
		snprintf(err, errlen, "partial credentials in the environment: %s is set but %s is not",
			 id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
			 id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
		return -1;
	}
	if (token == NULL)
		token = aws_env("AWS_SECURITY_TOKEN"); /* legacy name */
	if (aws_set_creds(out, id, secret, token, err, errlen) != 0)
		return -1;
	snprintf(out->source, sizeof(out->source), "environment");
	return 0;
}

/* Keys of profile in one file: 0 found, 1 none, -1 partial. */
static int
aws_creds_profile_file(const struct aws_profiles *p, const char *path, const char *profile,
		       struct aws_credentials *out, char *err, size_t errlen)
{
	const char *id = aws_profiles_get(p, profile, "aws_access_key_id");
	const char *secret = aws_profiles_get(p, profile, "aws_secret_access_key");
	const char *token = aws_profiles_get(p, profile, "aws_session_token");

	if (id != NULL && *id == '\0')
		id = NULL;
	if (secret != NULL && *secret == '\0')
		secret = NULL;
	if (token != NULL && *token == '\0')
		token = NULL;
	if (id == NULL && secret == NULL)
		return 1;
	if (id == NULL || secret == NULL) {
		snprintf(err, errlen, "profile '%s' in %s has %s but no %s", profile, path,
			 id ? "aws_access_key_id" : "aws_secret_access_key",
			 id ? "aws_secret_access_key" : "aws_access_key_id");
		return -1;
	}
	if (aws_set_creds(out, id, secret, token, err, errlen) != 0)
		return -1;
	snprintf(out->source, sizeof(out->source), "profile '%.40s' in %.70s", profile, path);
	return 0;
}

/* Providers of the AWS CLI we do not implement: say so rather than fall
 * through to the instance role with surprising permissions. */
static int
aws_unsupported_profile(const struct aws_files *f, const char *profile, char *err,
			size_t errlen)
{
	static const char *const keys[] = {"role_arn",      "credential_process",
					   "sso_session",   "sso_start_url",
					   "web_identity_token_file"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *path = f->cred_path;

		if (aws_profiles_get(&f->cred, profile, keys[i]) == NULL) {
			path = f->config_path;
			if (aws_profiles_get(&f->config, profile, keys[i]) == NULL)
				continue;
		}
		snprintf(err, errlen,
			 "profile '%s' in %s uses %s, which is not supported; "
			 "give static keys, or use the instance role without a profile",
			 profile, path, keys[i]);
		return -1;
	}
	return 0;
}

int
aws_credentials_load(const struct aws_options *opt, struct http_client *http,
		     struct aws_credentials *out, char *err, size_t errlen)
{
	struct aws_files f;
	struct aws_imds im;
	const char *profile;
	char why[512];
	int named, r, rc = -1;

	if (out == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	profile = aws_profile_name(opt, &named);
	/* An explicit --profile negates the environment's keys (botocore). */
	if (named != 2 && (r = aws_creds_env(out, err, errlen)) <= 0)
		return r;
	if (aws_files_load(&f, err, errlen) != 0)
		return -1;
	if (aws_check_profile(&f, profile, named, err, errlen) != 0)
		goto out;
	/* The credentials file beats the config file, as a whole. */
	if ((r = aws_creds_profile_file(&f.cred, f.cred_path, profile, out, err, errlen)) <= 0 ||
	    (r = aws_creds_profile_file(&f.config, f.config_path, profile, out, err, errlen)) <= 0) {
		rc = r;
		goto out;
	}
	if (aws_unsupported_profile(&f, profile, err, errlen) != 0)
		goto out;
	if (aws_env_true("AWS_EC2_METADATA_DISABLED") || http == NULL) {
		snprintf(err, errlen,
			 "none in the environment (AWS_ACCESS_KEY_ID), nor in profile '%s' (%s, %s); "
			 "IMDS %s",
			 profile, f.cred_path, f.config_path,
			 http == NULL ? "not available" : "disabled by AWS_EC2_METADATA_DISABLED");
		goto out;
	}
	if (aws_imds_init(&im, opt, &f, http, err, errlen) != 0)
		goto out;
	if (aws_imds_credentials(&im, out, why, sizeof(why)) != 0)
		snprintf(err, errlen,
			 "none in the environment (AWS_ACCESS_KEY_ID), nor in profile '%s' (%s, %s); %s",
			 profile, f.cred_path, f.config_path, why);
	else
		rc = 0;
	OPENSSL_cleanse(im.token, sizeof(im.token));
out:
	aws_files_free(&f);
	if (rc != 0)
		aws_credentials_clear(out);
	return rc;
}

/* ---- region and endpoint ---------------------------------------------- */

static int
aws_valid_region(const char *r)
{
	size_t n = strlen(r), i;

	if (n == 0 || n > 40 || r[0] == '-' || r[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)r[i]) || isdigit((unsigned char)r[i]) || r[i] == '-'))
			return 0;
	return 1;
}

static int
aws_set_region(const char *v, size_t n, const char *from, char *out, size_t outlen, char *err,
	       size_t errlen)
{
	char buf[64];

	if (n >= sizeof(buf) || n >= outlen) {
		snprintf(err, errlen, "region from %s is too long", from);
		return -1;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (!aws_valid_region(buf)) {
		snprintf(err, errlen, "invalid region '%.40s' (from %s)", buf, from);
		return -1;
	}
	memcpy(out, buf, n + 1);
	return 0;
}

static int
aws_imds_region(struct aws_imds *im, char *out, size_t outlen, char *err, size_t errlen)
{
	struct http_response r;
	struct json_object *o;
	const char *s;
	size_t n;
	int g, rc;

	if (aws_imds_token(im, err, errlen) != 0)
		return -1;
	g = aws_imds_get(im, "/latest/meta-data/placement/region", &r, err, errlen);
	if (g < 0)
		return -1;
	if (g == 0) {
		aws_body_trim(&r, &s, &n);
		rc = aws_set_region(s, n, "IMDS placement/region", out, outlen, err, errlen);
		aws_imds_resp_free(&r);
		return rc;
	}
	/* Older IMDS without placement/region: the identity document. */
	g = aws_imds_get(im, "/latest/dynamic/instance-identity/document", &r, err, errlen);
	if (g != 0) {
		if (g > 0)
			snprintf(err, errlen, "IMDS at %s: neither placement/region nor the identity document exist",
				 im->base);
		return -1;
	}
	o = aws_json_parse(r.body ? r.body : "", r.bodylen);
	s = o != NULL ? aws_json_str(o, "region") : NULL;
	if (s == NULL) {
		snprintf(err, errlen, "IMDS at %s: the identity document has no region", im->base);
		rc = -1;
	} else {
		rc = aws_set_region(s, strlen(s), "the IMDS identity document", out, outlen, err,
				    errlen);
	}
	json_object_put(o);
	aws_imds_resp_free(&r);
	return rc;
}

int
aws_region_resolve(const struct aws_options *opt, struct http_client *http, char *out,
		   size_t outlen, char *err, size_t errlen)
{
	static const char *const envs[] = {"AWS_REGION", "AWS_DEFAULT_REGION"};
	struct aws_files f;
	struct aws_imds im;
	const char *profile, *v;
	char why[512];
	size_t i;
	int named, rc = -1;

	if (opt != NULL && opt->region != NULL)
		return aws_set_region(opt->region, strlen(opt->region), "--region", out, outlen,
				      err, errlen);
	for (i = 0; i < 2; i++)
		if ((v = aws_env(envs[i])) != NULL)
			return aws_set_region(v, strlen(v), envs[i], out, outlen, err, errlen);
	profile = aws_profile_name(opt, &named);
	if (aws_files_load(&f, err, errlen) != 0)
		return -1;
	if (aws_check_profile(&f, profile, named, err, errlen) != 0)
		goto out;
	if ((v = aws_profiles_get(&f.config, profile, "region")) != NULL && *v != '\0') {
		snprintf(why, sizeof(why), "profile '%.40s' in %.400s", profile, f.config_path);
		rc = aws_set_region(v, strlen(v), why, out, outlen, err, errlen);
		goto out;
	}
	if (aws_env_true("AWS_EC2_METADATA_DISABLED") || http == NULL) {
		snprintf(err, errlen,
			 "not set by --region, AWS_REGION, AWS_DEFAULT_REGION or profile '%s' in %s; "
			 "IMDS %s",
			 profile, f.config_path,
			 http == NULL ? "not available" : "disabled by AWS_EC2_METADATA_DISABLED");
		goto out;
	}
	if (aws_imds_init(&im, opt, &f, http, err, errlen) != 0)
		goto out;
	if (aws_imds_region(&im, out, outlen, why, sizeof(why)) != 0)
		snprintf(err, errlen,
			 "not set by --region, AWS_REGION, AWS_DEFAULT_REGION or profile '%s' in %s; %s",
			 profile, f.config_path, why);
	else
		rc = 0;
	OPENSSL_cleanse(im.token, sizeof(im.token));
out:
	aws_files_free(&f);
	return rc;
}

/* DNS suffixes per partition (botocore's partitions.json, EC2 ruleset). */
struct aws_partition {
	const char *prefix;
	const char *suffix;      /* "amazonaws.com" */
	const char *dualstack;   /* "api.aws" */
	int fips_plain;          /* FIPS is the ordinary host (GovCloud) */
};

static const struct aws_partition aws_partitions[] = {
	{"cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn", 0},
	{"us-gov-", "amazonaws.com", "api.aws", 1},
	{"us-isob-", "sc2s.sgov.gov", "api.aws", 0},
	{"us-iso-", "c2s.ic.gov", "api.aws", 0},
	{"eusc-", "amazonaws.eu", "api.amazonwebservices.eu", 0},
	{"", "amazonaws.com", "api.aws", 0},
};

int
aws_endpoint_resolve(const struct aws_options *opt, const char *region, char *out,
		     size_t outlen, char *err, size_t errlen)
{
	static const char *const envs[] = {"AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"};
	const struct aws_partition *p = aws_partitions;
	int fips, dual, n;
	const char *v;
	size_t i;

	if (opt != NULL && opt->endpoint_url != NULL)
		return aws_copy_url(opt->endpoint_url, "--endpoint-url", out, outlen, err, errlen);
	if (!aws_env_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
		for (i = 0; i < 2; i++)
			if ((v = aws_env(envs[i])) != NULL)
				return aws_copy_url(v, envs[i], out, outlen, err, errlen);
	if (region == NULL || !aws_valid_region(region)) {
		snprintf(err, errlen, "invalid region '%.40s' for the EC2 endpoint",
			 region ? region : "");
		return -1;
	}
	while (strncmp(region, p->prefix, strlen(p->prefix)) != 0)
		p++;
	fips = aws_env_true("AWS_USE_FIPS_ENDPOINT");
	dual = aws_env_true("AWS_USE_DUALSTACK_ENDPOINT");
	n = snprintf(out, outlen, "https://%s.%s.%s",
		     fips && !(p->fips_plain && !dual) ? "ec2-fips" : "ec2", region,
		     dual ? p->dualstack : p->suffix);
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "EC2 endpoint URL too long");
		return -1;
	}
	return 0;
}
