/* awsinv.c - list Lattice services, resource configurations and their opt-in tags in many accounts, in parallel. */
#include "providers/aws/awsinv.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/pool.h"
#include "providers/aws/creds.h"
#include "providers/aws/endpoints.h"
#include "providers/aws/lattice.h"
#include "providers/aws/rescfg.h"
#include "providers/aws/sts.h"
#include "providers/aws/tagging.h"

/* A reader role's credentials, kept across cycles so a role is assumed about once an hour. */
struct role {
	char *key;                        /* role_arn "\n" external_id */
	struct lat_creds_provider *creds;
};

struct stat_row {
	char *service;
	char *operation;
	long calls, errors;
};

struct awsinv {
	const struct lat_aws_setup *setup;
	pthread_mutex_t mu;               /* guards stats */
	struct role *roles;
	size_t nroles;
	struct stat_row *stats;
	size_t nstats;
};

/* One cycle's listing: the jobs the pool runs. */
struct listing_run {
	struct awsinv *a;
	const struct lat_inv_target *targets;
	struct lat_creds_provider **creds; /* per target; NULL when its role could not be set up */
	char **setup_errors;               /* per target */
	const char *selector_key;
	struct lat_inv_listing *out;
	size_t *order;                     /* job j lists target order[j] */
};

static void
stat_add(void *arg, const char *service, const char *operation, long calls, long errors)
{
	struct awsinv *a = arg;

	for (size_t i = 0; i < a->nstats; i++) {
		if (strcmp(a->stats[i].service, service) == 0 &&
		    strcmp(a->stats[i].operation, operation) == 0) {
			a->stats[i].calls += calls;
			a->stats[i].errors += errors;
			return;
		}
	}
	struct stat_row *v = realloc(a->stats, (a->nstats + 1) * sizeof(*v));
	if (v == NULL)
		return;   /* a lost counter is not worth failing a listing */
	a->stats = v;
	v[a->nstats].service = strdup(service);
	v[a->nstats].operation = strdup(operation);
	if (v[a->nstats].service == NULL || v[a->nstats].operation == NULL) {
		free(v[a->nstats].service);
		free(v[a->nstats].operation);
		return;
	}
	v[a->nstats].calls = calls;
	v[a->nstats].errors = errors;
	a->nstats++;
}

static void
client_stats_done(struct awsinv *a, struct lat_aws_client *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	lat_aws_client_stats(c, stat_add, a);
	pthread_mutex_unlock(&a->mu);
}

static int
client_open(const struct lat_aws_setup *s, const char *service, enum lat_aws_protocol proto,
    const struct lat_inv_target *t, struct lat_creds_provider *creds, struct lat_transport *tr,
    struct lat_aws_client **out, struct lat_diag *d)
{
	struct lat_endpoint ep = { 0 };
	int rc = lat_endpoint_resolve(s->env, service, t->region, &ep, d);

	if (rc == 0) {
		struct lat_aws_client_opts o = {
			.service = service,
			.protocol = proto,
			.region = ep.signing_region,
			.endpoint = ep.url,
			.account = t->account,
			.creds = creds,
			.transport = tr,
			.clock = s->clock,
			.max_attempts = s->max_attempts,
			.cancel = s->cancel,
			.observer = s->observer,
			.keys = s->sigkeys,
		};
		rc = lat_aws_client_new(&o, out, d);
	}
	lat_endpoint_cleanup(&ep);
	return rc;
}

/* The Tagging API answers for every tagged service at once: one call per page, not per service. */
static int
tags_from_tagging(struct lat_aws_client *c, const char *type, const char *key, struct lat_service_list *svcs,
    struct lat_diag *d)
{
	struct lat_tagged_list tl = { 0 };
	int rc = lat_tagging_get_resources(c, type, key, &tl, d);

