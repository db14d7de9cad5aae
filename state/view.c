/* view.c - the zone views in the state database: load, save whole, update by name, invalidate. */
#include "state/store.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "state/store_impl.h"

/*
 * A view of a 40,000-record zone is 40,000 rows: written whole once per
 * full read, and then only at the names a cycle changed. Values are joined
 * by newlines in one column (escaped, so any value survives); a record's
 * other fields have a column each.
 */

static int
view_err(struct lat_state *st, struct lat_diag *d, const char *what)
{
	return lat_diag_set(d, LAT_ESTATE, "state database %s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

static int
step_done(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void
lat_state_view_cleanup(struct lat_zone_view *v)
{
	free(v->stale);
	lat_rrset_list_cleanup(&v->records);
	lat_tags_cleanup(&v->tags);
	memset(v, 0, sizeof(*v));
}

/* "\\" and "\n" escaped so values can be joined by newlines. */
static void
join_values(struct lat_buf *b, const struct lat_rrset *r)
{
	lat_buf_reset(b);
	for (size_t i = 0; i < r->nvalues; i++) {
		if (i > 0)
			lat_buf_addc(b, '\n');
		for (const char *p = r->values[i]; *p; p++) {
			if (*p == '\\' || *p == '\n')
				lat_buf_addc(b, '\\');
			lat_buf_addc(b, *p == '\n' ? 'n' : *p);
		}
	}
}

static int
split_values(struct lat_rrset *r, const char *s)
{
	struct lat_buf v = { 0 };
	int rc = 0;

	for (const char *p = s; rc == 0; p++) {
		if (*p == '\n' || *p == '\0') {
			if ((rc = lat_buf_status(&v)) == 0)
				rc = lat_rrset_add_value(r, lat_buf_str(&v));
			lat_buf_reset(&v);
			if (*p == '\0')
				break;
		} else if (*p == '\\' && p[1] != '\0') {
			p++;
			lat_buf_addc(&v, *p == 'n' ? '\n' : *p);
		} else {
			lat_buf_addc(&v, *p);
		}
	}
	lat_buf_cleanup(&v);
	return rc;
}

static char *
dup_col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static int
load_records(struct lat_state *st, const char *zone_id, struct lat_rrset_list *out, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT name, type, set_identifier, ttl, vals, alias_zone_id, "
	    "alias_dns_name, alias_eval_health FROM zone_view_records WHERE zone_id = ?", -1, &s, NULL);

	if (rc == SQLITE_OK)
		rc = bind_text(s, 1, zone_id);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *sid = (const char *)sqlite3_column_text(s, 2), *vals = (const char *)sqlite3_column_text(s, 4);
		struct lat_rrset r = {
			.name = dup_col(s, 0), .type = dup_col(s, 1),
			.set_identifier = sid && *sid ? strdup(sid) : NULL,
			.ttl = (long)sqlite3_column_int64(s, 3),
			.alias_zone_id = dup_col(s, 5), .alias_dns_name = dup_col(s, 6),
			.alias_eval_health = sqlite3_column_int(s, 7),
		};

		if (r.name == NULL || r.type == NULL || (sid && *sid && r.set_identifier == NULL) ||
		    (vals != NULL && split_values(&r, vals) != 0) || lat_rrset_list_push(out, &r) != 0) {
			lat_rrset_cleanup(&r);
			sqlite3_finalize(s);
			return lat_diag_set(d, LAT_ENOMEM, "out of memory reading the zone view");
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : view_err(st, d, "reading the zone view");
}

static int
load_tags(struct lat_state *st, const char *zone_id, struct lat_tags *out, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT key, value FROM zone_view_tags WHERE zone_id = ? ORDER BY key",
	    -1, &s, NULL);

	if (rc == SQLITE_OK)
		rc = bind_text(s, 1, zone_id);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (lat_tags_set(out, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1)) != 0) {
			sqlite3_finalize(s);
			return lat_diag_set(d, LAT_ENOMEM, "out of memory reading the zone view");
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : view_err(st, d, "reading the zone view's tags");
}

int
lat_state_view_load(struct lat_state *st, const char *zone_id, struct lat_zone_view *out, int *found,
    struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT rrset_count, read_ms, cycles, has_tags, stale FROM zone_view "
	    "WHERE zone_id = ?", -1, &s, NULL);

	memset(out, 0, sizeof(*out));
	*found = 0;
	if (rc == SQLITE_OK)
		rc = bind_text(s, 1, zone_id);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->rrset_count = (long)sqlite3_column_int64(s, 0);
		out->read_ms = sqlite3_column_int64(s, 1);
		out->cycles = (long)sqlite3_column_int64(s, 2);
		out->has_tags = sqlite3_column_int(s, 3);
		if (sqlite3_column_type(s, 4) != SQLITE_NULL && (out->stale = dup_col(s, 4)) == NULL)
			rc = LAT_ENOMEM;
		else
			rc = SQLITE_DONE, *found = 1;
	}
	sqlite3_finalize(s);
	if (rc == LAT_ENOMEM)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory reading the zone view");
	if (rc != SQLITE_DONE)
		return view_err(st, d, "reading the zone view");
	rc = 0;
	if (*found && (rc = load_records(st, zone_id, &out->records, d)) == 0)
		rc = load_tags(st, zone_id, &out->tags, d);
	if (rc != 0)
		lat_state_view_cleanup(out);
	return rc;
}

