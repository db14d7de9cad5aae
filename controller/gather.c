/* gather.c - the inventory stage: targets from the config, the listing, its gate and rows, the merged services. */
#include "controller/gather.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "controller/config.h"
#include "common/clock.h"
#include "state/store.h"

static int64_t
now_ms(const struct lat_gather_opts *o)
{
	const struct lat_clock *clk = o->clock ? o->clock : lat_clock_system();

	return clk->now_ms(clk->ctx);
}

/* Every (account, region) of the config, in its order. */
static int
make_targets(struct lat_gather *g, const struct lat_gather_opts *o, struct lat_diag *d)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < o->cfg->naccounts; i++)
		n += o->cfg->accounts[i].nregions;
	g->targets = calloc(n ? n : 1, sizeof(*g->targets));
	if (g->targets == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->cfg->naccounts; i++) {
		const struct lat_config_account *a = &o->cfg->accounts[i];

		for (size_t j = 0; j < a->nregions; j++)
			g->targets[k++] = (struct lat_inv_target){
				.account = a->id, .role_arn = a->role_arn,
				.external_id = a->external_id, .region = a->regions[j],
				.resource_configurations = o->cfg->rescfg.enabled,
				.rescfg_selector_key = o->cfg->rescfg.selector_key ? o->cfg->rescfg.selector_key :
				    o->cfg->selector_key,
				.rescfg_name_tag = o->cfg->rescfg.name_tag,
			};
	}
	g->ntargets = n;
	return 0;
}

/*
 * A service shared through AWS RAM appears in the listing of every account it
 * is shared with, but only its owner's listing carries its tags (the Tagging
 * API answers for what an account owns). One service per ARN, and the
 * owner's view of it wins, whatever order the listings finished in.
 */
struct seen {
	struct lat_service *s;
	int rank;                 /* 0: listed by its owner; 1: by an account it is shared with */
};

static int
cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->s->arn, y->s->arn);

	return c != 0 ? c : x->rank - y->rank;
}

/*
 * The services move from the listings into g->services (not copied: at
 * 20,000 services a second copy is ~20 MiB of the cycle's peak); what stays
 * behind, a shared service's less authoritative sighting, is freed here.
 * The listings keep their outcome (ok, error) for the accounts' view.
 */
