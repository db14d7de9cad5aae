/* zoneread.c - the cycle's read stage: each zone read whole or from its stored view, beside the listing. */
#include "controller/zoneread.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "controller/config.h"
#include "controller/planfmt.h"

/* Errors that stop the cycle; any other failure to read a zone holds that zone. */
static int
fatal_err(int rc)
{
	return rc == LAT_ENOMEM || rc == LAT_ECANCELED || rc == LAT_ESTATE;
}

/* Zone i is held: why, logged once, kept for the plan; its records and tags are dropped. */
static int
hold_zone(struct lat_zoneread *r, size_t i, const char *step, const struct lat_diag *e)
{
	struct lat_buf why = { 0 };
	int rc = 0;

	lat_buf_addf(&why, "zone %s not read (%s failed), nothing in it is changed this cycle: %s", r->cfg->zones[i].id,
	    step, lat_diag_msg(e));
	lat_log(LAT_LOG_WARN, "zone", "%s", lat_buf_str(&why));
	free(r->errors[i]);
	if ((r->errors[i] = lat_buf_take(&why)) == NULL)
		rc = LAT_ENOMEM;
	lat_buf_cleanup(&why);
	lat_rrset_list_cleanup(&r->live[i]);
	lat_tags_cleanup(&r->tags[i]);
	r->failed_zones++;
	return rc;
}

/* Every page of the zone's records; a failure holds it (fatal errors excepted). */
static int
read_whole(struct lat_zoneread *r, size_t i, struct lat_diag *d)
{
	struct lat_dns *dns = r->dns;
	struct lat_diag e = { 0 };
	int rc;

	lat_rrset_list_cleanup(&r->live[i]);
	rc = dns->list_records(dns->ctx, r->cfg->zones[i].id, &r->live[i], &e);
	if (rc != 0 && fatal_err(rc)) {
		lat_diag_move(d, &e);
		lat_diag_prefix(d, "zone %s", r->cfg->zones[i].id);
	} else if (rc != 0) {
		rc = hold_zone(r, i, "ListResourceRecordSets", &e);
		if (rc != 0)
			lat_diag_set(d, rc, "out of memory");
	}
	lat_diag_cleanup(&e);
	return rc;
}

/*
 * Zone i. A zone that cannot be identified (GetHostedZone failed: a wrong
 * id, no permission, no trusted endpoint) is fatal, as a config error:
 * without its name no service can be placed in any zone with certainty. A
 * failure to read its records or tags holds the zone: reported, exit 3,
 * nothing in it changed. In state mode the zone's tags decide nothing, so
 * failing to read them is only a warning (and a view cycle does not read them).
 */
static int
read_zone(struct lat_zoneread *r, size_t i, struct lat_diag *d)
{
	struct lat_zoneread_zone *z = &r->z[i];
	struct lat_dns *dns = r->dns;
	const char *id = r->cfg->zones[i].id;
	int tags_mode = r->cfg->ownership == LAT_OWN_TAGS, rc;
	struct lat_diag e = { 0 };
	struct lat_read_facts f;

	if ((rc = dns->get_zone(dns->ctx, id, &r->names[i], &z->count, &z->private_zone, d)) != 0) {
		lat_diag_prefix(d, "zone %s", id);
		return rc;
	}
	if (tags_mode && (rc = dns->list_tags(dns->ctx, id, &r->tags[i], &e)) != 0) {
		if (fatal_err(rc)) {
			lat_diag_move(d, &e);
			lat_diag_prefix(d, "zone %s", id);
		} else if ((rc = hold_zone(r, i, "ListTagsForResource", &e)) != 0) {
			lat_diag_set(d, rc, "out of memory");
		}
		lat_diag_cleanup(&e);
		return rc;
	}
	f = (struct lat_read_facts){
		.have_view = z->have_view, .stale = z->view.stale != NULL, .view_cycles = z->view.cycles,
		.view_age_s = (r->now_ms - z->view.read_ms) / 1000, .view_count = z->view.rrset_count,
		.zone_count = z->count, .every = r->cfg->full_scan_every, .full_scan = r->full_scan,
		/* A view stored without tags (in state mode) cannot vouch for them: NULL differs from any. */
		.startup = r->startup, .check_tags = tags_mode,
		.view_tags = z->view.has_tags ? &z->view.tags : NULL, .zone_tags = &r->tags[i],
	};
	lat_zoneview_decide(&f, &z->read);
	if (!z->read.full) {
		/* The view stands for the listing: its records move over, its tags serve state mode. */
		r->live[i] = z->view.records;
		memset(&z->view.records, 0, sizeof(z->view.records));
		if (!tags_mode && (rc = lat_tags_copy(&r->tags[i], &z->view.tags)) != 0)
			return lat_diag_set(d, rc, "out of memory");
		return 0;
	}
	if ((rc = read_whole(r, i, d)) != 0 || r->errors[i] != NULL || tags_mode)
		return rc;
	if ((rc = dns->list_tags(dns->ctx, id, &r->tags[i], &e)) != 0 && !fatal_err(rc)) {
		lat_log(LAT_LOG_WARN, "zone", "zone %s: tags not read (not needed in %s mode): %s", id,
		    r->cfg->ownership == LAT_OWN_TXT ? "txt" : "state",
		    lat_diag_msg(&e));
		lat_tags_cleanup(&r->tags[i]);
		rc = 0;
	} else if (rc != 0) {
		lat_diag_move(d, &e);
		lat_diag_prefix(d, "zone %s", id);
	}
	lat_diag_cleanup(&e);
	return rc;
}

