/* release.h - an owned name no active service wants: deleted with positive evidence, or held (pure). */
#ifndef LAT_RELEASE_H
#define LAT_RELEASE_H

#include "common/diag.h"
#include "controller/diff.h"

/*
 * Plans the release of owned entry o of zone zd: held (a note in
 * zd->plan->held) while its owner's account and region did not list OK or
 * its selector value changed; else the DELETE of each live record of ours
 * at the name (never the apex; a record we did not write is held and left),
 * its tag's removal (tags mode, unless it moved) and its registry TXT's
 * DELETE (txt mode). A name another of our services now wins keeps its records.
 */
LAT_WUR int lat_release_plan(struct lat_diff *zd, const struct lat_diff_owned *o);

#endif
