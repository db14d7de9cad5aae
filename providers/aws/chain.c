/* chain.c - the SDKs' default credential chain: environment, web identity, profile, container, IMDSv2. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <ini.h>

#include "common/buf.h"
#include "common/timefmt.h"
#include "common/types.h"
#include "providers/aws/creds_impl.h"
#include "providers/aws/endpoints.h"
#include "providers/aws/http.h"
#include "providers/aws/sts.h"

/* ---- shared config and credentials files (inih) ---- */

struct profile {
	const char *want;        /* the profile name */
	int in_config;           /* parsing the config file: sections are "profile NAME" (or "default") */
	char *akid, *secret, *token, *role_arn, *source_profile, *external_id, *session_name;
	char *credential_source;
	int found;
};

static void
profile_cleanup(struct profile *p)
{
	free(p->akid);
	free(p->secret);
	free(p->token);
	free(p->role_arn);
	free(p->source_profile);
	free(p->external_id);
	free(p->session_name);
	free(p->credential_source);
}

static int
section_is(const struct profile *p, const char *section)
{
	if (!p->in_config || strcmp(p->want, "default") == 0)
		if (strcmp(section, p->want) == 0)
			return 1;
	return p->in_config && strncmp(section, "profile ", 8) == 0 && strcmp(section + 8, p->want) == 0;
}

static int
on_ini(void *user, const char *section, const char *name, const char *value)
{
	struct profile *p = user;
	char **slot = NULL;

	if (!section_is(p, section))
		return 1;
	p->found = 1;
	if (strcasecmp(name, "aws_access_key_id") == 0)
		slot = &p->akid;
	else if (strcasecmp(name, "aws_secret_access_key") == 0)
		slot = &p->secret;
	else if (strcasecmp(name, "aws_session_token") == 0)
		slot = &p->token;
	else if (strcasecmp(name, "role_arn") == 0)
		slot = &p->role_arn;
	else if (strcasecmp(name, "source_profile") == 0)
		slot = &p->source_profile;
	else if (strcasecmp(name, "external_id") == 0)
		slot = &p->external_id;
	else if (strcasecmp(name, "role_session_name") == 0)
		slot = &p->session_name;
	else if (strcasecmp(name, "credential_source") == 0)
		slot = &p->credential_source;
	if (slot != NULL && *slot == NULL)
		*slot = strdup(value);
	return 1;
}

/* Reads one profile from the credentials file, then the config file (the credentials file wins). */
static int
profile_read(const struct lat_env *env, const char *name, struct profile *p, struct lat_diag *d)
{
	const char *home = lat_env_get(env, "HOME");
	const char *cred = lat_env_get(env, "AWS_SHARED_CREDENTIALS_FILE");
	const char *conf = lat_env_get(env, "AWS_CONFIG_FILE");
	struct lat_buf cp = { 0 }, fp = { 0 };
	int rc = 0, r;

	memset(p, 0, sizeof(*p));
	p->want = name;
	lat_buf_addf(&cp, "%s%s", cred ? cred : home ? home : "", cred ? "" : "/.aws/credentials");
	lat_buf_addf(&fp, "%s%s", conf ? conf : home ? home : "", conf ? "" : "/.aws/config");
	r = (cred || home) ? ini_parse(lat_buf_str(&cp), on_ini, p) : -1;
	if (r > 0)
		rc = lat_diag_set(d, LAT_EPARSE, "%s:%d: not an AWS credentials file line", lat_buf_str(&cp), r);
	p->in_config = 1;
	r = (conf || home) && rc == 0 ? ini_parse(lat_buf_str(&fp), on_ini, p) : -1;
	if (r > 0)
		rc = lat_diag_set(d, LAT_EPARSE, "%s:%d: not an AWS config file line", lat_buf_str(&fp), r);
	lat_buf_cleanup(&cp);
	lat_buf_cleanup(&fp);
	return rc;
}

