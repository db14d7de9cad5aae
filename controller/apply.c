/* apply.c - the apply stage: one zone's tags, ledger rows and record batches, in the order that keeps ownership. */
#include "controller/apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "controller/batch.h"
#include "controller/planfmt.h"
#include "controller/report.h"
#include "controller/rrindex.h"
#include "common/clock.h"
#include "state/store.h"

static const struct lat_clock *
clock_of(const struct lat_apply *a)
{
	return a->clock ? a->clock : lat_clock_system();
}

static int64_t
now_ms(const struct lat_apply *a)
{
	const struct lat_clock *clk = clock_of(a);

	return clk->now_ms(clk->ctx);
}

static int
canceled(const struct lat_apply *a)
{
	return a->cancel != NULL && *a->cancel;
}

static int
same0(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
cmp_owned_key(const void *a, const void *b)
{
	const struct lat_owned *x = a, *y = b;
	int c = strcmp(x->zone_id, y->zone_id);

	if (c == 0)
		c = strcmp(x->name, y->name);
	return c != 0 ? c : strcmp(x->type, y->type);
}

void
lat_apply_ledger_sort(struct lat_owned_list *owned)
{
	/* The core does not depend on the order; only ledger_has() does. */
	lat_sort(owned->v, owned->n, sizeof(*owned->v), cmp_owned_key);
}

/* Applying one zone's part of the plan. */
struct zone_apply {
	const struct lat_apply *a;
	const struct lat_plan_zone *pz;
	unsigned char *skip;      /* per change: its service's ownership tag could not be written */
	unsigned char *failed;    /* per change: Route 53 refused it or it could not be sent */
	int nbatch;
	char **pending;           /* accepted changes not yet seen INSYNC, in the order sent (owned) */
	size_t npending;
};

/* How often a batch Route 53 refuses with PriorRequestNotComplete is sent again after a wait. */
#define PRIOR_REQUEST_ROUNDS 5

static void
mark_service(struct zone_apply *za, const char *arn, unsigned char *flags)
{
	for (size_t i = 0; i < za->pz->nchanges; i++)
		if (za->pz->changes[i].service_arn != NULL && strcmp(za->pz->changes[i].service_arn, arn) == 0)
			flags[i] = 1;
}

/* Whether mark_service() flagged any change of the service arn in flags (skip or failed). */
static int
service_marked(const struct zone_apply *za, const char *arn, const unsigned char *flags)
{
	for (size_t i = 0; i < za->pz->nchanges; i++)
		if (flags[i] && za->pz->changes[i].service_arn != NULL &&
		    strcmp(za->pz->changes[i].service_arn, arn) == 0)
			return 1;
	return 0;
}

/*
 * Ownership first: a record is written only once the tag that owns it
 * exists (late == 0: new tags, before the records). A move's rewrite comes
 * last (late == 1), and only when every change of its service went through:
 * until then the tag keeps owning the old name's records.
 */
static int
apply_tag_adds(struct zone_apply *za, int late)
{
	const struct lat_plan_zone *pz = za->pz;
	struct lat_dns *dns = za->a->dns;
	size_t next = 0;

	while (next < pz->ntag_adds) {
		struct lat_tag add[LAT_TAG_BATCH_MAX];
		const char *arns[LAT_TAG_BATCH_MAX];
		struct lat_diag e = { 0 };
		size_t n = 0;
		int rc;

		for (; next < pz->ntag_adds && n < LAT_TAG_BATCH_MAX; next++) {
			const struct lat_plan_tag *t = &pz->tag_adds[next];

			if (t->after_records != late || (late && service_marked(za, t->key, za->failed)))
				continue;
			arns[n] = t->key;
			add[n++] = (struct lat_tag){ t->key, t->value };
		}
		if (n == 0)
			break;
		rc = dns->change_tags(dns->ctx, pz->id, add, n, NULL, 0, &e);
		za->a->res->write_calls++;
		if (rc != 0 && late) {
			lat_log(LAT_LOG_WARN, "apply", "zone %s: %zu moved services' ownership tags not rewritten; "
			    "the next cycle rewrites them: %s", pz->id, n, lat_diag_msg(&e));
			za->a->res->failed_changes += (long)n;
		} else if (rc != 0) {
			lat_log(LAT_LOG_WARN, "apply", "zone %s: %zu ownership tags not written, their "
			    "services get no records this cycle: %s", pz->id, n, lat_diag_msg(&e));
			za->a->res->failed_changes += (long)n;
			za->a->res->blocked += (long)n;
			for (size_t k = 0; k < n; k++)
				mark_service(za, arns[k], za->skip);
		}
		lat_diag_cleanup(&e);
		if (rc == LAT_ECANCELED || canceled(za->a))
			return LAT_ECANCELED;
	}
	return 0;
}

/* Whether the cycle's ledger (sorted by lat_apply_ledger_sort) already holds exactly this row. */
static int
ledger_has(const struct lat_owned_list *have, const struct lat_owned *o)
{
	const struct lat_owned *hit = lat_find(o, have->v, have->n, sizeof(*have->v), cmp_owned_key);

	return hit != NULL && same0(hit->alias_zone_id, o->alias_zone_id) &&
	    same0(hit->alias_dns_name, o->alias_dns_name) && same0(hit->service_arn, o->service_arn) &&
	    same0(hit->account, o->account);
}

/*
 * The ledger learns of a record before it is written: if the process dies
 * between the two, the next cycle owns a record that may not exist, which
 * it handles; the reverse would leave a record nothing owns. Rows the ledger
 * already holds unchanged are not written again, so a converged cycle
 * writes nothing.
 */
static int
ledger_prewrite(struct zone_apply *za, struct lat_diag *d)
{
	const struct lat_owned_list *rows = &za->pz->owned_after;
	struct lat_state *st = za->a->st;
	int64_t now = now_ms(za->a);
	int rc;

	if ((rc = lat_state_begin(st, d)) != 0)
		return rc;
	for (size_t i = 0; i < rows->n; i++) {
		struct lat_owned o = rows->v[i];

		if (o.service_arn != NULL && service_marked(za, o.service_arn, za->skip))
			continue;
		if (ledger_has(za->a->owned, &o))
			continue;
		if (o.since_ms == 0)
			o.since_ms = now;
		if ((rc = lat_state_owned_put(st, &o, d)) != 0) {
			lat_state_rollback(st);
			return rc;
		}
	}
	return lat_state_commit(st, d);
}

/* The audit trail's row of one change: what the record was and what it became. */
static int
journal_change(struct zone_apply *za, const struct lat_plan_change *ch, const char *change_id, int seq,
    struct lat_diag *d)
{
	struct lat_buf before = { 0 }, after = { 0 }, account = { 0 };
	int rc;

	if (ch->kind == LAT_CHANGE_UPDATE)
		lat_planfmt_record(&before, &ch->before);
	else if (ch->kind == LAT_CHANGE_DELETE)
		lat_planfmt_record(&before, &ch->rrset);
	if (ch->kind != LAT_CHANGE_DELETE)
		lat_planfmt_record(&after, &ch->rrset);
	if (lat_buf_status(&before) != 0 || lat_buf_status(&after) != 0) {
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	} else {
		struct lat_journal_change jc = {
			.change_id = change_id, .seq = seq, .zone_id = za->pz->id, .name = ch->rrset.name,
			.type = ch->rrset.type, .action = lat_report_action(ch->kind),
			.before = ch->kind == LAT_CHANGE_CREATE ? NULL : lat_buf_str(&before),
			.after = ch->kind == LAT_CHANGE_DELETE ? NULL : lat_buf_str(&after),
			.service_arn = ch->service_arn, .account = lat_report_account(ch, &account),
		};

		rc = lat_state_journal_change(za->a->st, &jc, d);
	}
	lat_buf_cleanup(&account);
	lat_buf_cleanup(&before);
	lat_buf_cleanup(&after);
	return rc;
}

/* A DELETE is recorded only once Route 53 accepted it, with its change id, in one transaction. */
static int
record_batch(struct zone_apply *za, const struct lat_batch *b, const char *change_id,
    struct lat_diag *d)
{
	struct lat_state *st = za->a->st;
	struct lat_buf sum = { 0 };
	int rc;

	for (size_t i = 0; i < b->n && i < 4; i++) {
		const struct lat_plan_change *ch = &za->pz->changes[b->idx[i]];

		lat_buf_addf(&sum, "%s%s %s %s", i ? ", " : "",
		    ch->kind == LAT_CHANGE_DELETE ? "DELETE" : lat_batch_is_create(ch) ? "CREATE" : "UPSERT",
		    ch->rrset.name, ch->rrset.type);
	}
	if (b->n > 4)
		lat_buf_addf(&sum, " and %zu more", b->n - 4);
	if ((rc = lat_state_begin(st, d)) != 0)
		goto out;
	rc = lat_state_journal_add(st, za->a->run_id, za->pz->id, za->nbatch, change_id, "PENDING",
	    lat_buf_str(&sum), now_ms(za->a), d);
	for (size_t i = 0; rc == 0 && i < b->n; i++)
		rc = journal_change(za, &za->pz->changes[b->idx[i]], change_id, (int)i, d);
	for (size_t i = 0; rc == 0 && i < b->n; i++) {
		const struct lat_plan_change *ch = &za->pz->changes[b->idx[i]];

		if (ch->kind == LAT_CHANGE_DELETE)
			rc = lat_state_owned_delete(st, za->pz->id, ch->rrset.name, ch->rrset.type, d);
	}
	if (rc == 0)
		rc = lat_state_commit(st, d);
	else
		lat_state_rollback(st);
out:
	lat_buf_cleanup(&sum);
	return rc;
}

static void
batch_failed(struct zone_apply *za, const struct lat_batch *b, const struct lat_diag *e)
{
	const struct lat_plan_change *first = &za->pz->changes[b->idx[0]];
	struct lat_log_field f[] = { LAT_LOG_S("zone", za->pz->id), LAT_LOG_I("changes", b->n),
		LAT_LOG_S("name", first->rrset.name), LAT_LOG_S("type", first->rrset.type),
		LAT_LOG_S("code", e->aws != NULL ? e->aws->code : NULL) };

	lat_log_fields(LAT_LOG_WARN, "apply", f, 5, "zone %s: %zu change%s refused (%s %s%s): %s", za->pz->id, b->n,
	    b->n == 1 ? "" : "s", first->rrset.name, first->rrset.type, b->n > 1 ? " …" : "",
	    lat_diag_msg(e));
	za->a->res->failed_changes += (long)b->n;
	for (size_t i = 0; i < b->n; i++)
		za->failed[b->idx[i]] = 1;
}

static int send_batch(struct zone_apply *za, const struct lat_batch *b, struct lat_diag *d);

/* InvalidChangeBatch names a bad change but not its index: halve until it is alone, apply the rest. */
static int
split_batch(struct zone_apply *za, const struct lat_batch *b, const struct lat_diag *e,
    struct lat_diag *d)
{
	struct lat_batch lo = { 0 }, hi = { 0 };
	struct lat_diag ignore = { 0 };
	int rc;

	if (lat_batch_split(za->pz->changes, b, &lo, &hi, &ignore) != 0) {
		lat_diag_cleanup(&ignore);
		batch_failed(za, b, e);
		return 0;
	}
	rc = send_batch(za, &lo, d);
	if (rc == 0)
		rc = send_batch(za, &hi, d);
	lat_batch_cleanup(&lo);
	lat_batch_cleanup(&hi);
	return rc;
}

static void
pending_free(struct zone_apply *za)
{
	for (size_t i = 0; i < za->npending; i++)
		free(za->pending[i]);
	free(za->pending);
	za->pending = NULL;
	za->npending = 0;
}

/* Journals every pending change with status and forgets them. */
static int
pending_mark(struct zone_apply *za, const char *status, struct lat_diag *d)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < za->npending; i++)
		rc = lat_state_journal_set_status(za->a->st, za->pending[i], status, now_ms(za->a), d);
	pending_free(za);
	return rc;
}

