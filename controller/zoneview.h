/* zoneview.h - the read decision and the zone view's bookkeeping (pure): full read or view, overlays. */
#ifndef LAT_ZONEVIEW_H
#define LAT_ZONEVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "common/types.h"
#include "controller/model.h"

/*
 * Between full reads a zone is planned from its stored view (issue 11).
 * Nothing here reads the clock or the database: the shell (zoneread.c)
 * passes the facts and applies the answers.
 */

/* What the shell knows when it decides how to read a zone. */
struct lat_read_facts {
	int have_view;             /* a view is stored */
	int stale;                 /* it was marked stale (a failed write or read) */
	long view_cycles;          /* cycles since its full read */
	int64_t view_age_s;        /* seconds since its full read */
	long view_count;           /* the record count it expects */
	long zone_count;           /* GetHostedZone's ResourceRecordSetCount; -1 when not given */
	long every;                /* full_scan_every (>= 1) */
	int full_scan;             /* --full-scan */
	int startup;               /* the long-running controller's first cycle */
	int check_tags;            /* tags mode: the zone tags are compared with the view's */
	const struct lat_tags *view_tags, *zone_tags;   /* when check_tags; NULL view_tags: none stored */
};

/* Decides full read or view; out->targeted is 0. The order of the reasons is the order shown. */
void lat_zoneview_decide(const struct lat_read_facts *f, struct lat_zone_read *out);

/* Whether two tag sets hold the same keys with the same values (any order); NULL equals only NULL. */
int lat_zoneview_tags_equal(const struct lat_tags *a, const struct lat_tags *b);

/* Replaces every record set at name in live by those of fresh (moved out; fresh is left empty). */
LAT_WUR int lat_zoneview_overlay(struct lat_rrset_list *live, const char *name, struct lat_rrset_list *fresh);

/*
 * The zone as the plan leaves it: each change applied to live (an UPSERT
 * replaces or adds the record set at (name, type, set identifier), a DELETE
 * removes it), and to tags (adds set, removals dropped) when tags != NULL.
 */
LAT_WUR int lat_zoneview_apply(struct lat_rrset_list *live, struct lat_tags *tags, const struct lat_plan_zone *pz);

/* Names, owned: the ones a cycle re-read one by one. */
struct lat_zoneview_names {
	char **v;
	size_t n, cap;
};

void lat_zoneview_names_cleanup(struct lat_zoneview_names *l);
/*
 * Adds to l each distinct name pz changes that l lacks; *added says how
 * many (copies: pz may go). LAT_ELIMIT when l would pass max names: reading
 * that many one by one costs more than reading the zone whole.
 */
LAT_WUR int lat_zoneview_names_add(struct lat_zoneview_names *l, const struct lat_plan_zone *pz, size_t max,
    size_t *added);
int lat_zoneview_names_has(const struct lat_zoneview_names *l, const char *name);

#endif