/* ---- a provider that owns the provider it wraps (profile role chains) ---- */

struct owned_pair {
	struct lat_creds_provider *outer;  /* assume-role over base */
	struct lat_creds_provider *base;
};

static int
pair_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	return lat_creds_provider_get_via(((struct owned_pair *)impl)->outer, now, 0, via, out, d);
}

static void
pair_free(void *impl)
{
	struct owned_pair *p = impl;

	lat_creds_provider_free(p->outer);
	lat_creds_provider_free(p->base);
	free(p);
}

static const struct lat_creds_ops pair_ops = { pair_fetch, pair_free };

/* ---- HTTP for the metadata endpoints ---- */

struct http_src {
	lat_transport_factory new_transport;
	void *arg;
};

static int
http_fetch(const struct http_src *s, const char *method, const char *url, const struct lat_http_header *h,
    size_t nh, struct lat_buf *body, struct lat_diag *d)
{
	struct lat_transport *t = NULL;
	struct lat_http_response r = { 0 };
	struct lat_http_request req = { .method = method, .url = url, .headers = h, .nheaders = nh,
		.timeout_ms = 2000 };
	int rc = s->new_transport(s->arg, &t, d);

	if (rc == 0)
		rc = t->perform(t->ctx, &req, &r, d);
	if (rc == 0 && (r.status < 200 || r.status > 299))
		rc = lat_diag_set(d, LAT_ECREDS, "%s %s: HTTP %ld", method, url, r.status);
	if (rc == 0) {
		*body = r.body;
		memset(&r.body, 0, sizeof(r.body));
	}
	lat_http_response_cleanup(&r);
	lat_transport_free(t);
	return rc;
}

/* {AccessKeyId, SecretAccessKey, Token, Expiration}: the container and IMDS answer. */
static int
parse_json_creds(const struct lat_buf *b, const char *source, struct lat_creds *out, struct lat_diag *d)
{
	cJSON *j = cJSON_ParseWithLength(b->p ? b->p : "", b->len);
	const cJSON *ak = cJSON_GetObjectItemCaseSensitive(j, "AccessKeyId");
	const cJSON *sk = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
	const cJSON *tk = cJSON_GetObjectItemCaseSensitive(j, "Token");
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(j, "Expiration");
	int64_t ms = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsString(ak) || !cJSON_IsString(sk)) {
		rc = lat_diag_set(d, LAT_ECREDS, "%s: the answer holds no AccessKeyId/SecretAccessKey", source);
	} else if (cJSON_IsString(ex) && (rc = lat_time_parse_iso8601(ex->valuestring, &ms, d)) == 0) {
		out->expiration = ms / 1000;
	}
	if (rc == 0) {
		out->access_key_id = strdup(ak->valuestring);
		out->secret_access_key = strdup(sk->valuestring);
		out->session_token = cJSON_IsString(tk) ? strdup(tk->valuestring) : NULL;
		out->source = strdup(source);
		if (!out->access_key_id || !out->secret_access_key || !out->source) {
			lat_creds_cleanup(out);
			rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
		}
	}
	cJSON_Delete(j);
	return rc;
}

/* ---- container credentials (ECS, EKS Pod Identity) ---- */

struct container {
	struct http_src src;
	char *url;
	char *auth;        /* AWS_CONTAINER_AUTHORIZATION_TOKEN */
	char *auth_file;   /* AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, read at each fetch (it rotates) */
};

static char *
read_small_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct lat_buf b = { 0 };
	char chunk[1024];
	size_t n;

	if (f == NULL)
		return NULL;
	lat_buf_init(&b, 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lat_buf_add(&b, chunk, n);
	fclose(f);
	while (b.len > 0 && (b.p[b.len - 1] == '\n' || b.p[b.len - 1] == '\r'))
		b.p[--b.len] = '\0';
	return lat_buf_take(&b);
}

