/* txtown.h - ownership: txt in the diff: the registry TXT that goes with a name's records (pure). */
#ifndef LAT_TXTOWN_H
#define LAT_TXTOWN_H

#include "common/buf.h"
#include "common/diag.h"
#include "controller/desired.h"
#include "controller/diff.h"
#include "controller/registry.h"

/*
 * What holds the registry name of ds's name. Free or ours: *reg is the live
 * TXT (NULL: none; borrowed from the zone's records), *e what it says (the
 * caller frees it with lat_reg_entry_cleanup) and why stays empty. Another
 * owner's, another tool's, a broken one, a user's TXT or a CNAME there: why
 * says so, and nothing at the name is written.
 */
LAT_WUR int lat_txtown_gate(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_rrset **reg,
    struct lat_reg_entry *e, struct lat_buf *why);

/* The registry record of a wanted name (create or update; reg and e from lat_txtown_gate), unless it names ds already. */
LAT_WUR int lat_txtown_want(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_rrset *reg,
    const struct lat_reg_entry *e);

/* The DELETE of a released name's registry record, in the unit of its records; nothing when none is live. */
LAT_WUR int lat_txtown_release(struct lat_diff *zd, const struct lat_diff_owned *o, const char *account,
    const char *why);

#endif