/*
 * Waits until the zone's accepted changes are INSYNC, polling only the last:
 * Route 53 processes a zone's changes one after the other, in the order it
 * accepted them (one that arrives while a prior one is still in progress is
 * refused with PriorRequestNotComplete, AWS-FACTS.md), so the last one
 * INSYNC means the earlier ones are too. Batches sent back to back thus
 * cost one INSYNC wait and a handful of GetChange calls, not one wait each.
 */
static int
settle(struct zone_apply *za, struct lat_diag *d)
{
	struct lat_dns *dns = za->a->dns;
	struct lat_diag e = { 0 };
	int rc;

	if (za->npending == 0)
		return 0;
	rc = dns->wait_change(dns->ctx, za->pending[za->npending - 1], &e);
	if (rc == 0) {
		rc = pending_mark(za, "INSYNC", d);
	} else if (e.err == LAT_ECANCELED) {
		/* Stopped while waiting: the batches are recorded, the next cycle sees the zone. */
		lat_log(LAT_LOG_WARN, "apply", "%s", lat_diag_msg(&e));
		pending_free(za);
		rc = 0;
	} else {
		/*
		 * Route 53 accepted the batches but their propagation was not seen:
		 * the journal says so instead of a PENDING nobody will revisit, and
		 * the cycle ends undone (exit 3); the next cycle re-reads the zone.
		 */
		lat_log(LAT_LOG_WARN, "apply", "zone %s: %zu change%s accepted but not confirmed INSYNC: %s",
		    za->pz->id, za->npending, za->npending == 1 ? "" : "s", lat_diag_msg(&e));
		za->a->res->unconfirmed += (long)za->npending;
		rc = pending_mark(za, "UNCONFIRMED", d);
	}
	lat_diag_cleanup(&e);
	return rc;
}

