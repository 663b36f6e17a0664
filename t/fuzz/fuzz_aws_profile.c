/* SPDX-License-Identifier: ISC */
/*
 * AWS shared config and credentials files (lib/aws/profile.c): every input
 * is parsed as both, then read back as the credential chain would.
 */
#include "config.h"

#include "aws/profile.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_exact(data, size), err[512];

	for (int is_config = 0; is_config <= 1; is_config++) {
		struct aws_profiles p;
		char *v;

		memset(&p, 0, sizeof(p));
		err[0] = '\0';
		if (aws_profiles_parse(&p, text, size, is_config, err, sizeof(err)) == 0) {
			for (size_t i = 0; i < p.n; i++) {
				const struct aws_profile *q = aws_profiles_find(&p, p.v[i].name);

				FUZZ_CHECK(q != NULL);
				for (size_t k = 0; k < q->nprops; k++)
					FUZZ_CHECK(aws_profiles_get(&p, q->name, q->props[k].key) !=
						   NULL);
			}
			(void)aws_profiles_get(&p, "default", "region");
		} else {
			FUZZ_CHECK(err[0] != '\0' && p.n == 0);
		}
		aws_profiles_free(&p);
		v = aws_profile_get(text, size, is_config, "default", "aws_access_key_id");
		free(v);
	}
	(void)aws_profile_ident_valid(text, size);
	free(text);
	return 0;
}
