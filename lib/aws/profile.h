/* SPDX-License-Identifier: ISC */
/*
 * The shared files of the AWS CLI (config and credentials): where they are,
 * which profile applies, and a parser for their profiles.
 */
#ifndef VHA_AWS_PROFILE_H
#define VHA_AWS_PROFILE_H

#include <stddef.h>

#include "aws/aws_creds.h"

#define AWS_FILES_PATH_MAX 4096

/*
 * Where the shared files are: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE,
 * else $HOME/.aws/config and $HOME/.aws/credentials (the passwd entry when
 * HOME is unset, as under some Nagios daemons); a leading "~/" is expanded.
 * Returns 0, or -1 with a reason in err.
 */
int aws_shared_file_paths(char *config, size_t configlen, char *credentials,
			  size_t credlen, char *err, size_t errlen);

/*
 * The profile to use: opt->profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, else
 * "default".  *named is set to 2 for --profile, 1 for an environment
 * variable, 0 for the implicit default.  Returns a borrowed string.
 */
const char *aws_profile_name(const struct aws_options *opt, int *named);

/*
 * Parsed profile files, as the cross-SDK profile parser suite describes:
 * "[profile name]" (or "[default]") in a config file, "[name]" in a
 * credentials file; sections with invalid names and other section kinds
 * ("[sso-session x]", "[services x]") are skipped; keys lower-cased;
 * duplicate sections merge and the last duplicate key wins; "#"/";"
 * comments; continuation lines append "\n" + the trimmed line (so a
 * property with sub-properties reads "\nname = value").
 */
struct aws_profile_prop {
	char *key;   /* lower case */
	char *value; /* wiped on free */
};

struct aws_profile {
	char *name;
	struct aws_profile_prop *props;
	size_t nprops;
};

struct aws_profiles {
	struct aws_profile *v;
	size_t n;
};

/*
 * Parse text into p (zero it first); parsing a second file into the same
 * set merges it, its values winning (config first, then credentials, is
 * the SDKs' order).  Returns 0, or -1 with "line N: reason" in err, and
 * then p is emptied.  Free with aws_profiles_free().
 */
int aws_profiles_parse(struct aws_profiles *p, const char *text, size_t len,
		       int is_config, char *err, size_t errlen);
/* Borrowed value of key in profile, or NULL. */
const char *aws_profiles_get(const struct aws_profiles *p, const char *profile,
			     const char *key);
/* The profile, or NULL. */
const struct aws_profile *aws_profiles_find(const struct aws_profiles *p,
					    const char *profile);
void aws_profiles_free(struct aws_profiles *p);

/*
 * Pure parser of an AWS profile file (credentials or config syntax):
 * returns the value of key in the section for profile, as the AWS CLI would
 * read it, in a heap string (caller frees, and wipes when a secret), or NULL
 * when absent or when the file does not parse.  is_config selects
 * "[profile name]" handling.
 */
char *aws_profile_get(const char *text, size_t len, int is_config,
		      const char *profile, const char *key);

/* 1 when [s, s+n) is a valid profile, property or role name (the
 * cross-SDK suite's character set: alphanumerics and -/_.%@:+). */
int aws_profile_ident_valid(const char *s, size_t n);

/* Both shared files of the chain, parsed, with their paths. */
struct aws_files {
	char config_path[AWS_FILES_PATH_MAX];
	char cred_path[AWS_FILES_PATH_MAX];
	struct aws_profiles config;
	struct aws_profiles cred;
};

/* Find and parse both files (a missing file is an empty one).  Returns 0,
 * or -1 with a reason in err (unreadable, too large, does not parse).
 * Free with aws_files_free() after a 0. */
int aws_files_load(struct aws_files *f, char *err, size_t errlen);
void aws_files_free(struct aws_files *f);

/* A profile named explicitly (named != 0, from aws_profile_name) must
 * exist in one of the files (botocore: ProfileNotFound): 0, or -1 with a
 * reason in err. */
int aws_files_check_profile(const struct aws_files *f, const char *profile,
			    int named, char *err, size_t errlen);

#endif
