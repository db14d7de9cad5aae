/* test_creds.c - each credential source, the chain's order, profile role chains and the cache, on fake files and a scripted transport. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/diag.h"
#include "common/env.h"
#include "providers/aws/creds.h"
#include "providers/aws/http.h"
#include "tests/unit/helper_fake.h"

#define NOW 1700000000LL        /* 2023-11-14T22:13:20Z */

/* --- a fake environment and files ------------------------------------------------ */

struct fake_env {
	const char *kv[40];
	size_t n;
	char dir[64];
	char files[6][128];
	size_t nfiles;
};

static const char *
env_get(void *ctx, const char *name)
{
	struct fake_env *e = ctx;

	for (size_t i = 0; i + 1 < e->n; i += 2)
		if (strcmp(e->kv[i], name) == 0)
			return e->kv[i + 1];
	return NULL;
}

static void
env_set(struct fake_env *e, const char *name, const char *value)
{
	e->kv[e->n++] = name;
	e->kv[e->n++] = value;
}

/* Writes a file in the test's directory and returns its path (owned by e). */
static const char *
env_file(struct fake_env *e, const char *name, const char *text)
{
	char *path = e->files[e->nfiles++];
	FILE *f;

	snprintf(path, sizeof(e->files[0]), "%s/%s", e->dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

static void
env_init(struct fake_env *e)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->dir, sizeof(e->dir), "/tmp/lat-creds-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	env_set(e, "HOME", "/nonexistent-home");
	env_set(e, "AWS_EC2_METADATA_DISABLED", "true");
}

static void
env_cleanup(struct fake_env *e)
{
	for (size_t i = 0; i < e->nfiles; i++)
		unlink(e->files[i]);
	rmdir(e->dir);
}

/* --- the STS and metadata answers ------------------------------------------------- */

static struct fake_http *current_http;

static void
transport_free_noop(void *ctx)
{
	(void)ctx;
}

/* Each provider that calls out gets its own table over the one scripted fake. */
static int
new_transport(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	struct lat_transport *t = malloc(sizeof(*t));

	(void)arg;
	if (t == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	*t = current_http->transport;
	t->free = transport_free_noop;
	*out = t;
	return 0;
}

#define STS_CREDS(op, akid, exp) \
	"<" op "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" op "Result><Credentials>" \
	"<AccessKeyId>" akid "</AccessKeyId><SecretAccessKey>secret-of-" akid "</SecretAccessKey>" \
	"<SessionToken>token-of-" akid "</SessionToken><Expiration>" exp "</Expiration></Credentials>" \
	"<AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId><Arn>arn:aws:sts::111122223333:assumed-role/r/x</Arn>" \
	"</AssumedRoleUser></" op "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" op "Response>"

struct ctx {
	struct fake_env env;
	struct lat_env lenv;
	struct fake_http http;
	struct fake_clock clock;
	struct lat_creds_provider *p;
	struct lat_creds c;
	struct lat_diag d;
};

static struct ctx *
ctx_new(void)
{
	struct ctx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	env_init(&x->env);
	x->lenv.get = env_get;
	x->lenv.ctx = &x->env;
	fake_http_init(&x->http);
	fake_clock_init(&x->clock, NOW * 1000, 0.5);
	current_http = &x->http;
	return x;
}

static void
ctx_free(struct ctx *x)
{
	lat_creds_cleanup(&x->c);
	lat_diag_cleanup(&x->d);
	lat_creds_provider_free(x->p);
	fake_http_cleanup(&x->http);
	env_cleanup(&x->env);
	free(x);
}

static int
chain(struct ctx *x)
{
	struct lat_creds_chain_opts o = { &x->lenv, "us-east-1", new_transport, NULL, &x->clock.clock, NULL };
	int rc = lat_creds_chain_new(&o, &x->p, &x->d);

	if (rc != 0)
		return rc;
	return lat_creds_provider_get(x->p, NOW, 0, &x->c, &x->d);
}

/* --- tests -------------------------------------------------------------------------- */

static void
test_environment_comes_first(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_ACCESS_KEY_ID", "AKIAENV");
	env_set(&x->env, "AWS_SECRET_ACCESS_KEY", "env-secret");
	env_set(&x->env, "AWS_SESSION_TOKEN", "env-token");
	/* Everything else is set too; the environment wins. */
	env_set(&x->env, "AWS_WEB_IDENTITY_TOKEN_FILE", env_file(&x->env, "tok", "jwt"));
	env_set(&x->env, "AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/irsa");
	env_set(&x->env, "AWS_SHARED_CREDENTIALS_FILE",
	    env_file(&x->env, "credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n"));
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "AKIAENV");
	assert_string_equal(x->c.secret_access_key, "env-secret");
	assert_string_equal(x->c.session_token, "env-token");
	assert_string_equal(x->c.source, "environment");
	assert_int_equal(x->http.nseen, 0);
	ctx_free(x);
}

static void
test_environment_needs_both_keys(void **state)
{
	struct ctx *x = ctx_new();
	struct lat_creds_provider *p = NULL;

	(void)state;
	env_set(&x->env, "AWS_ACCESS_KEY_ID", "AKIAENV");
	/* Half a pair is a mistake to report, not a reason to fall through to another source. */
	assert_int_equal(lat_creds_env_new(&x->lenv, &p, &x->d), LAT_ECREDS);
	assert_null(p);
	assert_string_equal(lat_diag_msg(&x->d),
	    "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither");
	ctx_free(x);
}

static void
test_web_identity_before_profiles(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_WEB_IDENTITY_TOKEN_FILE", env_file(&x->env, "tok", "eyJhbGciOiJSUzI1NiJ9.jwt"));
	env_set(&x->env, "AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/irsa");
	env_set(&x->env, "AWS_ROLE_SESSION_NAME", "pod-1");
	env_set(&x->env, "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9");
	env_set(&x->env, "AWS_SHARED_CREDENTIALS_FILE",
	    env_file(&x->env, "credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n"));
	fake_http_push(&x->http, 200, NULL, STS_CREDS("AssumeRoleWithWebIdentity", "ASIAWEBID", "2023-11-14T23:13:20Z"));
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "ASIAWEBID");
	assert_string_equal(x->c.session_token, "token-of-ASIAWEBID");
	assert_int_equal(x->c.expiration, NOW + 3600);
	assert_string_equal(x->c.source, "web identity");
	assert_int_equal(x->http.nseen, 1);
	assert_non_null(strstr(x->http.seen[0].url, "http://127.0.0.1:9"));
	assert_non_null(strstr(x->http.seen[0].body, "Action=AssumeRoleWithWebIdentity"));
	assert_non_null(strstr(x->http.seen[0].body, "RoleSessionName=pod-1"));
	assert_non_null(strstr(x->http.seen[0].body, "WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.jwt"));
	assert_null(strstr(x->http.seen[0].headers, "Authorization"));   /* this call is unsigned */
	ctx_free(x);
}

