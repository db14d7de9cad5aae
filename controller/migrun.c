/* migrun.c - `latticedns migrate`: a migration plan printed, then applied through the DNS table and the store. */
#include "controller/migrun.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "controller/batch.h"
#include "state/store.h"

/* 0: every change went through; 1: some did not (logged); <0: fatal (canceled, out of memory). */
static int
send_changes(const struct lat_migrun_opts *o, const char *zone, const struct lat_plan_change *v, size_t n,
    long *calls, struct lat_diag *d)
{
	struct lat_batches bs = { 0 };
	int rc, failed = 0;

	if (n == 0)
		return 0;
	if ((rc = lat_batch_build(v, n, &bs, d)) != 0)
		return rc == LAT_ENOMEM ? rc : 1;
	for (size_t i = 0; i < bs.n && !failed; i++) {
		struct lat_dns_change *ch = calloc(bs.v[i].n, sizeof(*ch));
		struct lat_diag e = { 0 };
		char *id = NULL;

		if (ch == NULL) {
			lat_batches_cleanup(&bs);
			return lat_diag_set(d, LAT_ENOMEM, "out of memory");
		}
		for (size_t k = 0; k < bs.v[i].n; k++) {
			const struct lat_plan_change *c = &v[bs.v[i].idx[k]];

			ch[k] = (struct lat_dns_change){ c->kind == LAT_CHANGE_DELETE ? LAT_DNS_DELETE :
				lat_batch_is_create(c) ? LAT_DNS_CREATE : LAT_DNS_UPSERT, &c->rrset };
		}
		(*calls)++;
		if (o->dns->change_records(o->dns->ctx, zone, ch, bs.v[i].n, "latticedns migrate", &id, &e) != 0 ||
		    o->dns->wait_change(o->dns->ctx, id, &e) != 0) {
			lat_log(LAT_LOG_WARN, "migrate", "zone %s: %zu registry record changes not confirmed: %s", zone,
			    bs.v[i].n, lat_diag_msg(&e));
			failed = 1;
			if (e.err == LAT_ECANCELED)
				rc = lat_diag_set(d, LAT_ECANCELED, "stopped while migrating zone %s", zone);
		}
		free(id);
		free(ch);
		lat_diag_cleanup(&e);
	}
	lat_batches_cleanup(&bs);
	return rc != 0 ? rc : failed;
}

static int
send_tags(const struct lat_migrun_opts *o, const char *zone, const struct lat_tag *add, size_t nadd,
    char *const *rm, size_t nrm, long *calls)
{
	for (size_t i = 0; i < nadd || i < nrm; i += LAT_TAG_BATCH_MAX) {
		size_t na = i < nadd ? (nadd - i < LAT_TAG_BATCH_MAX ? nadd - i : LAT_TAG_BATCH_MAX) : 0;
		size_t nr = i < nrm ? (nrm - i < LAT_TAG_BATCH_MAX ? nrm - i : LAT_TAG_BATCH_MAX) : 0;
		struct lat_diag e = { 0 };
		int rc;

		(*calls)++;
		rc = o->dns->change_tags(o->dns->ctx, zone, na ? add + i : NULL, na, nr ? (const char *const *)rm + i :
		    NULL, nr, &e);
		if (rc != 0) {
			lat_log(LAT_LOG_WARN, "migrate", "zone %s: %zu tags not %s: %s", zone, na + nr,
			    na ? "written" : "removed", lat_diag_msg(&e));
			lat_diag_cleanup(&e);
			return 1;
		}
	}
	return 0;
}

static int
put_rows(const struct lat_migrun_opts *o, const struct lat_owned_list *rows, struct lat_diag *d)
{
	int rc;

	if (rows->n == 0)
		return 0;
	if ((rc = lat_state_begin(o->st, d)) != 0)
		return rc;
	for (size_t i = 0; i < rows->n; i++) {
		struct lat_owned r = rows->v[i];

		r.since_ms = o->now_ms;
		if ((rc = lat_state_owned_put(o->st, &r, d)) != 0) {
			lat_state_rollback(o->st);
			return rc;
		}
	}
	return lat_state_commit(o->st, d);
}

/* Step 1, then step 2 only if all of step 1 went through: the records are owned all along. */
static int
apply_zone(const struct lat_migrun_opts *o, const struct lat_migrate_zone *z, long *calls, int *undone,
    struct lat_diag *d)
{
	int rc;

	if ((rc = send_changes(o, z->id, z->txt_writes, z->ntxt_writes, calls, d)) < 0)
		return rc;
	if (rc == 0)
		rc = send_tags(o, z->id, z->tag_adds, z->ntag_adds, NULL, 0, calls);
	if (rc == 0 && (rc = put_rows(o, &z->ledger_rows, d)) != 0)
		return rc;
	if (rc != 0) {
		lat_log(LAT_LOG_WARN, "migrate", "zone %s: the new registry is not complete; the old one is kept "
		    "whole (run migrate again)", z->id);
		*undone = 1;
		return 0;
	}
	if (o->cancel != NULL && *o->cancel)
		return lat_diag_set(d, LAT_ECANCELED, "stopped while migrating zone %s", z->id);
	if ((rc = send_changes(o, z->id, z->txt_removes, z->ntxt_removes, calls, d)) < 0)
		return rc;
	/* Tags last: in tags mode they are what owns the records. */
	if (rc == 0)
		rc = send_tags(o, z->id, NULL, 0, z->tag_removes, z->ntag_removes, calls);
	if (rc != 0) {
		lat_log(LAT_LOG_WARN, "migrate", "zone %s: the old registry is only partly removed; its records are "
		    "owned by both (run migrate again)", z->id);
		*undone = 1;
	}
	return 0;
}

int
lat_migrun_run(const struct lat_migrun_opts *o, int *exit_code, long *write_calls, struct lat_diag *d)
{
	struct lat_migrate_plan p;
	struct lat_buf text = { 0 };
	int rc, undone = 0;

	*exit_code = 3;
	if ((rc = lat_migrate_plan(o->in, o->to, &p, d)) != 0)
		return rc;
	if ((rc = lat_migrate_format(&p, o->config_path, o->in->owner_id, &text)) != 0) {
		lat_migrate_plan_cleanup(&p);
		lat_buf_cleanup(&text);
		return lat_diag_set(d, rc, "out of memory");
	}
	if (o->out != NULL) {
		fputs(lat_buf_str(&text), o->out);
		fflush(o->out);
	}
	lat_buf_cleanup(&text);
	if (p.refused != NULL || p.from == p.to || o->dry_run) {
		*exit_code = p.refused != NULL ? 3 : p.from == p.to || lat_migrate_steps(&p) == 0 ? 0 : 2;
		lat_migrate_plan_cleanup(&p);
		return 0;
	}
	for (size_t i = 0; i < p.nzones && rc == 0; i++)
		rc = apply_zone(o, &p.zones[i], write_calls, &undone, d);
	if (rc == 0 && o->out != NULL)
		fprintf(o->out, "%s\n", undone ? "Migration not complete: see the warnings; run it again." :
		    "Migration done.");
	*exit_code = rc != 0 ? 1 : undone || p.nkept > 0 ? 3 : 0;
	lat_migrate_plan_cleanup(&p);
	return rc;
}