/* Takes change_id into the zone's pending list. */
static int
pending_add(struct zone_apply *za, char **change_id, struct lat_diag *d)
{
	char **v = realloc(za->pending, (za->npending + 1) * sizeof(*v));

	if (v == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	za->pending = v;
	v[za->npending++] = *change_id;
	*change_id = NULL;
	return 0;
}

static int
prior_request_not_complete(const struct lat_diag *e)
{
	return e->aws != NULL && e->aws->code != NULL && strcmp(e->aws->code, "PriorRequestNotComplete") == 0;
}

/*
 * Route 53 still busy with the zone after the client's own retries: wait for
 * what this cycle sent it to settle, or, when nothing of ours is pending
 * (someone else's change), back off 1, 2, 4... s. 0: send again.
 */
static int
prior_request_wait(struct zone_apply *za, int round, struct lat_diag *d)
{
	const struct lat_clock *clk = clock_of(za->a);

	lat_log(LAT_LOG_INFO, "apply", "zone %s: Route 53 is still processing a prior change (PriorRequestNotComplete); "
	    "batch %d is sent again once it is done", za->pz->id, za->nbatch);
	if (za->npending > 0)
		return settle(za, d);
	if (clk->sleep_ms(clk->ctx, (int64_t)1000 << round, za->a->cancel) != 0)
		return lat_diag_set(d, LAT_ECANCELED, "stopped while zone %s was busy", za->pz->id);
	return 0;
}

/* Sends one batch and journals it at once; its INSYNC is waited for by settle(), after the zone's last batch. */
static int
send_batch(struct zone_apply *za, const struct lat_batch *b, struct lat_diag *d)
{
	struct lat_dns *dns = za->a->dns;
	struct lat_dns_change *v = calloc(b->n ? b->n : 1, sizeof(*v));
	struct lat_diag e = { 0 };
	char *change_id = NULL, comment[64];
	int rc;

	if (v == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	for (size_t i = 0; i < b->n; i++) {
		const struct lat_plan_change *ch = &za->pz->changes[b->idx[i]];

		v[i].action = ch->kind == LAT_CHANGE_DELETE ? LAT_DNS_DELETE : lat_batch_is_create(ch) ?
		    LAT_DNS_CREATE : LAT_DNS_UPSERT;
		v[i].rrset = &ch->rrset;
	}
	snprintf(comment, sizeof(comment), "latticedns run %lld", (long long)za->a->run_id);
	za->nbatch++;
	for (int round = 0;; round++) {
		rc = dns->change_records(dns->ctx, za->pz->id, v, b->n, comment, &change_id, &e);
		za->a->res->write_calls++;
		if (rc == 0 || !prior_request_not_complete(&e) || round == PRIOR_REQUEST_ROUNDS)
			break;
		if ((rc = prior_request_wait(za, round, d)) != 0) {
			free(v);
			lat_diag_cleanup(&e);
			return rc;
		}
		lat_diag_cleanup(&e);
	}
	free(v);
	if (rc == 0) {
		long applied[3] = { 0 };

		lat_report_accepted(za->a->metrics, za->pz, b->idx, b->n, change_id, applied);
		za->a->res->applied_create += applied[LAT_CHANGE_CREATE];
		za->a->res->applied_update += applied[LAT_CHANGE_UPDATE];
		za->a->res->applied_del += applied[LAT_CHANGE_DELETE];
		rc = record_batch(za, b, change_id, d);
		if (rc == 0)
			rc = pending_add(za, &change_id, d);
	} else if (e.aws != NULL && e.aws->code != NULL && strcmp(e.aws->code, "InvalidChangeBatch") == 0) {
		rc = split_batch(za, b, &e, d);
	} else {
		batch_failed(za, b, &e);
		rc = e.err == LAT_ECANCELED ? LAT_ECANCELED : 0;
		if (rc != 0)
			lat_diag_move(d, &e);
	}
	free(change_id);
	lat_diag_cleanup(&e);
	return rc;
}

static int
apply_records(struct zone_apply *za, struct lat_diag *d)
{
	const struct lat_plan_zone *pz = za->pz;
	struct lat_plan_change *keep = calloc(pz->nchanges ? pz->nchanges : 1, sizeof(*keep));
	size_t *map = calloc(pz->nchanges ? pz->nchanges : 1, sizeof(*map));
	struct lat_batches bs = { 0 };
	size_t n = 0;
	int rc;

	if (keep == NULL || map == NULL) {
		free(keep);
		free(map);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	/* Batches are cut from the changes that survived the tag step; map brings indexes back. */
	for (size_t i = 0; i < pz->nchanges; i++) {
		if (za->skip[i])
			continue;
		keep[n] = pz->changes[i];
		map[n++] = i;
	}
	rc = lat_batch_build(keep, n, &bs, d);
	for (size_t i = 0; rc == 0 && i < bs.n; i++) {
		for (size_t k = 0; k < bs.v[i].n; k++)
			bs.v[i].idx[k] = map[bs.v[i].idx[k]];
		if (canceled(za->a))
			rc = lat_diag_set(d, LAT_ECANCELED, "stopped before zone %s batch %zu of %zu",
			    pz->id, i + 1, bs.n);
		else
			rc = send_batch(za, &bs.v[i], d);
	}
	/* The batches went back to back; the tag removals and rewrites after them wait for INSYNC. */
	if (rc == 0)
		rc = settle(za, d);
	pending_free(za);
	lat_batches_cleanup(&bs);
	free(keep);
	free(map);
	return rc;
}

/* Ownership last: a tag goes only once every record it owned is gone. */
static int
apply_tag_removes(struct zone_apply *za)
{
	const struct lat_plan_zone *pz = za->pz;
	struct lat_dns *dns = za->a->dns;
	const char *rm[LAT_TAG_BATCH_MAX];
	size_t n = 0;

	for (size_t i = 0; i <= pz->ntag_removes; i++) {
		int flush = i == pz->ntag_removes || n == LAT_TAG_BATCH_MAX;

		if (flush && n > 0) {
			struct lat_diag e = { 0 };
			int rc = dns->change_tags(dns->ctx, pz->id, NULL, 0, rm, n, &e);

			za->a->res->write_calls++;
			if (rc != 0) {
				lat_log(LAT_LOG_WARN, "apply", "zone %s: %zu ownership tags not removed: %s",
				    pz->id, n, lat_diag_msg(&e));
				za->a->res->failed_changes += (long)n;
			}
			lat_diag_cleanup(&e);
			n = 0;
			if (rc == LAT_ECANCELED || canceled(za->a))
				return LAT_ECANCELED;
		}
		if (i == pz->ntag_removes)
			break;
		if (!service_marked(za, pz->tag_removes[i].key, za->failed))
			rm[n++] = pz->tag_removes[i].key;
	}
	return 0;
}

static int
planned_at(const struct lat_plan_zone *pz, const char *name, const char *type)
{
	for (size_t i = 0; i < pz->nchanges; i++)
		if (strcmp(pz->changes[i].rrset.name, name) == 0 && strcmp(pz->changes[i].rrset.type, type) == 0)
			return 1;
	return 0;
}

/*
 * State mode: a ledger row whose record is not in the zone, and that this
 * plan neither writes nor deletes, owns nothing. A kill -9 after Route 53
 * accepted a DELETE and before the ledger heard of it leaves one; kept, it
 * would claim whatever record someone later puts at that name. Run after
 * the zone's batches, with the live listing from before them, so only rows
 * the plan did not touch are judged.
 */
static int
ledger_prune(struct zone_apply *za, const struct lat_rrset_list *live, struct lat_diag *d)
{
	const struct lat_owned_list *own = za->a->owned;
	struct lat_rrindex ix = { 0 };
	int rc;

	if ((rc = lat_rrindex_build(live, &ix)) != 0)
		return lat_diag_set(d, rc, "out of memory");
	for (size_t i = 0; rc == 0 && i < own->n; i++) {
		const struct lat_owned *o = &own->v[i];

		if (strcmp(o->zone_id, za->pz->id) != 0 || lat_rrindex_find(&ix, o->name, o->type) != NULL ||
		    planned_at(za->pz, o->name, o->type))
			continue;
		lat_log(LAT_LOG_INFO, "apply", "zone %s: ledger row %s %s dropped: the record is not in the zone",
		    za->pz->id, o->name, o->type);
		rc = lat_state_owned_delete(za->a->st, o->zone_id, o->name, o->type, d);
	}
	lat_rrindex_cleanup(&ix);
	return rc;
}

int
lat_apply_zone(const struct lat_apply *a, const struct lat_plan_zone *pz, const struct lat_rrset_list *whole,
    struct lat_diag *d)
{
	struct zone_apply za = { .a = a, .pz = pz };
	int rc;

	if (pz->safety_blocked && !a->force) {
		struct lat_log_field f[] = { LAT_LOG_S("zone", pz->id), LAT_LOG_I("held", pz->nchanges) };

		lat_log_fields(LAT_LOG_WARN, "safety", f, 2, "zone %s: %s", pz->id, pz->safety_reason);
		a->res->safety_held += (long)pz->nchanges;
		return 0;
	}
	za.skip = calloc(pz->nchanges + 1, 1);
	za.failed = calloc(pz->nchanges + 1, 1);
	if (za.skip == NULL || za.failed == NULL) {
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = apply_tag_adds(&za, 0)) != 0) {
		rc = lat_diag_set(d, LAT_ECANCELED, "stopped while writing tags of zone %s", pz->id);
		goto out;
	}
	if ((rc = ledger_prewrite(&za, d)) != 0 || (rc = apply_records(&za, d)) != 0)
		goto out;
	if (whole != NULL && (rc = ledger_prune(&za, whole, d)) != 0)
		goto out;
	if ((rc = apply_tag_adds(&za, 1)) != 0) {
		rc = lat_diag_set(d, LAT_ECANCELED, "stopped while rewriting tags of zone %s", pz->id);
		goto out;
	}
	if (apply_tag_removes(&za) != 0)
		rc = lat_diag_set(d, LAT_ECANCELED, "stopped while removing tags of zone %s", pz->id);
out:
	pending_free(&za);
	free(za.skip);
	free(za.failed);
	return rc;
}