static void *
reader(void *arg)
{
	struct lat_zoneread *r = arg;

	for (size_t i = 0; r->rc == 0 && i < r->n; i++)
		r->rc = read_zone(r, i, &r->d);
	return NULL;
}

int
lat_zoneread_start(struct lat_zoneread *r, struct lat_diag *d)
{
	int rc;

	r->n = r->cfg->nzones;
	if ((r->z = calloc(r->n ? r->n : 1, sizeof(*r->z))) == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n; i++)
		if ((rc = lat_state_view_load(r->st, r->cfg->zones[i].id, &r->z[i].view, &r->z[i].have_view, d)) != 0)
			return rc;
	if ((rc = pthread_create(&r->thread, NULL, reader, r)) != 0)
		return lat_diag_set(d, LAT_ENOMEM, "cannot start the zone reader thread: %s", strerror(rc));
	r->started = 1;
	return 0;
}

int
lat_zoneread_join(struct lat_zoneread *r, struct lat_diag *d)
{
	if (!r->started)
		return 0;
	pthread_join(r->thread, NULL);
	r->started = 0;
	if (r->rc != 0)
		lat_diag_move(d, &r->d);
	return r->rc;
}

int
lat_zoneread_whole(const struct lat_zoneread *r, size_t i)
{
	return i < r->n && r->z[i].read.full && r->errors[i] == NULL;
}

/* Reads zone i whole after all: the plan wants more names than a full read has pages. */
static int
refine_whole(struct lat_zoneread *r, size_t i, struct lat_diag *d)
{
	struct lat_zoneread_zone *z = &r->z[i];

	z->read.full = 1;
	z->read.why = LAT_READ_MANY;
	z->read.age_cycles = 0;
	z->read.age_s = 0;
	return read_whole(r, i, d);
}

int
lat_zoneread_refine(struct lat_zoneread *r, size_t i, const struct lat_plan_zone *pz, int *again,
    struct lat_diag *d)
{
	struct lat_zoneread_zone *z = &r->z[i];
	struct lat_dns *dns = r->dns;
	size_t from = z->targeted.n, added = 0;
	/* A full read costs a page per 300 record sets: more single reads than that cost more. */
	size_t max = (size_t)(z->count > 0 ? z->count : 0) / 300 + 1;
	int rc;

	if (z->read.full || r->errors[i] != NULL || pz->nchanges == 0)
		return 0;
	rc = lat_zoneview_names_add(&z->targeted, pz, max, &added);
	if (rc == LAT_ELIMIT) {
		*again = 1;
		return refine_whole(r, i, d);
	}
	if (rc != 0)
		return lat_diag_set(d, rc, "out of memory");
	for (size_t k = from; k < z->targeted.n; k++) {
		struct lat_rrset_list fresh = { 0 };
		struct lat_diag e = { 0 };

		*again = 1;
		rc = dns->list_records_at(dns->ctx, r->cfg->zones[i].id, z->targeted.v[k], &fresh, &e);
		if (rc == 0 && (rc = lat_zoneview_overlay(&r->live[i], z->targeted.v[k], &fresh)) != 0)
			lat_diag_set(&e, rc, "out of memory");
		lat_rrset_list_cleanup(&fresh);
		if (rc != 0 && !fatal_err(rc))
			rc = hold_zone(r, i, "ListResourceRecordSets at a name to change", &e);
		if (rc != 0)
			lat_diag_move(d, &e);
		lat_diag_cleanup(&e);
		if (rc != 0 || r->errors[i] != NULL)
			return rc;
	}
	z->read.targeted = (long)z->targeted.n;
	return 0;
}