static int
container_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	struct container *c = impl;
	struct lat_buf body = { 0 };
	char *tok = c->auth_file ? read_small_file(c->auth_file) : NULL;
	struct lat_http_header h = { "Authorization", tok ? tok : c->auth };
	int rc;

	(void)via;  /* the metadata endpoints are not the worker's: their own transport */
	(void)now;
	if (c->auth_file != NULL && tok == NULL)
		return lat_diag_set(d, LAT_ECREDS, "container credentials: cannot read "
		    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s", c->auth_file);
	rc = http_fetch(&c->src, "GET", c->url, &h, h.value ? 1 : 0, &body, d);
	if (rc == 0)
		rc = parse_json_creds(&body, "container credentials", out, d);
	free(tok);
	lat_buf_cleanup(&body);
	return rc;
}

static void
container_free(void *impl)
{
	struct container *c = impl;

	free(c->url);
	free(c->auth);
	free(c->auth_file);
	free(c);
}

static const struct lat_creds_ops container_ops = { container_fetch, container_free };

/*
 * Where the authorization token may go: https anywhere; plain http only to
 * a loopback host (localhost, 127.0.0.0/8, ::1) or the ECS and EKS agents'
 * link-local addresses, as the SDKs allow. Judged on the host curl will
 * connect to; user-info is refused outright, since it is how a prefix check
 * was fooled (http://127.0.0.1:80@evil/). 0, or -1 with why set (which
 * then names the host, never the user-info: it may hold a password).
 */
LAT_TESTABLE int
container_url_allowed(const char *url, struct lat_buf *why)
{
	static const char *const agents[] = { "169.254.170.2", "169.254.170.23", "fd00:ec2::23", NULL };
	struct lat_url_parts u;
	struct lat_diag d = { 0 };
	unsigned char a[16], b[16];
	int ok = 0;

	if (lat_http_url_parse(url, &u, &d) != 0) {
		lat_buf_adds(why, lat_diag_msg(&d));
		lat_diag_cleanup(&d);
		return -1;
	}
	if (u.has_userinfo)
		lat_buf_addf(why, "a user name or password in the URL is not allowed (the part before '@'; the "
		    "host is %s)", u.host);
	else if (strcmp(u.scheme, "https") == 0)
		ok = 1;
	else if (strcmp(u.scheme, "http") != 0)
		lat_buf_addf(why, "the scheme %s is not http or https", u.scheme);
	else if (strcasecmp(u.host, "localhost") == 0 ||
	    (inet_pton(AF_INET, u.host, a) == 1 && a[0] == 127) ||
	    (inet_pton(AF_INET6, u.host, a) == 1 && inet_pton(AF_INET6, "::1", b) == 1 && memcmp(a, b, 16) == 0))
		ok = 1;
	else {
		for (size_t i = 0; agents[i] != NULL && !ok; i++) {
			int fam = strchr(agents[i], ':') ? AF_INET6 : AF_INET;

			ok = inet_pton(fam, u.host, a) == 1 && inet_pton(fam, agents[i], b) == 1 &&
			    memcmp(a, b, fam == AF_INET ? 4 : 16) == 0;
		}
		if (!ok)
			lat_buf_addf(why, "plain http is allowed only to the loopback or the container agent's "
			    "address, and the host is %s; use https", u.host);
	}
	lat_url_parts_cleanup(&u);
	return ok ? 0 : -1;
}