static void
test_credentials_file_wins_over_config_file(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_SHARED_CREDENTIALS_FILE", env_file(&x->env, "credentials",
	    "# a comment\n[default]\naws_access_key_id = AKIACRED\naws_secret_access_key = cred-secret\n"));
	env_set(&x->env, "AWS_CONFIG_FILE", env_file(&x->env, "config",
	    "[default]\nregion = eu-west-1\naws_access_key_id = AKIACONF\naws_secret_access_key = conf-secret\n"));
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "AKIACRED");
	assert_string_equal(x->c.secret_access_key, "cred-secret");
	assert_string_equal(x->c.source, "profile default");
	ctx_free(x);
}

static void
test_named_profile_in_config_file(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_PROFILE", "ops");
	env_set(&x->env, "AWS_CONFIG_FILE", env_file(&x->env, "config",
	    "[default]\naws_access_key_id = AKIADEF\naws_secret_access_key = d\n"
	    "[ops]\naws_access_key_id = AKIAWRONG\naws_secret_access_key = w\n"    /* not a config-file profile */
	    "[profile ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = ops-secret\n"));
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "AKIAOPS");
	assert_string_equal(x->c.source, "profile ops");
	ctx_free(x);
}

static void
test_missing_profile_is_named(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_PROFILE", "nope");
	env_set(&x->env, "AWS_CONFIG_FILE", env_file(&x->env, "config", "[profile ops]\naws_access_key_id = A\n"));
	assert_int_equal(chain(x), LAT_ECREDS);
	assert_string_equal(lat_diag_msg(&x->d), "AWS_PROFILE=nope: no such profile with credentials or a "
	    "role_arn in the shared config or credentials file");
	ctx_free(x);
}