static int
merge_services(struct lat_gather *g, struct lat_diag *d)
{
	struct seen *v;
	size_t n = 0, cap = 0;
	const char *last = NULL;
	int rc = 0;

	for (size_t i = 0; i < g->inv.n; i++)
		if (g->inv.v[i].ok)
			cap += g->inv.v[i].services.n;
	if ((v = malloc((cap ? cap : 1) * sizeof(*v))) == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory merging services");
	for (size_t i = 0; i < g->inv.n; i++) {
		struct lat_inv_listing *l = &g->inv.v[i];

		for (size_t j = 0; l->ok && j < l->services.n; j++) {
			struct lat_service *s = &l->services.v[j];

			v[n++] = (struct seen){ s, !lat_service_listed_by_owner(s) };
		}
	}
	lat_sort(v, n, sizeof(*v), cmp_seen);
	for (size_t i = 0; i < n && rc == 0; i++) {
		/* The same service seen again, from a less authoritative listing; last stays valid, as
		 * the moved string belongs to g->services now. */
		if (last != NULL && strcmp(v[i].s->arn, last) == 0)
			continue;
		last = v[i].s->arn;
		if (lat_service_list_push(&g->services, v[i].s) != 0)
			rc = lat_diag_set(d, LAT_ENOMEM, "out of memory merging services");
	}
	free(v);
	for (size_t i = 0; i < g->inv.n; i++)
		lat_service_list_cleanup(&g->inv.v[i].services);
	return rc;
}

/* The core's view of the accounts: which regions listed OK this cycle. */
static int
make_accounts(struct lat_gather *g, const struct lat_gather_opts *o, struct lat_diag *d)
{
	size_t k = 0;

	g->accounts = calloc(o->cfg->naccounts ? o->cfg->naccounts : 1, sizeof(*g->accounts));
	g->regions = calloc(g->ntargets ? g->ntargets : 1, sizeof(*g->regions));
	if (g->accounts == NULL || g->regions == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->cfg->naccounts; i++) {
		const struct lat_config_account *a = &o->cfg->accounts[i];

		g->accounts[i] = (struct lat_core_account){
			.id = a->id,
			.allowed_domains = (const char *const *)a->allowed_domains,
			.nallowed = a->nallowed,
			.regions = &g->regions[k],
			.nregions = a->nregions,
			.service_network = a->service_network,
		};
		for (size_t j = 0; j < a->nregions; j++, k++) {
			const struct lat_inv_listing *l = &g->inv.v[k];

			g->regions[k] = (struct lat_core_region){
				.name = a->regions[j], .listed_ok = l->ok, .error = l->error,
			};
		}
	}
	return 0;
}

/*
 * The sanity gate (issue 9): an (account, region) whose last successful
 * listing had services and that now lists none looks like a listing gone
 * wrong (an emptied answer, the wrong account) more than like every service
 * deleted at once. Its deletions are held for this one cycle (the listing
 * counts as failed: reported, exit 3); the count recorded now lets the next
 * cycle proceed. --force skips the gate.
 */
static int
sanity_gate(const struct lat_gather_opts *o, struct lat_inv_listing *l, struct lat_diag *d)
{
	struct lat_buf why = { 0 };
	long before = 0;
	int ok = -1, rc;

	if (!l->ok || l->services.n > 0 || o->force)
		return 0;
	if ((rc = lat_state_inventory_get(o->st, l->account, l->region, &ok, &before, d)) != 0)
		return rc;
	if (ok != 1 || before <= 0)
		return 0;
	lat_buf_addf(&why, "listed 0 services where the last successful listing had %ld; its deletions are held "
	    "for this cycle (run again to accept it, or pass --force)", before);
	if ((rc = lat_buf_status(&why)) != 0)
		return lat_diag_set(d, rc, "out of memory");
	free(l->error);
	l->error = lat_buf_take(&why);
	l->ok = 0;
	lat_buf_cleanup(&why);
	return 0;
}

/* Each listing's outcome: the sanity gate, the log, its inventory row. */
static int
listing_outcomes(struct lat_gather *g, const struct lat_gather_opts *o, struct lat_diag *d)
{
	int rc;

	for (size_t i = 0; i < g->inv.n; i++) {
		struct lat_inv_listing *l = &g->inv.v[i];
		int listed_ok = l->ok;

		if ((rc = sanity_gate(o, l, d)) != 0)
			return rc;
		/* After the gate, which may replace l->error. */
		struct lat_log_field f[] = { LAT_LOG_S("account", l->account), LAT_LOG_S("region", l->region),
			LAT_LOG_I("services", l->services.n), LAT_LOG_S("error", l->error) };

		if (!l->ok) {
			g->failed_accounts++;
			lat_log_fields(LAT_LOG_WARN, "account", f, 4, "account %s region %s not listed, its DNS is "
			    "held: %s", l->account, l->region, l->error ? l->error : "unknown error");
		} else {
			lat_log_fields(LAT_LOG_DEBUG, "account", f, 3, "account %s region %s: %zu services",
			    l->account, l->region, l->services.n);
		}
		/* What was listed is recorded, the gate's doubt is not: it holds one cycle only. */
		if (!o->dry_run &&
		    (rc = lat_state_inventory_put(o->st, l->account, l->region, listed_ok,
		    listed_ok ? NULL : l->error, (long)l->services.n, now_ms(o), d)) != 0)
			return rc;
	}
	return 0;
}

int
lat_gather_run(struct lat_gather *g, const struct lat_gather_opts *o, struct lat_diag *d)
{
	struct lat_inventory *inv = o->inv;
	int rc;

	if ((rc = make_targets(g, o, d)) != 0)
		return rc;
	rc = inv->list(inv->ctx, g->targets, g->ntargets, o->cfg->selector_key, &g->inv, d);
	if (rc != 0)
		return rc;
	/* The cycle's inventory rows in one transaction: 2,000 listings are one commit, not 2,000. */
	if (!o->dry_run && (rc = lat_state_begin(o->st, d)) != 0)
		return rc;
	rc = listing_outcomes(g, o, d);
	if (!o->dry_run && rc == 0)
		rc = lat_state_commit(o->st, d);
	else if (!o->dry_run)
		lat_state_rollback(o->st);
	if (rc != 0)
		return rc;
	if ((rc = merge_services(g, d)) != 0)
		return rc;
	return make_accounts(g, o, d);
}

void
lat_gather_cleanup(struct lat_gather *g)
{
	free(g->targets);
	lat_inv_result_cleanup(&g->inv);
	lat_service_list_cleanup(&g->services);
	free(g->accounts);
	free(g->regions);
	memset(g, 0, sizeof(*g));
}
