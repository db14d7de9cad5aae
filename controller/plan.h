/* plan.h - the plan value's builders the diff passes share (pure); lat_plan_build is in model.h. */
#ifndef LAT_PLAN_H
#define LAT_PLAN_H

#include <stddef.h>

#include "common/diag.h"
#include "common/types.h"
#include "controller/model.h"

/*
 * Appends a record change to the zone: copies send (and before, when not
 * NULL) and the strings; the plan owns them (lat_plan_cleanup frees).
 */
LAT_WUR int lat_plan_change_add(struct lat_plan_zone *pz, enum lat_change_kind kind, const struct lat_rrset *send,
    const struct lat_rrset *before, const char *arn, const char *account, const char *reason);

/* Appends a tag (key, value: copied; value may be NULL) to *v, after_records 0. */
LAT_WUR int lat_plan_tag_add(struct lat_plan_tag **v, size_t *n, const char *key, const char *value);

#endif
