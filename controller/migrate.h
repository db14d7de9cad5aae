/* migrate.h - `latticedns migrate --to tags|txt|state`: moving ownership between registries, every step owned. */
#ifndef LAT_MIGRATE_H
#define LAT_MIGRATE_H

#include "common/buf.h"
#include "common/diag.h"
#include "controller/model.h"

/*
 * A migration adopts every name the current registry owns (one that holds
 * an A or AAAA), writes the new registry's entry for it, and only then
 * removes the old entry (tags last): after any step, and after a crash
 * between two, every record is owned by one registry or both. It writes
 * no A or AAAA. The plan is checked by planning the first cycle in the new
 * mode on the zone as the migration leaves it: it should plan nothing.
 */

/* One zone's migration; everything owned. */
struct lat_migrate_zone {
	char *id;
	char *name;
	/* Step 1, the new registry. */
	struct lat_plan_change *txt_writes;     /* to txt: TXT UPSERTs */
	size_t ntxt_writes;
	struct lat_tag *tag_adds;               /* to tags */
	size_t ntag_adds;
	struct lat_owned_list ledger_rows;      /* to state */
	/* Step 2, the old registry, once step 1 went through. */
	struct lat_plan_change *txt_removes;    /* from txt: TXT DELETEs (the exact live records) */
	size_t ntxt_removes;
	char **tag_removes;                     /* from tags: keys */
	size_t ntag_removes;
};

struct lat_migrate_plan {
	enum lat_ownership from, to;
	struct lat_migrate_zone *zones;
	size_t nzones;
	struct lat_plan_note *kept;             /* names not carried over, and why (their old entry stays) */
	size_t nkept;
	char *refused;                          /* the migration cannot be made at all, and why; NULL: it can */
	struct lat_plan_summary after;          /* what the first cycle in the new mode would plan */
	long after_conflicts, after_held;
};

void lat_migrate_plan_cleanup(struct lat_migrate_plan *p);

/*
 * Plans the migration of in (its ownership, zones, tags, ledger, services)
 * to mode to. Pure: no I/O. out is zeroed first; out->refused says when it
 * cannot be made (the new registry would not fit, a zone was not read, an
 * account was not listed).
 */
LAT_WUR int lat_migrate_plan(const struct lat_core_input *in, enum lat_ownership to, struct lat_migrate_plan *out,
    struct lat_diag *d);

/* Appends the plan as text, ending with what the user must change in the config. */
LAT_WUR int lat_migrate_format(const struct lat_migrate_plan *p, const char *config_path, const char *owner_id,
    struct lat_buf *out);

/* Entries the plan writes and removes, all zones. */
long lat_migrate_steps(const struct lat_migrate_plan *p);

/* "tags", "txt", "state" → the mode; -1 for anything else. */
int lat_migrate_mode_parse(const char *s);
const char *lat_migrate_mode_name(enum lat_ownership m);

#endif