	for (size_t i = 0; rc == 0 && i < tl.n; i++) {
		for (size_t j = 0; j < svcs->n; j++) {
			if (strcmp(svcs->v[j].arn, tl.v[i].arn) != 0)
				continue;
			lat_tags_cleanup(&svcs->v[j].tags);
			svcs->v[j].tags = tl.v[i].tags;
			memset(&tl.v[i].tags, 0, sizeof(tl.v[i].tags));
			break;
		}
	}
	lat_tagged_list_cleanup(&tl);
	return rc;
}

static int
tags_from_lattice(struct lat_aws_client *c, struct lat_service_list *svcs, struct lat_diag *d)
{
	for (size_t j = 0; j < svcs->n; j++) {
		int rc;

		lat_tags_cleanup(&svcs->v[j].tags);
		/* A service shared with this account: its owner's listing reads its tags, this one may not. */
		if (!lat_service_listed_by_owner(&svcs->v[j]))
			continue;
		if ((rc = lat_lattice_list_tags(c, svcs->v[j].arn, &svcs->v[j].tags, d)) != 0)
			return rc;
	}
	return 0;
}

/*
 * Issue 12: the account's resource configurations, appended to out after its
 * services. Tags come the same way as the services' (one GetResources per
 * page, or ListTagsForResource each); associations and the verification
 * status only for those carrying the selector key, the rest cannot opt in.
 * Any failure fails the whole listing of this (account, region).
 */
static int
list_rescfgs(const struct lat_aws_setup *s, const struct lat_inv_target *t, struct lat_aws_client *lc,
    struct lat_aws_client *tc, struct lat_service_list *out, struct lat_diag *d)
{
	struct lat_service_list rl = { 0 };
	int rc = lat_rescfg_list(lc, t->account, t->region, &rl, d);

	if (rc == 0 && s->tag_source_lattice)
		rc = tags_from_lattice(lc, &rl, d);
	else if (rc == 0 && t->rescfg_selector_key != NULL && rl.n > 0)
		rc = tags_from_tagging(tc, "vpc-lattice:resourceconfiguration", t->rescfg_selector_key, &rl, d);
	for (size_t i = 0; rc == 0 && i < rl.n; i++) {
		struct lat_service *r = &rl.v[i];
		const char *named;

		if (t->rescfg_selector_key != NULL && lat_tags_get(&r->tags, t->rescfg_selector_key) == NULL)
			continue;
		if (r->custom_domain == NULL && t->rescfg_name_tag != NULL &&
		    (named = lat_tags_get(&r->tags, t->rescfg_name_tag)) != NULL && named[0] != '\0') {
			if ((r->custom_domain = strdup(named)) == NULL)
				rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
			r->name_from_tag = 1;
		}
		if (rc == 0)
			rc = lat_rescfg_read_details(lc, r, d);
	}
	for (size_t i = 0; rc == 0 && i < rl.n; i++)
		if ((rc = lat_service_list_push(out, &rl.v[i])) != 0)
			lat_diag_set(d, rc, "out of memory");
	lat_service_list_cleanup(&rl);
	if (rc != 0)
		lat_diag_prefix(d, "account %s region %s: resource configurations", t->account, t->region);
	return rc;
}

/* What the identity check needs to call STS from a pool worker. */
struct whoami_ctx {
	struct awsinv *a;
	const struct lat_inv_target *t;
	struct lat_transport *transport;
};

/* sts:GetCallerIdentity signed with exactly these credentials (a static copy: the provider is locked). */
static int
whoami(void *arg, const struct lat_creds *c, char **account, struct lat_diag *d)
{
	struct whoami_ctx *w = arg;
	const struct lat_aws_setup *s = w->a->setup;
	struct lat_inv_target home = *w->t;
	struct lat_creds_provider *fixed = NULL;
	struct lat_aws_client *sc = NULL;
	char *arn = NULL;
	int rc;

	home.region = s->home_region;
	rc = lat_creds_static_new(c->access_key_id, c->secret_access_key, c->session_token, &fixed, d);
	if (rc == 0)
		rc = client_open(s, "sts", LAT_PROTO_QUERY, &home, fixed, w->transport, &sc, d);
	if (rc == 0)
		rc = lat_sts_get_caller_identity(sc, account, &arn, d);
	client_stats_done(w->a, sc);
	lat_aws_client_free(sc);
	lat_creds_provider_free(fixed);
	free(arn);
	return rc;
}

