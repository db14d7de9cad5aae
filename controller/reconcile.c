/* reconcile.c - one cycle, the I/O shell around the pure core: gather, plan, apply, record. */
#include "controller/reconcile.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "controller/apply.h"
#include "controller/config.h"
#include "controller/gather.h"
#include "controller/migrun.h"
#include "controller/report.h"
#include "controller/model.h"
#include "controller/planfmt.h"
#include "controller/zoneread.h"
#include "common/clock.h"
#include "state/store.h"

/* What one cycle holds between its steps; cleaned up at the end. */
struct cycle {
	const struct lat_reconcile_opts *o;
	const struct lat_config *cfg;
	struct lat_reconcile_result *res;
	int64_t run_id;
	struct lat_gather g;       /* the inventory stage: the listings, the merged services, the accounts */
	struct lat_core_zone *zones;
	struct lat_rrset_list *live;
	struct lat_tags *tags;
	char **zone_names;
	char **zone_errors;       /* why zone i was not read this cycle, or NULL */
	struct lat_owned_list owned;
	struct lat_plan plan;
	struct lat_api_counts calls;
	struct lat_zoneread zr;   /* the read stage: its thread, the zone views */
};

static int64_t
now_ms(const struct cycle *c)
{
	const struct lat_clock *clk = c->o->clock ? c->o->clock : lat_clock_system();

	return clk->now_ms(clk->ctx);
}

/* Step 1 (gather.c); its failed listings count in the cycle's result, even when it stops. */
static int
inventory(struct cycle *c, struct lat_diag *d)
{
	struct lat_gather_opts go = {
		.cfg = c->cfg, .inv = c->o->inv, .st = c->o->st, .clock = c->o->clock,
		.dry_run = c->o->dry_run, .force = c->o->force,
	};
	int rc = lat_gather_run(&c->g, &go, d);

	c->res->failed_accounts += c->g.failed_accounts;
	return rc;
}

/*
 * The read stage starts before the listing and runs beside it (issue 11):
 * GetHostedZone, the zone tags and the records (or the check of the stored
 * view) spend the Route 53 budget, the listing spends STS, Lattice and
 * Tagging's. The arrays it fills belong to the cycle.
 */
