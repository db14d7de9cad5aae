/*
 * fuzz_profile.c - libFuzzer: the shared credentials and config files (inih)
 * through the credential chain. The input up to the first NUL is the
 * credentials file, the rest the config file; the profile is "default" or,
 * with a leading '@', the name on the first line. Any STS call it leads to
 * gets a transport error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/env.h"
#include "providers/aws/creds.h"
#include "tests/fuzz/fuzz_answers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fenv {
	const char *names[4];
	const char *values[4];
};

static const char *
fenv_get(void *ctx, const char *name)
{
	const struct fenv *e = ctx;

	for (int i = 0; i < 4; i++)
		if (e->names[i] != NULL && strcmp(e->names[i], name) == 0)
			return e->values[i];
	return NULL;
}

static int
new_transport(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	(void)arg;
	(void)d;
	*out = NULL;
	return LAT_ETRANSPORT;
}

static int
write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (n > 0 && fwrite(p, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64], cred[96], conf[96];
	const uint8_t *nul = memchr(data, 0, size);
	size_t ncred = nul ? (size_t)(nul - data) : size;
	char profile[64] = "default";
	struct lat_creds_provider *p = NULL;
	struct lat_diag d = { 0 };

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/latticedns-fuzz-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(cred, sizeof(cred), "%s/credentials", dir);
		snprintf(conf, sizeof(conf), "%s/config", dir);
	}
	if (size > 1 && data[0] == '@') {
		size_t n = 0;

		while (1 + n < ncred && data[1 + n] != '\n')
			n++;
		snprintf(profile, sizeof(profile), "%.*s", (int)(n < 63 ? n : 63), (const char *)data + 1);
	}
	if (write_file(cred, data, ncred) != 0 || write_file(conf, nul ? nul + 1 : data, nul ? size - ncred - 1 : 0) != 0)
		abort();
	struct fenv fe = { { "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_PROFILE", "AWS_EC2_METADATA_DISABLED" },
		{ cred, conf, profile, "true" } };
	struct lat_env env = { fenv_get, &fe };
	struct lat_creds_chain_opts o = { .env = &env, .region = "us-east-1", .new_transport = new_transport,
		.clock = fuzz_clock() };

	if (lat_creds_chain_new(&o, &p, &d) == 0) {
		struct lat_creds c = { 0 };
		struct lat_diag e = { 0 };

		(void)lat_creds_provider_get(p, 1700000000, 0, &c, &e);
		lat_creds_cleanup(&c);
		lat_diag_cleanup(&e);
		lat_creds_provider_free(p);
	}
	lat_diag_cleanup(&d);
	return 0;
}