/*
 * Issue 9: a listing made with another account's credentials (a role_arn in
 * the wrong account, or none and the controller's own account) would read
 * as "every service of this account was deleted". Checked once per
 * credential lifetime; a mismatch fails this listing, so its DNS is held.
 */
static int
check_identity(struct awsinv *a, const struct lat_inv_target *t, struct lat_creds_provider *creds,
    struct lat_transport *tr, struct lat_diag *d)
{
	const struct lat_clock *clk = a->setup->clock ? a->setup->clock : lat_clock_system();
	struct whoami_ctx w = { a, t, tr };
	char *acct = NULL;
	int rc = lat_creds_provider_identity(creds, clk->now_ms(clk->ctx) / 1000, whoami, &w, tr, &acct, d);

	if (rc != 0) {
		lat_diag_prefix(d, "account %s region %s: checking whose credentials these are", t->account, t->region);
	} else if (strcmp(acct, t->account) != 0) {
		rc = lat_diag_set(d, LAT_ECREDS, "account %s region %s: the credentials (%s) belong to account %s, "
		    "not %s; nothing is listed for %s this cycle: give it a role_arn of its own account",
		    t->account, t->region, t->role_arn ? t->role_arn : "the controller's own", acct, t->account,
		    t->account);
	}
	free(acct);
	return rc;
}

/* Lists one (account, region); any failure is kept in the listing, never returned. */
static void
list_one(void *job_args, size_t job, void *worker_ctx)
{
	struct listing_run *r = job_args;
	size_t i = r->order[job];
	const struct lat_aws_setup *s = r->a->setup;
	const struct lat_inv_target *t = &r->targets[i];
	struct lat_inv_listing *l = &r->out[i];
	struct lat_aws_client *lc = NULL, *tc = NULL;
	struct lat_diag d = { 0 };
	int rc;

	if (r->creds[i] == NULL) {
		l->error = r->setup_errors[i];
		r->setup_errors[i] = NULL;
		return;
	}
	rc = check_identity(r->a, t, r->creds[i], worker_ctx, &d);
	if (rc == 0)
		rc = client_open(s, "vpc-lattice", LAT_PROTO_REST_JSON, t, r->creds[i], worker_ctx, &lc, &d);
	if (rc == 0)
		rc = lat_lattice_list_services(lc, t->account, t->region, &l->services, &d);
	if (rc == 0 && s->tag_source_lattice)
		rc = tags_from_lattice(lc, &l->services, &d);
	else if (rc == 0 && (r->selector_key != NULL || (t->resource_configurations && t->rescfg_selector_key))) {
		rc = client_open(s, "tagging", LAT_PROTO_JSON, t, r->creds[i], worker_ctx, &tc, &d);
		if (rc == 0 && r->selector_key != NULL)
			rc = tags_from_tagging(tc, "vpc-lattice:service", r->selector_key, &l->services, &d);
	}
	if (rc == 0 && t->resource_configurations)
		rc = list_rescfgs(s, t, lc, tc, &l->services, &d);
	client_stats_done(r->a, lc);
	client_stats_done(r->a, tc);
	lat_aws_client_free(lc);
	lat_aws_client_free(tc);
	if (rc == 0) {
		l->ok = 1;
	} else {
		/* An incomplete listing must not look like an empty account. */
		lat_service_list_cleanup(&l->services);
		l->error = strdup(lat_diag_msg(&d));
	}
	lat_diag_cleanup(&d);
}

static int
worker_init(void *arg, void **ctx)
{
	struct lat_diag d = { 0 };
	struct lat_transport *t = NULL;
	int rc = lat_http_curl_new(&((const struct lat_aws_setup *)arg)->http, &t, &d);

	lat_diag_cleanup(&d);
	*ctx = t;
	return rc;
}