/* The statements a save or an update repeats, prepared once. */
struct writer {
	struct lat_state *st;
	const char *zone_id;
	sqlite3_stmt *ins, *del_name;
	struct lat_buf vals;
};

static void
writer_cleanup(struct writer *w)
{
	sqlite3_finalize(w->ins);
	sqlite3_finalize(w->del_name);
	lat_buf_cleanup(&w->vals);
}

static int
writer_init(struct writer *w, struct lat_state *st, const char *zone_id)
{
	memset(w, 0, sizeof(*w));
	w->st = st;
	w->zone_id = zone_id;
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO zone_view_records (zone_id, name, type, "
	    "set_identifier, ttl, vals, alias_zone_id, alias_dns_name, alias_eval_health) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &w->ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "DELETE FROM zone_view_records WHERE zone_id = ? AND name = ?", -1,
	    &w->del_name, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	return SQLITE_OK;
}

static int
put_record(struct writer *w, const struct lat_rrset *r)
{
	int rc;

	join_values(&w->vals, r);
	if (lat_buf_status(&w->vals) != 0)
		return SQLITE_NOMEM;
	rc = bind_text(w->ins, 1, w->zone_id);
	if (rc == SQLITE_OK)
		rc = bind_text(w->ins, 2, r->name);
	if (rc == SQLITE_OK)
		rc = bind_text(w->ins, 3, r->type);
	if (rc == SQLITE_OK)
		rc = bind_text(w->ins, 4, r->set_identifier ? r->set_identifier : "");
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(w->ins, 5, r->ttl);
	if (rc == SQLITE_OK)
		rc = r->nvalues ? bind_text(w->ins, 6, lat_buf_str(&w->vals)) : sqlite3_bind_null(w->ins, 6);
	if (rc == SQLITE_OK)
		rc = bind_text(w->ins, 7, r->alias_zone_id);
	if (rc == SQLITE_OK)
		rc = bind_text(w->ins, 8, r->alias_dns_name);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(w->ins, 9, r->alias_eval_health);
	return rc == SQLITE_OK ? step_done(w->ins) : rc;
}

static int
put_tags(struct lat_state *st, const char *zone_id, const struct lat_tags *t)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "DELETE FROM zone_view_tags WHERE zone_id = ?", -1, &s, NULL);

	if (rc == SQLITE_OK && (rc = bind_text(s, 1, zone_id)) == SQLITE_OK)
		rc = step_done(s);
	sqlite3_finalize(s);
	s = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "INSERT INTO zone_view_tags (zone_id, key, value) VALUES (?, ?, ?)",
		    -1, &s, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < t->n; i++) {
		rc = bind_text(s, 1, zone_id);
		if (rc == SQLITE_OK)
			rc = bind_text(s, 2, t->v[i].key);
		if (rc == SQLITE_OK)
			rc = bind_text(s, 3, t->v[i].value ? t->v[i].value : "");
		if (rc == SQLITE_OK)
			rc = step_done(s);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Runs one statement with the zone id and up to three more values ('i' int64, 's' text). */
static int
exec_zone(struct lat_state *st, const char *sql, const char *zone_id, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	va_list ap;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), i = 2;

	if (rc == SQLITE_OK)
		rc = bind_text(s, 1, zone_id);
	va_start(ap, types);
	for (const char *t = types; rc == SQLITE_OK && *t; t++, i++)
		rc = *t == 'i' ? sqlite3_bind_int64(s, i, va_arg(ap, int64_t)) : bind_text(s, i, va_arg(ap, const char *));
	va_end(ap);
	if (rc == SQLITE_OK)
		rc = step_done(s);
	sqlite3_finalize(s);
	return rc;
}