static void
test_profile_role_chain_with_external_id(void **state)
{
	struct ctx *x = ctx_new();
	char auth[512];

	(void)state;
	env_set(&x->env, "AWS_PROFILE", "spoke");
	env_set(&x->env, "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
	env_set(&x->env, "AWS_SHARED_CREDENTIALS_FILE", env_file(&x->env, "credentials",
	    "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n"));
	env_set(&x->env, "AWS_CONFIG_FILE", env_file(&x->env, "config",
	    "[profile hub]\nrole_arn = arn:aws:iam::999999999999:role/hub\nsource_profile = base\n"
	    "[profile spoke]\nrole_arn = arn:aws:iam::111122223333:role/reader\nsource_profile = hub\n"
	    "external_id = xid-42\nrole_session_name = ops-session\n"));
	fake_http_push(&x->http, 200, NULL, STS_CREDS("AssumeRole", "ASIAHUB", "2023-11-14T23:13:20Z"));
	fake_http_push(&x->http, 200, NULL, STS_CREDS("AssumeRole", "ASIASPOKE", "2023-11-14T23:13:20Z"));
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "ASIASPOKE");
	assert_int_equal(x->http.nseen, 2);
	/* base -> hub, signed with the base keys */
	assert_non_null(strstr(x->http.seen[0].body, "RoleArn=arn%3Aaws%3Aiam%3A%3A999999999999%3Arole%2Fhub"));
	assert_non_null(fake_http_header(&x->http, 0, "Authorization", auth, sizeof(auth)));
	assert_non_null(strstr(auth, "Credential=AKIABASE/20231114/us-east-1/sts/aws4_request"));
	/* hub -> spoke, signed with the hub's temporary keys, with the ExternalId */
	assert_non_null(strstr(x->http.seen[1].body, "ExternalId=xid-42"));
	assert_non_null(strstr(x->http.seen[1].body, "RoleSessionName=ops-session"));
	assert_non_null(fake_http_header(&x->http, 1, "Authorization", auth, sizeof(auth)));
	assert_non_null(strstr(auth, "Credential=ASIAHUB/"));
	assert_non_null(fake_http_header(&x->http, 1, "X-Amz-Security-Token", auth, sizeof(auth)));
	assert_string_equal(auth, "token-of-ASIAHUB");
	ctx_free(x);
}

static void
test_profile_loop_is_an_error(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_PROFILE", "a");
	env_set(&x->env, "AWS_CONFIG_FILE", env_file(&x->env, "config",
	    "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\nsource_profile = b\n"
	    "[profile b]\nrole_arn = arn:aws:iam::111122223333:role/b\nsource_profile = a\n"));
	assert_int_equal(chain(x), LAT_ECREDS);
	assert_non_null(strstr(lat_diag_msg(&x->d), "source_profile chain longer than 4 (a loop?)"));
	ctx_free(x);
}

static void
test_container_endpoint_with_token_file(void **state)
{
	struct ctx *x = ctx_new();
	char v[128];

	(void)state;
	env_set(&x->env, "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials");
	env_set(&x->env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", env_file(&x->env, "pod-token", "pod-identity-token\n"));
	fake_http_push(&x->http, 200, NULL, "{\"AccessKeyId\":\"ASIAPOD\",\"SecretAccessKey\":\"pod-secret\","
	    "\"Token\":\"pod-token\",\"Expiration\":\"2023-11-14T23:13:20Z\"}");
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "ASIAPOD");
	assert_int_equal(x->c.expiration, NOW + 3600);
	assert_string_equal(x->http.seen[0].url, "http://169.254.170.23/v1/credentials");
	assert_non_null(fake_http_header(&x->http, 0, "Authorization", v, sizeof(v)));
	assert_string_equal(v, "pod-identity-token");
	ctx_free(x);
}

static void
test_container_endpoint_must_be_local_or_https(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.2.evil.example/creds");
	assert_int_equal(chain(x), LAT_ECREDS);
	assert_non_null(strstr(lat_diag_msg(&x->d), "http://169.254.170.2.evil.example/creds"));
	assert_int_equal(x->http.nseen, 0);
	ctx_free(x);
}

int container_url_allowed(const char *url, struct lat_buf *why);

