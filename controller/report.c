/* report.c - the cycle's account to the operator: change lines in the log, the metrics at the end. */
#include "controller/report.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "controller/cli.h"
#include "controller/metrics.h"
#include "controller/resource.h"

static const char *const action_names[] = { "create", "update", "delete" };

const char *
lat_report_action(enum lat_change_kind k)
{
	return action_names[k];
}

const char *
lat_report_account(const struct lat_plan_change *ch, struct lat_buf *b)
{
	const char *p = ch->service_arn;

	if (ch->account != NULL || p == NULL)
		return ch->account;
	/* arn:aws:vpc-lattice:REGION:ACCOUNT:service/ID: the fifth field. */
	for (int field = 0; field < 4 && p != NULL; field++)
		p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL;
	if (p == NULL || strchr(p, ':') == NULL)
		return NULL;
	lat_buf_add(b, p, (size_t)(strchr(p, ':') - p));
	return lat_buf_status(b) == 0 && b->len > 0 ? lat_buf_str(b) : NULL;
}

/* What a record points at, for the log: the alias target, or its first value. */
static const char *
target_of(const struct lat_rrset *r)
{
	if (r->alias_dns_name != NULL)
		return r->alias_dns_name;
	return r->nvalues > 0 ? r->values[0] : NULL;
}

/*
 * One line per change Route 53 accepted, with the fields an auditor asks
 * for, so the log alone says who changed what.
 */
void
lat_report_accepted(struct lat_metrics *m, const struct lat_plan_zone *pz, const size_t *idx, size_t n,
    const char *change_id, long applied[3])
{
	long count[3] = { 0 };

	for (size_t i = 0; i < n; i++) {
		const struct lat_plan_change *ch = &pz->changes[idx[i]];
		const struct lat_rrset *r = &ch->rrset;
		struct lat_buf acc = { 0 };
		const char *account = lat_report_account(ch, &acc);
		struct lat_log_field f[] = {
			LAT_LOG_S("zone", pz->id), LAT_LOG_S("action", action_names[ch->kind]),
			LAT_LOG_S("name", r->name), LAT_LOG_S("type", r->type), LAT_LOG_S("target", target_of(r)),
			LAT_LOG_S("service_arn", ch->service_arn), LAT_LOG_S("account", account),
			LAT_LOG_S("change_id", change_id),
		};

		count[ch->kind]++;
		lat_log_fields(LAT_LOG_INFO, "change", f, sizeof(f) / sizeof(f[0]), "%s %s %s -> %s (%s %s, "
		    "account %s, change %s)", action_names[ch->kind], r->type, r->name,
		    target_of(r) ? target_of(r) : "-", lat_resource_label(lat_resource_kind_of_arn(ch->service_arn)),
		    ch->service_arn ? ch->service_arn : "-",
		    account ? account : "-", change_id ? change_id : "-");
		lat_buf_cleanup(&acc);
	}
	for (int k = 0; k < 3; k++) {
		applied[k] += count[k];
		lat_metrics_changes_applied(m, pz->id, action_names[k], count[k]);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The counter of the kind arn names: a service's, or a resource configuration's. */
static long *
counter(struct lat_metrics_cycle *mc, const char *arn, enum lat_metrics_svc state)
{
	return lat_resource_kind_of_arn(arn) == LAT_RES_RESCFG ? &mc->rescfgs[state] : &mc->services[state];
}

static void
count_notes(struct lat_metrics_cycle *mc, const struct lat_plan_note *v, size_t n, enum lat_metrics_svc state)
{
	for (size_t i = 0; i < n; i++)
		(*counter(mc, v[i].service_arn, state))++;
}

/* Services and resource configurations with DNS this cycle: distinct owners of the records the plan keeps. */
static void
count_active(struct lat_metrics_cycle *mc, const struct lat_plan *p)
{
	size_t n = 0, k = 0;
	const char **v;

	for (size_t i = 0; i < p->nzones; i++)
		n += p->zones[i].owned_after.n;
	if ((v = calloc(n ? n : 1, sizeof(*v))) == NULL)
		return;
	for (size_t i = 0; i < p->nzones; i++)
		for (size_t j = 0; j < p->zones[i].owned_after.n; j++)
			if (p->zones[i].owned_after.v[j].service_arn != NULL)
				v[k++] = p->zones[i].owned_after.v[j].service_arn;
	lat_sort(v, k, sizeof(*v), cmp_str);
	for (size_t i = 0; i < k; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			(*counter(mc, v[i], LAT_SVC_ACTIVE))++;
	free(v);
}

static long
zone_tag_count(const struct lat_report_cycle *in, const char *id)
{
	for (size_t i = 0; in->zones != NULL && i < in->nzones; i++)
		if (in->zones[i].id != NULL && in->zones[i].tags != NULL && strcmp(in->zones[i].id, id) == 0)
			return (long)in->zones[i].tags->n;
	return 0;
}

static enum lat_metrics_outcome
outcome(const struct lat_report_cycle *in)
{
	if (in->rc != 0)
		return LAT_OUTCOME_FAILED;
	if (in->res->exit_code == LAT_EXIT_UNDONE)
		return LAT_OUTCOME_PARTIAL;
	return in->res->write_calls > 0 ? LAT_OUTCOME_CHANGED : LAT_OUTCOME_CONVERGED;
}

void
lat_report_cycle(struct lat_metrics *m, const struct lat_report_cycle *in)
{
	const struct lat_reconcile_result *r = in->res;
	const struct lat_plan *p = in->plan;
	struct lat_metrics_zone *zones;
	struct lat_metrics_cycle mc = {
		.outcome = outcome(in), .end_ms = in->end_ms, .zones_read = r->zones_read,
		.error = in->rc != 0 ? in->error : NULL,
	};

	if (m == NULL || in->rc == LAT_ECANCELED)
		return;
	for (size_t i = 0; i < in->inv->n; i++)
		mc.accounts_listed += in->inv->v[i].ok != 0;
	mc.accounts_failed = (long)in->inv->n - mc.accounts_listed;
	/* The plan's notes by the kind of their ARN (r->held and the others are their totals). */
	count_active(&mc, p);
	count_notes(&mc, p->held, p->nheld, LAT_SVC_HELD);
	count_notes(&mc, p->skipped, p->nskipped, LAT_SVC_SKIPPED);
	count_notes(&mc, p->blocked, p->nblocked, LAT_SVC_BLOCKED);
	for (size_t i = 0; i < p->nconflicts; i++)
		(*counter(&mc, p->conflicts[i].loser_arn, LAT_SVC_CONFLICT))++;
	zones = calloc(p->nzones ? p->nzones : 1, sizeof(*zones));
	for (size_t i = 0; zones != NULL && i < p->nzones; i++) {
		const struct lat_plan_zone *pz = &p->zones[i];
		int held = pz->safety_blocked && !in->force;

		zones[i] = (struct lat_metrics_zone){
			.id = pz->id,
			.records_owned = held || in->dry_run ? pz->owned : (long)pz->owned_after.n,
			.tags = zone_tag_count(in, pz->id),
			.tag_limit = in->tag_limit,
			.safety_held = held ? (long)pz->nchanges : 0,
		};
	}
	if (zones != NULL && p->nzones > 0) {
		mc.zones = zones;
		mc.nzones = p->nzones;
	}
	lat_metrics_cycle_end(m, &mc);
	free(zones);
}
