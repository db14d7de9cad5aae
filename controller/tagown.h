/* tagown.h - ownership: tags in the diff: the zone tags planned for winners and losers, within the tag room (pure). */
#ifndef LAT_TAGOWN_H
#define LAT_TAGOWN_H

#include "common/diag.h"
#include "controller/desired.h"
#include "controller/diff.h"

/*
 * A winner's tag: added or rewritten (a move: rewritten after its records),
 * taking one of zd->tag_room when new. *blocked 1 (and a note in
 * zd->plan->blocked) when the zone has no room left: the name gets nothing.
 */
LAT_WUR int lat_tagown_want(struct lat_diff *zd, const struct lat_desired *ds, int *blocked);

/* A conflict loser's tag, as the pipeline wrote one per claimant: added while room is left (tags mode only). */
LAT_WUR int lat_tagown_loser(struct lat_diff *zd, const struct lat_desired *ds);

#endif