static int
invalidate(struct lat_zoneread *r, size_t i, const char *what, int64_t run_id, struct lat_diag *d)
{
	struct lat_buf why = { 0 };
	int rc;

	lat_buf_addf(&why, "%s in run %lld", what, (long long)run_id);
	if ((rc = lat_buf_status(&why)) != 0)
		rc = lat_diag_set(d, rc, "out of memory");
	else
		rc = lat_state_view_invalidate(r->st, r->cfg->zones[i].id, lat_buf_str(&why), d);
	lat_buf_cleanup(&why);
	return rc;
}

int
lat_zoneread_record(struct lat_zoneread *r, size_t i, const struct lat_plan_zone *pz, int applied, int wrote_ok,
    int64_t run_id, struct lat_diag *d)
{
	struct lat_zoneread_zone *z = &r->z[i];
	int has_tags = r->cfg->ownership == LAT_OWN_TAGS || r->tags[i].n > 0;
	int rc;

	if (r->errors[i] != NULL)
		return z->have_view ? invalidate(r, i, "a read of the zone failed", run_id, d) : 0;
	if (!wrote_ok)
		return invalidate(r, i, "a write to the zone failed or was refused", run_id, d);
	if (applied && (rc = lat_zoneview_apply(&r->live[i], has_tags ? &r->tags[i] : NULL, pz)) != 0)
		return lat_diag_set(d, rc, "out of memory");
	if (z->read.full) {
		struct lat_zone_view v = {
			.rrset_count = (long)r->live[i].n, .read_ms = r->now_ms, .cycles = 0, .has_tags = has_tags,
			.records = r->live[i], .tags = r->tags[i],
		};

		return lat_state_view_save(r->st, r->cfg->zones[i].id, &v, d);
	}
	struct lat_view_update u = {
		.names = (const char *const *)z->targeted.v, .nnames = z->targeted.n, .recs = &r->live[i],
		.rrset_count = (long)r->live[i].n, .cycles = z->read.age_cycles,
		.tags = r->cfg->ownership == LAT_OWN_TAGS ? &r->tags[i] : NULL,
	};

	return lat_state_view_update(r->st, r->cfg->zones[i].id, &u, d);
}

void
lat_zoneread_log(const struct lat_zoneread *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct lat_zone_read *rd = &r->z[i].read;
		const char *id = r->cfg->zones[i].id;
		struct lat_log_field f[] = { LAT_LOG_S("zone", id), LAT_LOG_S("read", rd->full ? "full" : "view"),
			LAT_LOG_I("age_cycles", rd->age_cycles), LAT_LOG_I("age_seconds", rd->age_s),
			LAT_LOG_I("record_count", rd->zone_count), LAT_LOG_I("targeted_reads", rd->targeted) };

		struct lat_buf how = { 0 };

		if (r->errors[i] != NULL)
			continue;     /* its warning said it all */
		lat_planfmt_read(&how, rd);
		if (rd->full)
			lat_buf_addf(&how, ", %zu record sets", r->live[i].n);
		lat_log_fields(LAT_LOG_INFO, "read", f, 6, "zone %s: %s", id, lat_buf_status(&how) ? "?" : lat_buf_str(&how));
		lat_buf_cleanup(&how);
	}
}

void
lat_zoneread_cleanup(struct lat_zoneread *r)
{
	if (r->started) {
		pthread_join(r->thread, NULL);
		r->started = 0;
	}
	for (size_t i = 0; r->z != NULL && i < r->n; i++) {
		lat_state_view_cleanup(&r->z[i].view);
		lat_zoneview_names_cleanup(&r->z[i].targeted);
	}
	free(r->z);
	r->z = NULL;
	lat_diag_cleanup(&r->d);
}
