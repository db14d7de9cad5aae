/* safety.h - the delete threshold over one zone's plan (pure). */
#ifndef LAT_SAFETY_H
#define LAT_SAFETY_H

#include "common/diag.h"
#include "controller/diff.h"

/*
 * Counts the live records latticedns owns in the zone (zd->pz->owned) and
 * those the plan deletes or overwrites; above max_delete_percent (and at
 * least min_records_for_threshold owned, without --force) marks the zone and
 * the plan safety_blocked, with the reason in zd->pz->safety_reason.
 */
LAT_WUR int lat_safety_check(struct lat_diff *zd);

#endif