static int
finish(struct lat_state *st, int rc, const char *what, struct lat_diag *d)
{
	if (rc == SQLITE_OK) {
		if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
			return 0;
		rc = SQLITE_ERROR;
	}
	rc = rc == SQLITE_NOMEM ? lat_diag_set(d, LAT_ENOMEM, "out of memory %s", what) : view_err(st, d, what);
	(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
lat_state_view_save(struct lat_state *st, const char *zone_id, const struct lat_zone_view *v,
    struct lat_diag *d)
{
	struct writer w;
	int rc;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return view_err(st, d, "starting to save the zone view");
	rc = exec_zone(st, "DELETE FROM zone_view WHERE zone_id = ?", zone_id, "");
	if (rc == SQLITE_OK)
		rc = exec_zone(st, "INSERT INTO zone_view (zone_id, rrset_count, read_ms, cycles, has_tags, stale) "
		    "VALUES (?, ?, ?, ?, ?, NULL)", zone_id, "iiii", (int64_t)v->rrset_count, v->read_ms,
		    (int64_t)v->cycles, (int64_t)v->has_tags);
	if (rc == SQLITE_OK)
		rc = writer_init(&w, st, zone_id);
	else
		memset(&w, 0, sizeof(w));
	for (size_t i = 0; rc == SQLITE_OK && i < v->records.n; i++)
		rc = put_record(&w, &v->records.v[i]);
	writer_cleanup(&w);
	if (rc == SQLITE_OK && v->has_tags)
		rc = put_tags(st, zone_id, &v->tags);
	return finish(st, rc, "saving the zone view", d);
}

int
lat_state_view_update(struct lat_state *st, const char *zone_id, const struct lat_view_update *u,
    struct lat_diag *d)
{
	struct writer w;
	int rc;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return view_err(st, d, "starting to update the zone view");
	rc = writer_init(&w, st, zone_id);
	for (size_t i = 0; rc == SQLITE_OK && i < u->nnames; i++) {
		rc = bind_text(w.del_name, 1, zone_id);
		if (rc == SQLITE_OK)
			rc = bind_text(w.del_name, 2, u->names[i]);
		if (rc == SQLITE_OK)
			rc = step_done(w.del_name);
		for (size_t k = 0; rc == SQLITE_OK && u->recs != NULL && k < u->recs->n; k++)
			if (strcmp(u->recs->v[k].name, u->names[i]) == 0)
				rc = put_record(&w, &u->recs->v[k]);
	}
	writer_cleanup(&w);
	if (rc == SQLITE_OK)
		rc = exec_zone(st, "UPDATE zone_view SET rrset_count = ?2, cycles = ?3, stale = NULL WHERE zone_id = ?1",
		    zone_id, "ii", (int64_t)u->rrset_count, (int64_t)u->cycles);
	if (rc == SQLITE_OK && u->tags != NULL)
		rc = put_tags(st, zone_id, u->tags);
	return finish(st, rc, "updating the zone view", d);
}

int
lat_state_view_invalidate(struct lat_state *st, const char *zone_id, const char *why, struct lat_diag *d)
{
	int rc;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return view_err(st, d, "starting to mark the zone view stale");
	/* Its rows go: nothing may be planned from them until the next full read replaces them. */
	rc = exec_zone(st, "DELETE FROM zone_view_records WHERE zone_id = ?", zone_id, "");
	if (rc == SQLITE_OK)
		rc = exec_zone(st, "UPDATE zone_view SET stale = ?2 WHERE zone_id = ?1", zone_id, "s", why);
	return finish(st, rc, "marking the zone view stale", d);
}
