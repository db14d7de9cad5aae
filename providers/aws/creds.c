/* creds.c - the credential cache shared by every provider; static, environment and assume-role providers. */
#include "providers/aws/creds.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/buf.h"
#include "common/types.h"
#include "providers/aws/client.h"
#include "providers/aws/creds_impl.h"
#include "providers/aws/http.h"
#include "providers/aws/sts.h"

/* Refresh this long before expiry, as the SDKs do, so a call never signs with dying keys. */
#define REFRESH_MARGIN_S 300

static void
wipe_free(char *s)
{
	if (s != NULL) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

void
lat_creds_cleanup(struct lat_creds *c)
{
	if (c == NULL)
		return;
	free(c->access_key_id);
	wipe_free(c->secret_access_key);
	wipe_free(c->session_token);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

int
lat_creds_copy(struct lat_creds *dst, const struct lat_creds *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->access_key_id = lat_strdup0(src->access_key_id);
	dst->secret_access_key = lat_strdup0(src->secret_access_key);
	dst->session_token = lat_strdup0(src->session_token);
	dst->source = lat_strdup0(src->source);
	dst->expiration = src->expiration;
	if ((src->access_key_id && !dst->access_key_id) || (src->secret_access_key && !dst->secret_access_key) ||
	    (src->session_token && !dst->session_token) || (src->source && !dst->source)) {
		lat_creds_cleanup(dst);
		return LAT_ENOMEM;
	}
	return 0;
}

int
lat_creds_provider_new(const char *name, const struct lat_creds_ops *ops, void *impl,
    struct lat_creds_provider **out, struct lat_diag *d)
{
	struct lat_creds_provider *p = calloc(1, sizeof(*p));
	int have_mu = 0;

	*out = NULL;
	if (p != NULL && (p->name = strdup(name)) != NULL)
		have_mu = pthread_mutex_init(&p->mu, NULL) == 0;
	if (!have_mu || pthread_cond_init(&p->done, NULL) != 0) {
		if (have_mu)
			pthread_mutex_destroy(&p->mu);
		if (p != NULL)
			free(p->name);
		free(p);
		if (ops->free != NULL)
			ops->free(impl);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	p->ops = ops;
	p->impl = impl;
	*out = p;
	return 0;
}

/* The cached credentials serve until 5 minutes before they expire (or forever when they do not). */
static int
fresh_enough(const struct lat_creds_provider *p, int64_t now, int64_t margin)
{
	return p->have && (p->cached.expiration == 0 || p->cached.expiration - now >= margin);
}

/*
 * Makes the cache hold usable credentials; called and returns with p->mu
 * held, which it releases while it fetches. One fetch at a time: a caller
 * that finds one in flight waits for it, and uses its credentials (a forced
 * refresh too: they are newer than the ones that failed) unless it failed,
 * then fetches itself. A caller whose credentials still work for a minute
 * takes them at once rather than wait for an early refresh.
 */
static int
refresh_locked(struct lat_creds_provider *p, int64_t now, int force_refresh, struct lat_transport *via,
    struct lat_diag *d)
{
	struct lat_creds fresh = { 0 };
	int rc;

	for (;;) {
		unsigned long gen = p->generation;

		if (!force_refresh && fresh_enough(p, now, REFRESH_MARGIN_S))
			return 0;
		if (!p->fetching)
			break;
		if (!force_refresh && fresh_enough(p, now, 60))
			return 0;
		while (p->fetching)
			pthread_cond_wait(&p->done, &p->mu);
		if (p->generation != gen)
			force_refresh = 0;
	}
	p->fetching = 1;
	pthread_mutex_unlock(&p->mu);
	rc = p->ops->fetch(p->impl, now, via, &fresh, d);
	pthread_mutex_lock(&p->mu);
	p->fetching = 0;
	if (rc == 0) {
		lat_creds_cleanup(&p->cached);
		p->cached = fresh;
		p->have = 1;
		p->generation++;
		/* New credentials may be another principal's: their identity is asked anew. */
		free(p->identity);
		p->identity = NULL;
	}
	pthread_cond_broadcast(&p->done);
	return rc;
}

int
lat_creds_provider_get_via(struct lat_creds_provider *p, int64_t now, int force_refresh,
    struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (p == NULL)
		return lat_diag_set(d, LAT_ECREDS, "no credential provider");
	pthread_mutex_lock(&p->mu);
	rc = refresh_locked(p, now, force_refresh, via, d);
	if (rc == 0 && lat_creds_copy(out, &p->cached) != 0)
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int
lat_creds_provider_get(struct lat_creds_provider *p, int64_t now, int force_refresh,
    struct lat_creds *out, struct lat_diag *d)
{
	return lat_creds_provider_get_via(p, now, force_refresh, NULL, out, d);
}

/*
 * One caller asks (on a copy of the credentials, without the mutex); the
 * others wait for its answer. An answer about credentials replaced meanwhile
 * is dropped, and the question asked again about the new ones.
 */
int
lat_creds_provider_identity(struct lat_creds_provider *p, int64_t now, lat_creds_identity_fn fn, void *arg,
    struct lat_transport *via, char **account, struct lat_diag *d)
{
	int rc;

	*account = NULL;
	if (p == NULL)
		return lat_diag_set(d, LAT_ECREDS, "no credential provider");
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct lat_creds c = { 0 };
		unsigned long gen;
		char *who = NULL;

		if ((rc = refresh_locked(p, now, 0, via, d)) != 0 || p->identity != NULL)
			break;
		if (p->identifying) {
			pthread_cond_wait(&p->done, &p->mu);
			continue;
		}
		if (lat_creds_copy(&c, &p->cached) != 0) {
			rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
			break;
		}
		gen = p->generation;
		p->identifying = 1;
		pthread_mutex_unlock(&p->mu);
		rc = fn(arg, &c, &who, d);
		lat_creds_cleanup(&c);
		pthread_mutex_lock(&p->mu);
		p->identifying = 0;
		pthread_cond_broadcast(&p->done);
		if (rc != 0)
			break;
		if (p->generation == gen && p->identity == NULL) {
			p->identity = who;
			who = NULL;
		}
		free(who);
	}
	if (rc == 0 && (*account = strdup(p->identity)) == NULL)
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	pthread_mutex_unlock(&p->mu);
	return rc;
}

void
lat_creds_provider_free(struct lat_creds_provider *p)
{
	if (p == NULL)
		return;
	if (p->ops->free != NULL)
		p->ops->free(p->impl);
	lat_creds_cleanup(&p->cached);
	free(p->identity);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p->name);
	free(p);
}

const char *
lat_creds_provider_name(const struct lat_creds_provider *p)
{
	return p ? p->name : "none";
}

/* ---- static keys ---- */

static int
static_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	(void)now;
	(void)via;
	if (lat_creds_copy(out, impl) != 0)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	return 0;
}

static void
static_free(void *impl)
{
	lat_creds_cleanup(impl);
	free(impl);
}

static const struct lat_creds_ops static_ops = { static_fetch, static_free };

int
lat_creds_static_source_new(const char *akid, const char *secret, const char *token,
    const char *source, struct lat_creds_provider **out, struct lat_diag *d)
{
	struct lat_creds *c = calloc(1, sizeof(*c));
	struct lat_creds src = {
		.access_key_id = (char *)akid, .secret_access_key = (char *)secret,
		.session_token = (char *)token, .source = (char *)source,
	};

	*out = NULL;
	if (akid == NULL || secret == NULL || *akid == '\0' || *secret == '\0') {
		free(c);
		return lat_diag_set(d, LAT_ECREDS, "%s: an access key id and a secret access key are both required",
		    source);
	}
	if (c == NULL || lat_creds_copy(c, &src) != 0) {
		free(c);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	return lat_creds_provider_new(source, &static_ops, c, out, d);
}

int
lat_creds_static_new(const char *akid, const char *secret, const char *token,
    struct lat_creds_provider **out, struct lat_diag *d)
{
	return lat_creds_static_source_new(akid, secret, token, "static", out, d);
}

int
lat_creds_env_new(const struct lat_env *env, struct lat_creds_provider **out, struct lat_diag *d)
{
	const char *akid = lat_env_get(env, "AWS_ACCESS_KEY_ID");
	const char *secret = lat_env_get(env, "AWS_SECRET_ACCESS_KEY");

	*out = NULL;
	if (akid == NULL && secret == NULL)
		return LAT_ENOTFOUND;
	if (akid == NULL || secret == NULL)
		return lat_diag_set(d, LAT_ECREDS, "environment: %s is set but %s is not; set both or neither",
		    akid ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
		    akid ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
	return lat_creds_static_source_new(akid, secret, lat_env_get(env, "AWS_SESSION_TOKEN"),
	    "environment", out, d);
}

/* ---- assume role ---- */

struct assume {
	struct lat_assume_role_opts o;
	char *role_arn, *external_id, *session_name, *region, *endpoint;
};

/* On the caller's transport when it lends one (the worker's connection), else on one of its own. */
static int
assume_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	struct assume *a = impl;
	struct lat_transport *own = NULL;
	struct lat_aws_client *c = NULL;
	struct lat_sts_assume req = { a->role_arn, a->session_name, a->external_id, a->o.duration_s };
	int rc = 0;

	(void)now;
	if (via == NULL)
		rc = a->o.new_transport(a->o.transport_arg, &own, d);
	if (rc == 0) {
		struct lat_aws_client_opts co = {
			.service = "sts", .protocol = LAT_PROTO_QUERY, .region = a->region,
			.endpoint = a->endpoint, .creds = a->o.base, .transport = via ? via : own,
			.clock = a->o.clock, .max_attempts = a->o.max_attempts, .cancel = a->o.cancel,
			.observer = a->o.observer, .keys = a->o.keys,
		};
		rc = lat_aws_client_new(&co, &c, d);
	}
	if (rc == 0)
		rc = lat_sts_assume_role(c, &req, out, d);
	if (rc == 0) {
		struct lat_buf src = { 0 };

		lat_buf_addf(&src, "assume-role %s", a->role_arn);
		free(out->source);
		out->source = lat_buf_take(&src);
		lat_buf_cleanup(&src);
	} else {
		lat_diag_prefix(d, "assume role %s", a->role_arn);
	}
	lat_aws_client_free(c);
	lat_transport_free(own);
	return rc;
}

static void
assume_free(void *impl)
{
	struct assume *a = impl;

	if (a == NULL)
		return;
	free(a->role_arn);
	free(a->external_id);
	free(a->session_name);
	free(a->region);
	free(a->endpoint);
	free(a);
}

static const struct lat_creds_ops assume_ops = { assume_fetch, assume_free };

int
lat_creds_assume_role_new(const struct lat_assume_role_opts *o, struct lat_creds_provider **out,
    struct lat_diag *d)
{
	struct assume *a = calloc(1, sizeof(*a));
	struct lat_buf name = { 0 };
	int rc;

	*out = NULL;
	if (a == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	a->o = *o;
	a->role_arn = lat_strdup0(o->role_arn);
	a->external_id = lat_strdup0(o->external_id);
	a->session_name = strdup(o->session_name ? o->session_name : "latticedns");
	a->region = lat_strdup0(o->region);
	a->endpoint = lat_strdup0(o->sts_endpoint);
	if (!a->role_arn || !a->session_name || !a->region || !a->endpoint || !o->base || !o->new_transport ||
	    (o->external_id && !a->external_id)) {
		int bad = !o->role_arn || !o->region || !o->sts_endpoint || !o->base || !o->new_transport;

		assume_free(a);
		return bad ? lat_diag_set(d, LAT_EINVAL, "assume role: role ARN, region, STS endpoint, "
		    "base credentials and a transport are required") : lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	lat_buf_addf(&name, "assume-role %s", o->role_arn);
	rc = lat_creds_provider_new(lat_buf_str(&name), &assume_ops, a, out, d);
	lat_buf_cleanup(&name);
	return rc;
}