static void
worker_fini(void *ctx)
{
	lat_transport_free(ctx);
}

static int
new_transport(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	return lat_http_curl_new(&((const struct lat_aws_setup *)arg)->http, out, d);
}

/* The cached provider for a role, created on first use. */
static int
role_creds(struct awsinv *a, const struct lat_inv_target *t, struct lat_creds_provider **out,
    struct lat_diag *d)
{
	const struct lat_aws_setup *s = a->setup;
	struct lat_buf key = { 0 };
	struct lat_endpoint sts = { 0 };
	struct role *v;
	int rc;

	if (t->role_arn == NULL) {
		*out = s->base;
		return 0;
	}
	lat_buf_addf(&key, "%s\n%s", t->role_arn, t->external_id ? t->external_id : "");
	if ((rc = lat_buf_status(&key)) != 0)
		return lat_diag_set(d, rc, "out of memory");
	for (size_t i = 0; i < a->nroles; i++) {
		if (strcmp(a->roles[i].key, lat_buf_str(&key)) == 0) {
			*out = a->roles[i].creds;
			lat_buf_cleanup(&key);
			return 0;
		}
	}
	v = realloc(a->roles, (a->nroles + 1) * sizeof(*v));
	if (v == NULL) {
		lat_buf_cleanup(&key);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	a->roles = v;
	rc = lat_endpoint_resolve(s->env, "sts", s->home_region, &sts, d);
	if (rc == 0) {
		struct lat_assume_role_opts o = {
			.role_arn = t->role_arn,
			.external_id = t->external_id,
			.session_name = "latticedns-inventory",
			.duration_s = 3600,
			.region = sts.signing_region,
			.sts_endpoint = sts.url,
			.base = s->base,
			.new_transport = new_transport,
			.transport_arg = (void *)s,
			.clock = s->clock,
			.max_attempts = s->max_attempts,
			.cancel = s->cancel,
			.observer = s->observer,
			.keys = s->sigkeys,
		};
		rc = lat_creds_assume_role_new(&o, &v[a->nroles].creds, d);
	}
	lat_endpoint_cleanup(&sts);
	if (rc != 0) {
		lat_buf_cleanup(&key);
		return rc;
	}
	v[a->nroles].key = lat_buf_take(&key);
	*out = v[a->nroles].creds;
	a->nroles++;
	return 0;
}

static int
listing_prepare(struct listing_run *r, size_t n, struct lat_diag *d)
{
	for (size_t i = 0; i < n; i++) {
		struct lat_diag e = { 0 };

		r->out[i].account = strdup(r->targets[i].account);
		r->out[i].region = strdup(r->targets[i].region);
		if (r->out[i].account == NULL || r->out[i].region == NULL)
			return lat_diag_set(d, LAT_ENOMEM, "out of memory");
		if (role_creds(r->a, &r->targets[i], &r->creds[i], &e) != 0) {
			if (e.err == LAT_ENOMEM) {
				lat_diag_move(d, &e);
				return LAT_ENOMEM;
			}
			r->setup_errors[i] = strdup(lat_diag_msg(&e));
		}
		lat_diag_cleanup(&e);
	}
	return 0;
}

/* Sorts targets by (provider, index), then by (rank within their provider, index). */
struct rank_key {
	uintptr_t creds;
	size_t rank, i;
};

static int
by_creds(const void *x, const void *y)
{
	const struct rank_key *a = x, *b = y;

	if (a->creds != b->creds)
		return a->creds < b->creds ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static int
by_rank(const void *x, const void *y)
{
	const struct rank_key *a = x, *b = y;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * The order the pool takes the targets in: every role's first target before
 * any role's second. The first fetches the role's credentials and asks whose
 * they are; the second region of the account, started later, finds both
 * cached instead of holding a worker while it waits for them.
 */
static int
listing_order(struct listing_run *r, size_t n)
{
	struct rank_key *k = calloc(n, sizeof(*k));

	if (k == NULL)
		return LAT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct rank_key){ .creds = (uintptr_t)r->creds[i], .i = i };
	qsort(k, n, sizeof(*k), by_creds);
	for (size_t i = 0; i < n; i++)
		k[i].rank = i > 0 && k[i].creds == k[i - 1].creds && k[i].creds != 0 ? k[i - 1].rank + 1 : 0;
	qsort(k, n, sizeof(*k), by_rank);
	for (size_t j = 0; j < n; j++)
		r->order[j] = k[j].i;
	free(k);
	return 0;
}

static int
inv_list(void *ctx, const struct lat_inv_target *targets, size_t n, const char *selector_key,
    struct lat_inv_result *out, struct lat_diag *d)
{
	struct awsinv *a = ctx;
	struct listing_run r = { .a = a, .targets = targets, .selector_key = selector_key };
	int rc = LAT_ENOMEM;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;
	r.out = calloc(n, sizeof(*r.out));
	if (r.out != NULL) {
		out->v = r.out;
		out->n = n;
	}
	r.creds = calloc(n, sizeof(*r.creds));
	r.setup_errors = calloc(n, sizeof(*r.setup_errors));
	r.order = calloc(n, sizeof(*r.order));
	if (r.out == NULL || r.creds == NULL || r.setup_errors == NULL || r.order == NULL) {
		lat_diag_set(d, LAT_ENOMEM, "out of memory listing %zu accounts and regions", n);
		goto out;
	}
	if ((rc = listing_prepare(&r, n, d)) != 0)
		goto out;
	if ((rc = listing_order(&r, n)) != 0) {
		lat_diag_set(d, rc, "out of memory listing %zu accounts and regions", n);
		goto out;
	}
	struct lat_pool_spec spec = {
		.nthreads = a->setup->concurrency ? a->setup->concurrency : 1,
		.njobs = n,
		.run = list_one,
		.job_args = &r,
		.worker_init = worker_init,
		.worker_fini = worker_fini,
		.init_arg = (void *)a->setup,
	};
	rc = lat_pool_run(&spec, d);
	if (rc == 0 && a->setup->cancel != NULL && *a->setup->cancel)
		rc = lat_diag_set(d, LAT_ECANCELED, "stopped while listing services");
out:
	if (rc != 0)
		lat_inv_result_cleanup(out);
	for (size_t i = 0; r.setup_errors != NULL && i < n; i++)
		free(r.setup_errors[i]);
	free(r.setup_errors);
	free(r.creds);
	free(r.order);
	return rc;
}

static void
inv_stats(void *ctx, lat_stat_fn fn, void *arg)
{
	struct awsinv *a = ctx;

	pthread_mutex_lock(&a->mu);
	for (size_t i = 0; i < a->nstats; i++)
		fn(arg, a->stats[i].service, a->stats[i].operation, a->stats[i].calls, a->stats[i].errors);
	pthread_mutex_unlock(&a->mu);
}

static void
inv_free(void *ctx)
{
	struct awsinv *a = ctx;

	if (a == NULL)
		return;
	for (size_t i = 0; i < a->nroles; i++) {
		free(a->roles[i].key);
		lat_creds_provider_free(a->roles[i].creds);
	}
	for (size_t i = 0; i < a->nstats; i++) {
		free(a->stats[i].service);
		free(a->stats[i].operation);
	}
	free(a->roles);
	free(a->stats);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

int
lat_awsinv_new(const struct lat_aws_setup *setup, struct lat_inventory **out, struct lat_diag *d)
{
	struct awsinv *a = calloc(1, sizeof(*a));
	struct lat_inventory *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (a == NULL || t == NULL || pthread_mutex_init(&a->mu, NULL) != 0) {
		free(a);
		free(t);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory creating the inventory provider");
	}
	a->setup = setup;
	*t = (struct lat_inventory){
		.list = inv_list,
		.stats = inv_stats,
		.free = inv_free,
		.ctx = a,
	};
	*out = t;
	return 0;
}