static int
container_new(const struct lat_creds_chain_opts *o, struct lat_creds_provider **out, struct lat_diag *d)
{
	const char *full = lat_env_get(o->env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
	const char *rel = lat_env_get(o->env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	struct container *c;
	struct lat_buf url = { 0 }, why = { 0 };

	if (full == NULL && rel == NULL)
		return LAT_ENOTFOUND;
	if (rel != NULL)
		lat_buf_addf(&url, "http://169.254.170.2%s", rel);
	else
		lat_buf_adds(&url, full);
	if (container_url_allowed(lat_buf_str(&url), &why) != 0) {
		/* The URL is shown only without an '@': what precedes one may be a password. */
		int rc = lat_diag_set(d, LAT_ECREDS, "%s %s: %s", rel ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" :
		    "AWS_CONTAINER_CREDENTIALS_FULL_URI", strchr(lat_buf_str(&url), '@') ? "(not shown: it holds "
		    "user-info)" : lat_buf_str(&url), lat_buf_str(&why));

		lat_buf_cleanup(&url);
		lat_buf_cleanup(&why);
		return rc;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		lat_buf_cleanup(&url);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	c->src = (struct http_src){ o->new_transport, o->transport_arg };
	c->url = lat_buf_take(&url);
	c->auth = lat_strdup0(lat_env_get(o->env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"));
	c->auth_file = lat_strdup0(lat_env_get(o->env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
	lat_buf_cleanup(&url);
	return lat_creds_provider_new("container credentials", &container_ops, c, out, d);
}

/* ---- EC2 instance metadata, IMDSv2 only (a session token first, as hardened instances require) ---- */

struct imds {
	struct http_src src;
	char *base;
};

static int
imds_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	struct imds *m = impl;
	struct lat_buf url = { 0 }, tok = { 0 }, role = { 0 }, body = { 0 };
	struct lat_http_header th = { "X-aws-ec2-metadata-token-ttl-seconds", "21600" };
	int rc;

	(void)via;  /* the metadata endpoints are not the worker's: their own transport */
	(void)now;
	lat_buf_addf(&url, "%s/latest/api/token", m->base);
	rc = http_fetch(&m->src, "PUT", lat_buf_str(&url), &th, 1, &tok, d);
	struct lat_http_header h = { "X-aws-ec2-metadata-token", (char *)lat_buf_str(&tok) };

	lat_buf_reset(&url);
	lat_buf_addf(&url, "%s/latest/meta-data/iam/security-credentials/", m->base);
	if (rc == 0)
		rc = http_fetch(&m->src, "GET", lat_buf_str(&url), &h, 1, &role, d);
	if (rc == 0 && role.len == 0)
		rc = lat_diag_set(d, LAT_ECREDS, "instance metadata: no IAM role is attached to this instance");
	if (rc == 0) {
		size_t l = strcspn(lat_buf_str(&role), "\r\n");

		lat_buf_addf(&url, "%.*s", (int)l, lat_buf_str(&role));
		rc = http_fetch(&m->src, "GET", lat_buf_str(&url), &h, 1, &body, d);
	}
	if (rc == 0)
		rc = parse_json_creds(&body, "instance metadata", out, d);
	lat_buf_cleanup(&url);
	if (tok.p != NULL)
		memset(tok.p, 0, tok.len);
	lat_buf_cleanup(&tok);
	lat_buf_cleanup(&role);
	lat_buf_cleanup(&body);
	return rc;
}

static void
imds_free(void *impl)
{
	struct imds *m = impl;

	free(m->base);
	free(m);
}

static const struct lat_creds_ops imds_ops = { imds_fetch, imds_free };

static int
imds_new(const struct lat_creds_chain_opts *o, struct lat_creds_provider **out, struct lat_diag *d)
{
	const char *dis = lat_env_get(o->env, "AWS_EC2_METADATA_DISABLED");
	const char *ep = lat_env_get(o->env, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
	struct imds *m;
	size_t l;

	if (dis != NULL && strcasecmp(dis, "true") == 0)
		return LAT_ENOTFOUND;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	ep = ep ? ep : "http://169.254.169.254";
	l = strlen(ep);
	while (l > 0 && ep[l - 1] == '/')
		l--;
	m->src = (struct http_src){ o->new_transport, o->transport_arg };
	if ((m->base = strndup(ep, l)) == NULL) {
		free(m);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	return lat_creds_provider_new("instance metadata", &imds_ops, m, out, d);
}

/* ---- web identity (IRSA) ---- */

struct webid {
	struct http_src src;
	char *role_arn, *session, *token_file, *endpoint;
};

static int
webid_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	struct webid *w = impl;
	char *token = read_small_file(w->token_file);
	struct lat_transport *t = NULL;
	struct lat_sts_assume a = { w->role_arn, w->session, NULL, 3600 };
	int rc;

	(void)via;  /* the metadata endpoints are not the worker's: their own transport */
	(void)now;
	if (token == NULL)
		return lat_diag_set(d, LAT_ECREDS, "web identity: cannot read AWS_WEB_IDENTITY_TOKEN_FILE %s",
		    w->token_file);
	rc = w->src.new_transport(w->src.arg, &t, d);
	if (rc == 0)
		rc = lat_sts_assume_role_with_web_identity(t, w->endpoint, &a, token, out, d);
	if (rc == 0) {
		free(out->source);
		out->source = strdup("web identity");
	}
	memset(token, 0, strlen(token));
	free(token);
	lat_transport_free(t);
	return rc;
}

static void
webid_free(void *impl)
{
	struct webid *w = impl;

	free(w->role_arn);
	free(w->session);
	free(w->token_file);
	free(w->endpoint);
	free(w);
}

static const struct lat_creds_ops webid_ops = { webid_fetch, webid_free };

static int
webid_new(const struct lat_creds_chain_opts *o, struct lat_creds_provider **out, struct lat_diag *d)
{
	const char *file = lat_env_get(o->env, "AWS_WEB_IDENTITY_TOKEN_FILE");
	const char *role = lat_env_get(o->env, "AWS_ROLE_ARN");
	const char *session = lat_env_get(o->env, "AWS_ROLE_SESSION_NAME");
	struct lat_endpoint ep = { 0 };
	struct webid *w;
	int rc;

	if (file == NULL || role == NULL)
		return LAT_ENOTFOUND;
	if ((rc = lat_endpoint_resolve(o->env, "sts", o->region, &ep, d)) != 0)
		return rc;
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		lat_endpoint_cleanup(&ep);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	w->src = (struct http_src){ o->new_transport, o->transport_arg };
	w->role_arn = strdup(role);
	w->session = strdup(session ? session : "latticedns");
	w->token_file = strdup(file);
	w->endpoint = ep.url;
	free(ep.signing_region);
	if (!w->role_arn || !w->session || !w->token_file || !w->endpoint) {
		webid_free(w);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	return lat_creds_provider_new("web identity", &webid_ops, w, out, d);
}

/* ---- profiles ---- */

static int profile_new(const struct lat_creds_chain_opts *o, const char *name, int depth,
    struct lat_creds_provider **out, struct lat_diag *d);

/* role_arn in a profile: assume it with the source profile's (or credential_source's) credentials. */
static int
profile_role(const struct lat_creds_chain_opts *o, const struct profile *p, const char *name, int depth,
    struct lat_creds_provider **out, struct lat_diag *d)
{
	struct owned_pair *pair = calloc(1, sizeof(*pair));
	struct lat_endpoint ep = { 0 };
	struct lat_buf label = { 0 };
	int rc;

	if (pair == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	if (p->source_profile != NULL)
		rc = profile_new(o, p->source_profile, depth + 1, &pair->base, d);
	else if (p->credential_source != NULL && strcasecmp(p->credential_source, "Environment") == 0)
		rc = lat_creds_env_new(o->env, &pair->base, d);
	else if (p->credential_source != NULL && strcasecmp(p->credential_source, "Ec2InstanceMetadata") == 0)
		rc = imds_new(o, &pair->base, d);
	else if (p->credential_source != NULL && strcasecmp(p->credential_source, "EcsContainer") == 0)
		rc = container_new(o, &pair->base, d);
	else
		rc = lat_diag_set(d, LAT_ECREDS, "profile %s: role_arn needs source_profile or credential_source", name);
	if (rc == LAT_ENOTFOUND)
		rc = lat_diag_set(d, LAT_ECREDS, "profile %s: its credential source yields no credentials", name);
	if (rc == 0)
		rc = lat_endpoint_resolve(o->env, "sts", o->region, &ep, d);
	if (rc == 0) {
		struct lat_assume_role_opts ao = {
			.role_arn = p->role_arn, .external_id = p->external_id,
			.session_name = p->session_name ? p->session_name : "latticedns",
			.region = ep.signing_region, .sts_endpoint = ep.url, .base = pair->base,
			.new_transport = o->new_transport, .transport_arg = o->transport_arg,
			.clock = o->clock, .cancel = o->cancel,
		};
		rc = lat_creds_assume_role_new(&ao, &pair->outer, d);
	}
	lat_endpoint_cleanup(&ep);
	if (rc != 0) {
		pair_free(pair);
		return rc;
	}
	lat_buf_addf(&label, "profile %s (assume-role %s)", name, p->role_arn);
	rc = lat_creds_provider_new(lat_buf_str(&label), &pair_ops, pair, out, d);
	lat_buf_cleanup(&label);
	return rc;
}

static int
profile_new(const struct lat_creds_chain_opts *o, const char *name, int depth,
    struct lat_creds_provider **out, struct lat_diag *d)
{
	struct profile p;
	struct lat_buf label = { 0 };
	int rc;

	*out = NULL;
	if (depth > 4)
		return lat_diag_set(d, LAT_ECREDS, "profile %s: source_profile chain longer than 4 (a loop?)", name);
	if ((rc = profile_read(o->env, name, &p, d)) != 0) {
		profile_cleanup(&p);
		return rc;
	}
	if (!p.found || (p.akid == NULL && p.role_arn == NULL)) {
		profile_cleanup(&p);
		return LAT_ENOTFOUND;
	}
	if (p.role_arn != NULL) {
		rc = profile_role(o, &p, name, depth, out, d);
	} else {
		lat_buf_addf(&label, "profile %s", name);
		rc = lat_creds_static_source_new(p.akid, p.secret, p.token, lat_buf_str(&label), out, d);
		lat_buf_cleanup(&label);
	}
	profile_cleanup(&p);
	return rc;
}

/* ---- the chain ---- */

int
lat_creds_chain_new(const struct lat_creds_chain_opts *o, struct lat_creds_provider **out,
    struct lat_diag *d)
{
	const char *profile = lat_env_get(o->env, "AWS_PROFILE");
	int rc;

	*out = NULL;
	if ((rc = lat_creds_env_new(o->env, out, d)) != LAT_ENOTFOUND)
		return rc;
	if ((rc = webid_new(o, out, d)) != LAT_ENOTFOUND)
		return rc;
	rc = profile_new(o, profile ? profile : "default", 0, out, d);
	if (rc == LAT_ENOTFOUND && profile != NULL)
		return lat_diag_set(d, LAT_ECREDS, "AWS_PROFILE=%s: no such profile with credentials or a "
		    "role_arn in the shared config or credentials file", profile);
	if (rc != LAT_ENOTFOUND)
		return rc;
	if ((rc = container_new(o, out, d)) != LAT_ENOTFOUND)
		return rc;
	if ((rc = imds_new(o, out, d)) != LAT_ENOTFOUND)
		return rc;
	return lat_diag_set(d, LAT_ECREDS, "no AWS credentials found: tried the environment "
	    "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), web identity (AWS_WEB_IDENTITY_TOKEN_FILE + "
	    "AWS_ROLE_ARN), the shared files' default profile (or AWS_PROFILE), the container endpoint "
	    "(AWS_CONTAINER_CREDENTIALS_FULL_URI) and instance metadata (disabled by "
	    "AWS_EC2_METADATA_DISABLED); set one of them");
}