static int
live_start(struct cycle *c, struct lat_diag *d)
{
	size_t n = c->cfg->nzones;

	c->zones = calloc(n ? n : 1, sizeof(*c->zones));
	c->live = calloc(n ? n : 1, sizeof(*c->live));
	c->tags = calloc(n ? n : 1, sizeof(*c->tags));
	c->zone_names = calloc(n ? n : 1, sizeof(*c->zone_names));
	c->zone_errors = calloc(n ? n : 1, sizeof(*c->zone_errors));
	if (c->zones == NULL || c->live == NULL || c->tags == NULL || c->zone_names == NULL ||
	    c->zone_errors == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	c->zr = (struct lat_zoneread){
		.cfg = c->cfg, .dns = c->o->dns, .st = c->o->st, .now_ms = now_ms(c),
		.full_scan = c->o->full_scan, .startup = c->o->startup,
		.live = c->live, .tags = c->tags, .names = c->zone_names, .errors = c->zone_errors,
	};
	return lat_zoneread_start(&c->zr, d);
}

/* The core's view of each zone, as read so far; called again after each refinement. */
static void
core_zones(struct cycle *c)
{
	for (size_t i = 0; i < c->cfg->nzones; i++)
		c->zones[i] = (struct lat_core_zone){
			.id = c->cfg->zones[i].id, .name = c->zone_names[i], .live = &c->live[i], .tags = &c->tags[i],
			.tag_limit = c->cfg->zone_tag_limit, .unread = c->zone_errors[i], .read = c->zr.z[i].read,
			.adopt = c->cfg->zones[i].adopt,
			.style = &c->cfg->zones[i].style, .public_zone = !c->zr.z[i].private_zone,
		};
}

static int
live(struct cycle *c, struct lat_diag *d)
{
	int rc;

	if ((rc = lat_zoneread_join(&c->zr, d)) != 0)
		return rc;
	c->res->failed_zones += c->zr.failed_zones;
	c->zr.failed_zones = 0;
	for (size_t i = 0; i < c->cfg->nzones; i++) {
		/*
		 * The ledger decides ownership in state mode; in tags mode it is read
		 * too, so rows it already holds are not written again.
		 */
		if ((rc = lat_state_owned_load(c->o->st, c->cfg->zones[i].id, &c->owned, d)) != 0)
			return rc;
	}
	core_zones(c);
	lat_apply_ledger_sort(&c->owned);
	c->res->zones_read = 1;
	return 0;
}

static void
collect_calls(struct cycle *c)
{
	lat_api_counts_cleanup(&c->calls);
	if (c->o->inv->stats != NULL)
		c->o->inv->stats(c->o->inv->ctx, lat_api_counts_add, &c->calls);
	if (c->o->dns->stats != NULL)
		c->o->dns->stats(c->o->dns->ctx, lat_api_counts_add, &c->calls);
}

static void
core_input(struct cycle *c, struct lat_core_input *out)
{
	struct lat_core_input in = {
		.selector_key = c->cfg->selector_key,
		.selector_value = c->cfg->selector_value,
		.ownership = c->cfg->ownership,
		.zones = c->zones,
		.nzones = c->cfg->nzones,
		.accounts = c->g.accounts,
		.naccounts = c->cfg->naccounts,
		.services = &c->g.services,
		.owned = &c->owned,
		.max_delete_percent = c->cfg->max_delete_percent,
		.min_records_for_threshold = c->cfg->min_records_for_threshold,
		.force = c->o->force,
		.overwrite = c->cfg->overwrite,
		.conflicts = c->cfg->conflicts,
		.owner_id = c->cfg->owner_id,
		.txt_prefix = c->cfg->txt_prefix,
		.rescfg_selector_key = c->cfg->rescfg.selector_key,
		.rescfg_selector_value = c->cfg->rescfg.selector_value,
		.publish_managed = c->cfg->rescfg.publish_managed,
	};

	*out = in;
}

static int
plan_once(struct cycle *c, struct lat_diag *d)
{
	struct lat_core_input in;
	const struct lat_plan_summary *s = &c->plan.summary;
	int rc;

	core_input(c, &in);
	rc = lat_plan_build(&in, &c->plan, d);

	if (rc != 0)
		return rc;
	c->res->create = s->create;
	c->res->update = s->update;
	c->res->del = s->del;
	c->res->tags_add = s->tags_add;
	c->res->tags_remove = s->tags_remove;
	c->res->skipped = (long)c->plan.nskipped;
	c->res->conflicts = (long)c->plan.nconflicts;
	c->res->held = (long)c->plan.nheld;
	c->res->blocked = (long)c->plan.nblocked;
	c->res->safety_blocked = c->plan.safety_blocked;
	return 0;
}

/*
 * A zone planned from its view is re-read at each name the plan changes
 * and planned again with what those names hold now, until the plan changes
 * no name it has not read: a round only adds names, and past a full read's
 * worth of them the zone is read whole, so this ends.
 */
static int
plan(struct cycle *c, struct lat_diag *d)
{
	for (;;) {
		int again = 0, rc = plan_once(c, d);

		for (size_t i = 0; rc == 0 && i < c->plan.nzones && i < c->cfg->nzones; i++)
			rc = lat_zoneread_refine(&c->zr, i, &c->plan.zones[i], &again, d);
		c->res->failed_zones += c->zr.failed_zones;
		c->zr.failed_zones = 0;
		if (rc != 0)
			return rc;
		if (!again) {
			lat_zoneread_log(&c->zr);
			return 0;
		}
		core_zones(c);
		lat_plan_cleanup(&c->plan);
	}
}

/*
 * After zone i's apply, its view becomes what Route 53 now holds; any write
 * of the zone that failed (refused, not sent, not confirmed) drops it, so
 * the next cycle reads the zone whole.
 */
static int
view_record(struct cycle *c, size_t i, long failed_before, long unconfirmed_before, int rc_apply,
    struct lat_diag *d)
{
	const struct lat_plan_zone *pz = &c->plan.zones[i];
	int wrote_ok = rc_apply == 0 && c->res->failed_changes == failed_before &&
	    c->res->unconfirmed == unconfirmed_before;
	int applied = !(pz->safety_blocked && !c->o->force);
	struct lat_diag e = { 0 };
	int rc;

	if (c->o->dry_run || lat_state_readonly(c->o->st))
		return 0;
	rc = lat_zoneread_record(&c->zr, i, pz, applied, wrote_ok, c->run_id, rc_apply == 0 ? d : &e);
	if (rc_apply != 0 && rc != 0)
		lat_log(LAT_LOG_WARN, "state", "%s", lat_diag_msg(&e));
	lat_diag_cleanup(&e);
	return rc_apply != 0 ? rc_apply : rc;
}

static int
print_plan(struct cycle *c, struct lat_diag *d)
{
	struct lat_buf b = { 0 };
	int rc;

	if (c->o->plan_out == NULL)
		return 0;
	collect_calls(c);
	rc = c->o->output == LAT_OUT_JSON ? lat_planfmt_json(&c->plan, &c->calls, &b) :
	    lat_planfmt_text(&c->plan, &b);
	if (rc != 0) {
		lat_buf_cleanup(&b);
		return lat_diag_set(d, rc, "out of memory formatting the plan");
	}
	fputs(lat_buf_str(&b), c->o->plan_out);
	fflush(c->o->plan_out);
	lat_buf_cleanup(&b);
	return 0;
}


/*
 * Zone pz's apply (apply.c), given what the cycle knows: the ledger it
 * read, and, in state mode, the zone's records when they were read whole.
 */
static int
apply_zone(struct cycle *c, const struct lat_plan_zone *pz, struct lat_diag *d)
{
	struct lat_apply a = {
		.dns = c->o->dns, .st = c->o->st, .clock = c->o->clock, .cancel = c->o->cancel,
		.metrics = c->o->metrics, .run_id = c->run_id, .force = c->o->force, .owned = &c->owned,
		.res = c->res,
	};
	const struct lat_rrset_list *whole = NULL;

	/* Only a zone read whole this cycle is evidence that a record is gone: an unread zone's
	 * empty list would drop every ledger row and leave its records owned by nothing. */
	for (size_t i = 0; whole == NULL && c->cfg->ownership == LAT_OWN_STATE && i < c->cfg->nzones; i++)
		if (strcmp(c->cfg->zones[i].id, pz->id) == 0 && lat_zoneread_whole(&c->zr, i))
			whole = &c->live[i];
	return lat_apply_zone(&a, pz, whole, d);
}

static int
exit_code(const struct cycle *c)
{
	const struct lat_reconcile_result *r = c->res;
	int undone = r->failed_accounts || r->conflicts || r->safety_blocked || r->failed_changes ||
	    r->blocked || r->failed_zones || r->unconfirmed;
	int changes = r->create || r->update || r->del || r->tags_add || r->tags_remove;

	if (undone)
		return LAT_EXIT_UNDONE;
	return c->o->dry_run && changes ? LAT_EXIT_CHANGES : LAT_EXIT_OK;
}

static void
record_calls(void *arg, const char *service, const char *operation, long calls, long errors)
{
	struct cycle *c = arg;
	struct lat_diag e = { 0 };

	if (lat_state_run_api_calls(c->o->st, c->run_id, service, operation, calls, errors, &e) != 0)
		lat_log(LAT_LOG_WARN, "state", "%s", lat_diag_msg(&e));
	lat_diag_cleanup(&e);
}

static void
run_end(struct cycle *c, int rc, const struct lat_diag *d)
{
	const struct lat_reconcile_result *r = c->res;
	struct lat_run_summary s = {
		.outcome = rc == LAT_ECANCELED ? "canceled" : rc != 0 ? "failed" :
		    r->exit_code == LAT_EXIT_UNDONE ? "undone" : "ok",
		.exit_code = r->exit_code,
		.create = c->o->dry_run ? r->create : r->applied_create,
		.update = c->o->dry_run ? r->update : r->applied_update,
		.del = c->o->dry_run ? r->del : r->applied_del,
		.safety_held = r->safety_held,
		.tags_add = r->tags_add, .tags_remove = r->tags_remove,
		.skipped = r->skipped, .conflicts = r->conflicts, .held = r->held,
		.failed_accounts = r->failed_accounts,
		.error = rc != 0 ? lat_diag_msg(d) : NULL,
	};
	struct lat_diag e = { 0 };

	if (c->run_id == 0)
		return;
	if (c->o->inv->stats != NULL)
		c->o->inv->stats(c->o->inv->ctx, record_calls, c);
	if (c->o->dns->stats != NULL)
		c->o->dns->stats(c->o->dns->ctx, record_calls, c);
	if (lat_state_run_end(c->o->st, c->run_id, now_ms(c), &s, &e) != 0 ||
	    lat_state_prune_runs(c->o->st, LAT_STATE_KEEP_RUNS, &e) != 0)
		lat_log(LAT_LOG_WARN, "state", "%s", lat_diag_msg(&e));
	lat_diag_cleanup(&e);
}

static void
cycle_cleanup(struct cycle *c)
{
	size_t nz = c->cfg->nzones;

	/* First: it joins the reader thread, which writes into the arrays freed below. */
	lat_zoneread_cleanup(&c->zr);
	lat_gather_cleanup(&c->g);
	for (size_t i = 0; i < nz; i++) {
		if (c->live != NULL)
			lat_rrset_list_cleanup(&c->live[i]);
		if (c->tags != NULL)
			lat_tags_cleanup(&c->tags[i]);
		if (c->zone_names != NULL)
			free(c->zone_names[i]);
		if (c->zone_errors != NULL)
			free(c->zone_errors[i]);
	}
	free(c->zone_errors);
	free(c->zones);
	free(c->live);
	free(c->tags);
	free(c->zone_names);
	lat_owned_list_cleanup(&c->owned);
	lat_plan_cleanup(&c->plan);
	lat_api_counts_cleanup(&c->calls);
}

/* `latticedns migrate`: the same inventory and zones as a cycle, then migrate.c instead of plan and apply. */
static int
migrate(struct cycle *c, int rc, struct lat_diag *d)
{
	struct lat_core_input in;
	struct lat_migrun_opts mo = {
		.in = &in, .to = (enum lat_ownership)c->o->migrate_to, .config_path = c->cfg->path,
		.dns = c->o->dns, .st = c->o->st, .dry_run = c->o->dry_run, .out = c->o->plan_out,
		.now_ms = now_ms(c), .cancel = c->o->cancel,
	};

	core_input(c, &in);
	rc = lat_migrun_run(&mo, &c->res->exit_code, &c->res->write_calls, d);
	if (rc != 0)
		c->res->exit_code = LAT_EXIT_FATAL;
	run_end(c, rc, d);
	cycle_cleanup(c);
	return rc;
}

int
lat_reconcile_run(const struct lat_reconcile_opts *o, struct lat_reconcile_result *res,
    struct lat_diag *d)
{
	struct cycle c = { .o = o, .cfg = o->cfg, .res = res };
	int rc;

	memset(res, 0, sizeof(*res));
	/* A dry run on a read-only database leaves no run record (run_end skips run_id 0). */
	rc = o->dry_run && lat_state_readonly(o->st) ? 0 :
	    lat_state_run_begin(o->st, now_ms(&c), o->dry_run ? "dry-run" : "apply", &c.run_id, d);
	if (rc == 0)
		rc = live_start(&c, d);
	if (rc == 0)
		rc = inventory(&c, d);
	/* Joined whatever the listing did: the reads' own fatal error comes after the listing's. */
	if (rc == 0)
		rc = live(&c, d);
	if (rc == 0 && o->migrate)
		return migrate(&c, rc, d);
	if (rc == 0)
		rc = plan(&c, d);
	if (rc == 0)
		rc = print_plan(&c, d);
	for (size_t i = 0; rc == 0 && !o->dry_run && i < c.plan.nzones; i++) {
		long failed = res->failed_changes, unconfirmed = res->unconfirmed;

		rc = apply_zone(&c, &c.plan.zones[i], d);
		rc = view_record(&c, i, failed, unconfirmed, rc, d);
	}
	res->exit_code = rc != 0 ? LAT_EXIT_FATAL : exit_code(&c);
	run_end(&c, rc, d);
	struct lat_report_cycle rep = {
		.rc = rc, .error = rc != 0 ? lat_diag_msg(d) : NULL, .res = res, .plan = &c.plan, .inv = &c.g.inv,
		.zones = c.zones, .nzones = c.zones != NULL ? o->cfg->nzones : 0, .tag_limit = o->cfg->zone_tag_limit,
		.dry_run = o->dry_run, .force = o->force, .end_ms = now_ms(&c),
	};

	lat_report_cycle(o->metrics, &rep);
	cycle_cleanup(&c);
	return rc;
}