/* Where the container authorization token may go, judged on the host curl connects to. */
static void
test_container_url_table(void **state)
{
	static const struct {
		const char *url;
		int ok;
		const char *why;
	} t[] = {
		{ "http://169.254.170.2/v2/credentials/abc", 1, NULL },
		{ "http://169.254.170.23/v1/credentials", 1, NULL },
		{ "http://[fd00:ec2::23]/v1/credentials", 1, NULL },
		{ "http://[fd00:ec2:0::23]:80/x", 1, NULL },              /* the same address, spelled longer */
		{ "http://127.0.0.1:8080/creds", 1, NULL },
		{ "http://127.0.0.2:8080/creds", 1, NULL },               /* 127.0.0.0/8 is all loopback */
		{ "http://localhost/creds", 1, NULL },
		{ "HTTP://LOCALHOST:9/creds", 1, NULL },
		{ "http://[::1]:9/creds", 1, NULL },
		{ "https://creds.example.com/x", 1, NULL },
		{ "http://127.0.0.1:80@127.0.0.2:8080/creds", 0, "user name or password" },
		{ "http://127.0.0.1:80@evil.example:8080/creds", 0, "user name or password" },
		{ "http://169.254.170.2@evil.example/creds", 0, "user name or password" },
		{ "https://user:secret@creds.example.com/x", 0, "user name or password" },
		{ "http://169.254.170.2.evil.example/creds", 0, "the host is 169.254.170.2.evil.example" },
		{ "http://169.254.170.3/creds", 0, "the host is 169.254.170.3" },
		{ "http://[fd00:ec2::24]/creds", 0, "the host is fd00:ec2::24" },
		{ "http://localhost.evil.example/creds", 0, "the host is localhost.evil.example" },
		{ "http://128.0.0.1/creds", 0, "the host is 128.0.0.1" },
		{ "http://[::2]/creds", 0, "the host is ::2" },
		{ "ftp://127.0.0.1/creds", 0, "the scheme ftp is not http or https" },
		{ "127.0.0.1/creds", 0, "is not a URL libcurl can fetch" },
		{ "", 0, "is not a URL libcurl can fetch" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct lat_buf why = { 0 };
		int rc = container_url_allowed(t[i].url, &why);

		if ((rc == 0) != t[i].ok || (t[i].why != NULL && strstr(lat_buf_str(&why), t[i].why) == NULL))
			fail_msg("%s: got %d \"%s\", want %s \"%s\"", t[i].url, rc, lat_buf_str(&why),
			    t[i].ok ? "allowed" : "refused", t[i].why ? t[i].why : "");
		if (strstr(lat_buf_str(&why), "secret") != NULL)
			fail_msg("%s: the password reached the message: %s", t[i].url, lat_buf_str(&why));
		lat_buf_cleanup(&why);
	}
}

static void
test_container_endpoint_with_userinfo_is_refused_unsent(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	env_set(&x->env, "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:pass@127.0.0.2:8080/creds");
	env_set(&x->env, "AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-token");
	assert_int_equal(chain(x), LAT_ECREDS);
	assert_non_null(strstr(lat_diag_msg(&x->d), "AWS_CONTAINER_CREDENTIALS_FULL_URI (not shown: it holds "
	    "user-info): a user name or password in the URL is not allowed"));
	assert_null(strstr(lat_diag_msg(&x->d), "pass@"));
	assert_int_equal(x->http.nseen, 0);
	ctx_free(x);
}

static void
test_imds_v2_token_then_role_then_credentials(void **state)
{
	struct ctx *x = ctx_new();
	char v[128];

	(void)state;
	x->env.n = 2;    /* drop AWS_EC2_METADATA_DISABLED; keep HOME */
	env_set(&x->env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/");
	fake_http_push(&x->http, 200, NULL, "imds-session-token");
	fake_http_push(&x->http, 200, NULL, "my-instance-role");
	fake_http_push(&x->http, 200, NULL, "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAIMDS\","
	    "\"SecretAccessKey\":\"imds-secret\",\"Token\":\"imds-token\",\"Expiration\":\"2023-11-15T04:13:20Z\"}");
	assert_int_equal(chain(x), 0);
	assert_string_equal(x->c.access_key_id, "ASIAIMDS");
	assert_int_equal(x->http.nseen, 3);
	assert_string_equal(x->http.seen[0].method, "PUT");
	assert_string_equal(x->http.seen[0].url, "http://127.0.0.1:9/latest/api/token");
	assert_non_null(fake_http_header(&x->http, 0, "X-aws-ec2-metadata-token-ttl-seconds", v, sizeof(v)));
	assert_string_equal(x->http.seen[1].url, "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/");
	assert_string_equal(x->http.seen[2].url,
	    "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/my-instance-role");
	assert_non_null(fake_http_header(&x->http, 2, "X-aws-ec2-metadata-token", v, sizeof(v)));
	assert_string_equal(v, "imds-session-token");
	ctx_free(x);
}

static void
test_nothing_found_says_what_was_tried(void **state)
{
	struct ctx *x = ctx_new();

	(void)state;
	assert_int_equal(chain(x), LAT_ECREDS);
	assert_non_null(strstr(lat_diag_msg(&x->d), "no AWS credentials found: tried the environment"));
	assert_non_null(strstr(lat_diag_msg(&x->d), "set one of them"));
	ctx_free(x);
}

static void
test_assumed_role_is_cached_and_refreshed_5_minutes_early(void **state)
{
	struct ctx *x = ctx_new();
	struct lat_creds_provider *base;
	struct lat_assume_role_opts o = {
		.role_arn = "arn:aws:iam::111122223333:role/reader", .external_id = NULL, .region = "us-east-1",
		.sts_endpoint = "http://127.0.0.1:9", .new_transport = new_transport, .clock = NULL,
	};
	struct lat_creds c = { 0 };

	(void)state;
	o.clock = &x->clock.clock;
	assert_int_equal(lat_creds_static_new("AKIABASE", "base-secret", NULL, &base, NULL), 0);
	o.base = base;
	assert_int_equal(lat_creds_assume_role_new(&o, &x->p, &x->d), 0);
	fake_http_push(&x->http, 200, NULL, STS_CREDS("AssumeRole", "ASIAONE", "2023-11-14T23:13:20Z"));
	fake_http_push(&x->http, 200, NULL, STS_CREDS("AssumeRole", "ASIATWO", "2023-11-15T00:13:20Z"));
	assert_int_equal(lat_creds_provider_get(x->p, NOW, 0, &c, &x->d), 0);
	assert_string_equal(c.access_key_id, "ASIAONE");
	lat_creds_cleanup(&c);
	/* 5 minutes and 1 second before expiry: still the cached ones. */
	assert_int_equal(lat_creds_provider_get(x->p, NOW + 3600 - 301, 0, &c, &x->d), 0);
	assert_string_equal(c.access_key_id, "ASIAONE");
	lat_creds_cleanup(&c);
	assert_int_equal(x->http.nseen, 1);
	/* Within 5 minutes of expiry: fetched anew. */
	assert_int_equal(lat_creds_provider_get(x->p, NOW + 3600 - 299, 0, &c, &x->d), 0);
	assert_string_equal(c.access_key_id, "ASIATWO");
	lat_creds_cleanup(&c);
	assert_int_equal(x->http.nseen, 2);
	assert_non_null(strstr(x->http.seen[0].body, "Action=AssumeRole&"));
	assert_non_null(strstr(x->http.seen[0].body, "DurationSeconds=3600"));
	lat_creds_provider_free(base);
	ctx_free(x);
}

static void
test_assume_role_denied_names_the_role_not_the_keys(void **state)
{
	struct ctx *x = ctx_new();
	struct lat_creds_provider *base;
	struct lat_assume_role_opts o = {
		.role_arn = "arn:aws:iam::111122223333:role/reader", .region = "us-east-1",
		.sts_endpoint = "http://127.0.0.1:9", .new_transport = new_transport, .max_attempts = 1,
	};
	struct lat_creds c = { 0 };

	(void)state;
	o.clock = &x->clock.clock;
	assert_int_equal(lat_creds_static_new("AKIABASE", "base-secret-value", "base-token-value", &base, NULL), 0);
	o.base = base;
	assert_int_equal(lat_creds_assume_role_new(&o, &x->p, &x->d), 0);
	fake_http_push(&x->http, 403, NULL, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
	    "<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::999999999999:user/x "
	    "is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r</RequestId></ErrorResponse>");
	assert_int_not_equal(lat_creds_provider_get(x->p, NOW, 0, &c, &x->d), 0);
	assert_non_null(strstr(lat_diag_msg(&x->d), "arn:aws:iam::111122223333:role/reader"));
	assert_non_null(strstr(lat_diag_msg(&x->d), "AccessDenied"));
	assert_null(strstr(lat_diag_msg(&x->d), "base-secret-value"));
	assert_null(strstr(lat_diag_msg(&x->d), "base-token-value"));
	lat_creds_provider_free(base);
	ctx_free(x);
}

/* Issue 9: the account of a provider's credentials is asked once per credential lifetime. */
static int whoami_calls;

static int
fake_whoami(void *arg, const struct lat_creds *c, char **account, struct lat_diag *d)
{
	(void)d;
	whoami_calls++;
	assert_string_equal(c->access_key_id, "AKIDWHO");
	*account = strdup((const char *)arg);
	return *account ? 0 : LAT_ENOMEM;
}

static void
test_identity_is_cached_with_the_credentials(void **state)
{
	struct lat_creds_provider *p;
	struct lat_creds c;
	char *acct = NULL;

	(void)state;
	whoami_calls = 0;
	assert_int_equal(lat_creds_static_new("AKIDWHO", "secret", NULL, &p, NULL), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(lat_creds_provider_identity(p, 1000 + i, fake_whoami, (void *)"111122223333", NULL, &acct,
		    NULL), 0);
		assert_string_equal(acct, "111122223333");
		free(acct);
	}
	assert_int_equal(whoami_calls, 1);
	/* New credentials (an ExpiredToken refresh) are asked again. */
	assert_int_equal(lat_creds_provider_get(p, 2000, 1, &c, NULL), 0);
	lat_creds_cleanup(&c);
	assert_int_equal(lat_creds_provider_identity(p, 2001, fake_whoami, (void *)"444455556666", NULL, &acct, NULL), 0);
	assert_string_equal(acct, "444455556666");
	free(acct);
	assert_int_equal(whoami_calls, 2);
	lat_creds_provider_free(p);
}

/* --- concurrent callers: an STS whose AssumeRole for role A blocks until the test releases it ---- */

struct slow_sts {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int assume_a, assume_b;   /* AssumeRole calls per role */
	int a_in_flight, a_release, a_done;
	int factory_calls;        /* transports the providers made for themselves */
};

static struct slow_sts sts;

static int
slow_perform(void *ctx, const struct lat_http_request *req, struct lat_http_response *resp, struct lat_diag *d)
{
	const char *body = req->body ? req->body : "";
	int is_a = strstr(body, "role%2Fa") != NULL;

	(void)ctx;
	(void)d;
	memset(resp, 0, sizeof(*resp));
	pthread_mutex_lock(&sts.mu);
	if (is_a) {
		struct timespec until;

		sts.assume_a++;
		sts.a_in_flight = 1;
		pthread_cond_broadcast(&sts.cv);
		/* Bounded, so a provider that wrongly blocks role B fails the test instead of hanging it. */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 5;
		while (!sts.a_release && pthread_cond_timedwait(&sts.cv, &sts.mu, &until) == 0)
			;
		sts.a_done = 1;
	} else {
		sts.assume_b++;
	}
	pthread_mutex_unlock(&sts.mu);
	resp->status = 200;
	lat_buf_adds(&resp->body, is_a ? STS_CREDS("AssumeRole", "ASIAROLEA", "2023-11-14T23:13:20Z") :
	    STS_CREDS("AssumeRole", "ASIAROLEB", "2023-11-14T23:13:20Z"));
	return 0;
}

static struct lat_transport slow_transport = { slow_perform, transport_free_noop, NULL };

static int
counting_factory(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	(void)arg;
	pthread_mutex_lock(&sts.mu);
	sts.factory_calls++;
	pthread_mutex_unlock(&sts.mu);
	return new_transport(NULL, out, d);
}

static struct lat_creds_provider *
slow_role(struct lat_creds_provider *base, const char *arn)
{
	struct lat_assume_role_opts o = {
		.role_arn = arn, .region = "us-east-1", .sts_endpoint = "http://127.0.0.1:9", .base = base,
		.new_transport = counting_factory, .max_attempts = 1,
	};
	struct lat_creds_provider *p = NULL;

	assert_int_equal(lat_creds_assume_role_new(&o, &p, NULL), 0);
	return p;
}

static void
slow_sts_reset(void)
{
	memset(&sts, 0, sizeof(sts));
	pthread_mutex_init(&sts.mu, NULL);
	pthread_cond_init(&sts.cv, NULL);
}

struct caller {
	pthread_t th;
	struct lat_creds_provider *p;
	int rc;
	char akid[32];
};

static void *
caller_run(void *arg)
{
	struct caller *c = arg;
	struct lat_transport own = slow_transport;   /* each worker has its own */
	struct lat_creds cr = { 0 };

	c->rc = lat_creds_provider_get_via(c->p, NOW, 0, &own, &cr, NULL);
	if (c->rc == 0)
		snprintf(c->akid, sizeof(c->akid), "%s", cr.access_key_id);
	lat_creds_cleanup(&cr);
	return NULL;
}

/* A caller 4 minutes before the credentials expire: it starts the early refresh. */
static void *
caller_at_refresh(void *arg)
{
	struct caller *c = arg;
	struct lat_transport own = slow_transport;
	struct lat_creds cr = { 0 };

	c->rc = lat_creds_provider_get_via(c->p, NOW + 3600 - 240, 0, &own, &cr, NULL);
	lat_creds_cleanup(&cr);
	return NULL;
}

static void
wait_a_in_flight(void)
{
	pthread_mutex_lock(&sts.mu);
	while (!sts.a_in_flight)
		pthread_cond_wait(&sts.cv, &sts.mu);
	pthread_mutex_unlock(&sts.mu);
}

static void
release_a(void)
{
	pthread_mutex_lock(&sts.mu);
	sts.a_release = 1;
	pthread_cond_broadcast(&sts.cv);
	pthread_mutex_unlock(&sts.mu);
}

/* Eight workers ask for one role at once: one AssumeRole, on a worker's own transport, for all. */
static void
test_concurrent_callers_of_one_role_share_one_assume_role(void **state)
{
	struct lat_creds_provider *base, *a;
	struct caller c[8];

	(void)state;
	slow_sts_reset();
	assert_int_equal(lat_creds_static_new("AKIABASE", "base-secret", NULL, &base, NULL), 0);
	a = slow_role(base, "arn:aws:iam::111122223333:role/a");
	c[0] = (struct caller){ .p = a };
	assert_int_equal(pthread_create(&c[0].th, NULL, caller_run, &c[0]), 0);
	wait_a_in_flight();
	for (int i = 1; i < 8; i++) {
		c[i] = (struct caller){ .p = a };
		assert_int_equal(pthread_create(&c[i].th, NULL, caller_run, &c[i]), 0);
	}
	usleep(100 * 1000);     /* the seven reach the provider while the fetch is in flight */
	release_a();
	for (int i = 0; i < 8; i++) {
		pthread_join(c[i].th, NULL);
		assert_int_equal(c[i].rc, 0);
		assert_string_equal(c[i].akid, "ASIAROLEA");
	}
	assert_int_equal(sts.assume_a, 1);
	assert_int_equal(sts.factory_calls, 0);   /* the worker's transport, not a new connection */
	lat_creds_provider_free(a);
	lat_creds_provider_free(base);
}

/* While role A's AssumeRole hangs, role B's callers get their credentials. */
static void
test_a_slow_role_does_not_delay_another(void **state)
{
	struct lat_creds_provider *base, *a, *b;
	struct caller ca = { 0 }, cb = { 0 };
	int a_done_when_b_returned;

	(void)state;
	slow_sts_reset();
	assert_int_equal(lat_creds_static_new("AKIABASE", "base-secret", NULL, &base, NULL), 0);
	a = slow_role(base, "arn:aws:iam::111122223333:role/a");
	b = slow_role(base, "arn:aws:iam::444455556666:role/b");
	ca.p = a;
	cb.p = b;
	assert_int_equal(pthread_create(&ca.th, NULL, caller_run, &ca), 0);
	wait_a_in_flight();
	caller_run(&cb);
	pthread_mutex_lock(&sts.mu);
	a_done_when_b_returned = sts.a_done;
	pthread_mutex_unlock(&sts.mu);
	release_a();
	pthread_join(ca.th, NULL);
	assert_int_equal(cb.rc, 0);
	assert_string_equal(cb.akid, "ASIAROLEB");
	assert_int_equal(a_done_when_b_returned, 0);
	assert_int_equal(ca.rc, 0);
	assert_string_equal(ca.akid, "ASIAROLEA");
	assert_int_equal(sts.assume_a, 1);
	assert_int_equal(sts.assume_b, 1);
	lat_creds_provider_free(a);
	lat_creds_provider_free(b);
	lat_creds_provider_free(base);
}

/* An early refresh (5 minutes before expiry) in flight does not stop callers whose credentials still work. */
static void
test_valid_credentials_do_not_wait_for_an_early_refresh(void **state)
{
	struct lat_creds_provider *base, *a;
	struct caller refresher = { 0 };
	struct lat_transport own = slow_transport;
	struct lat_creds cr = { 0 };
	int rc, a_done_when_served;

	(void)state;
	slow_sts_reset();
	sts.a_release = 1;      /* the first fetch answers at once */
	assert_int_equal(lat_creds_static_new("AKIABASE", "base-secret", NULL, &base, NULL), 0);
	a = slow_role(base, "arn:aws:iam::111122223333:role/a");
	assert_int_equal(lat_creds_provider_get_via(a, NOW, 0, &own, &cr, NULL), 0);
	lat_creds_cleanup(&cr);
	sts.a_release = sts.a_in_flight = sts.a_done = 0;
	/* 4 minutes before expiry: due for a refresh, still valid. */
	refresher.p = a;
	refresher.rc = -1;
	assert_int_equal(pthread_create(&refresher.th, NULL, caller_at_refresh, &refresher), 0);
	wait_a_in_flight();
	rc = lat_creds_provider_get_via(a, NOW + 3600 - 240, 0, &own, &cr, NULL);
	pthread_mutex_lock(&sts.mu);
	a_done_when_served = sts.a_done;
	pthread_mutex_unlock(&sts.mu);
	release_a();
	pthread_join(refresher.th, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(cr.access_key_id, "ASIAROLEA");
	assert_int_equal(a_done_when_served, 0);
	assert_int_equal(refresher.rc, 0);
	assert_int_equal(sts.assume_a, 2);
	lat_creds_cleanup(&cr);
	lat_creds_provider_free(a);
	lat_creds_provider_free(base);
}

/* The identity check is single-flight too: four callers at once, one GetCallerIdentity. */
static int slow_whoami_calls;

static int
slow_whoami(void *arg, const struct lat_creds *c, char **account, struct lat_diag *d)
{
	(void)arg;
	(void)c;
	(void)d;
	__atomic_add_fetch(&slow_whoami_calls, 1, __ATOMIC_SEQ_CST);
	usleep(200 * 1000);
	*account = strdup("111122223333");
	return *account ? 0 : LAT_ENOMEM;
}

struct asker {
	pthread_t th;
	struct lat_creds_provider *p;
	int rc;
	char *acct;
};

static void *
asker_run(void *arg)
{
	struct asker *k = arg;

	k->rc = lat_creds_provider_identity(k->p, NOW, slow_whoami, NULL, NULL, &k->acct, NULL);
	return NULL;
}

static void
test_identity_is_asked_once_by_concurrent_callers(void **state)
{
	struct lat_creds_provider *p;
	struct asker k[4];

	(void)state;
	slow_whoami_calls = 0;
	assert_int_equal(lat_creds_static_new("AKIDWHO", "secret", NULL, &p, NULL), 0);
	for (int i = 0; i < 4; i++) {
		k[i] = (struct asker){ .p = p };
		assert_int_equal(pthread_create(&k[i].th, NULL, asker_run, &k[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(k[i].th, NULL);
		assert_int_equal(k[i].rc, 0);
		assert_string_equal(k[i].acct, "111122223333");
		free(k[i].acct);
	}
	assert_int_equal(slow_whoami_calls, 1);
	lat_creds_provider_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_callers_of_one_role_share_one_assume_role),
		cmocka_unit_test(test_a_slow_role_does_not_delay_another),
		cmocka_unit_test(test_valid_credentials_do_not_wait_for_an_early_refresh),
		cmocka_unit_test(test_identity_is_asked_once_by_concurrent_callers),
		cmocka_unit_test(test_identity_is_cached_with_the_credentials),
		cmocka_unit_test(test_environment_comes_first),
		cmocka_unit_test(test_environment_needs_both_keys),
		cmocka_unit_test(test_web_identity_before_profiles),
		cmocka_unit_test(test_credentials_file_wins_over_config_file),
		cmocka_unit_test(test_named_profile_in_config_file),
		cmocka_unit_test(test_missing_profile_is_named),
		cmocka_unit_test(test_profile_role_chain_with_external_id),
		cmocka_unit_test(test_profile_loop_is_an_error),
		cmocka_unit_test(test_container_endpoint_with_token_file),
		cmocka_unit_test(test_container_endpoint_must_be_local_or_https),
		cmocka_unit_test(test_container_url_table),
		cmocka_unit_test(test_container_endpoint_with_userinfo_is_refused_unsent),
		cmocka_unit_test(test_imds_v2_token_then_role_then_credentials),
		cmocka_unit_test(test_nothing_found_says_what_was_tried),
		cmocka_unit_test(test_assumed_role_is_cached_and_refreshed_5_minutes_early),
		cmocka_unit_test(test_assume_role_denied_names_the_role_not_the_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
