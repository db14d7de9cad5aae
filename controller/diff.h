/* diff.h - one zone's three-way diff: the state its passes share and the order they run in (pure). */
#ifndef LAT_DIFF_H
#define LAT_DIFF_H

#include <stddef.h>

#include "common/diag.h"
#include "controller/desired.h"
#include "controller/model.h"
#include "controller/rrindex.h"

/*
 * A zone's diff runs in passes, each in its own module:
 *   winner.c   each desired name (gates: txtown.c, overwrite, adopt.c; tags: tagown.c)
 *   tagown.c   the conflict losers' tags (tags mode)
 *   release.c  each owned name no active service wants
 *   safety.c   the delete threshold over the whole zone
 * lat_diff_zone runs them in that order; plan.c runs it for every zone.
 */
/* A record set this controller owns: from a zone tag (tags mode) or a ledger row (state mode). */
struct lat_diff_owned {
	const char *arn;
	char *name;            /* normalised */
	const char *value;     /* the tag's value (tags mode), for messages */
	int matched;           /* an active service still wants exactly this name */
};

/*
 * Plan-wide sorted indexes, built once: the diff asks "is this ARN a winner?"
 * and "which service has this ARN?" for every owned record, and a linear scan
 * per question made large zones quadratic.
 */
struct lat_diff_win {
	size_t zone;
	const char *arn;
};

struct lat_diff_index {
	struct lat_diff_win *wins;                       /* (zone, ARN) of the desired (winning) services, sorted */
	size_t nwin;
	const struct lat_service **svcs;        /* the listed services by ARN */
	size_t nsvcs;
};

/* Everything one zone's diff works on. */
struct lat_diff {
	const struct lat_core_input *in;
	const struct lat_core_zone *z;
	size_t zi;
	const struct lat_desired_set *des;
	struct lat_plan *plan;
	struct lat_plan_zone *pz;
	const struct lat_rrindex *live;     /* this zone's records by (name, type) */
	const struct lat_diff_index *lk;            /* the plan-wide indexes */
	struct lat_diff_owned *own;                  /* sorted by (name, arn), no duplicates */
	size_t nown;
	long live_tags;        /* tags the zone holds now */
	long tag_room;         /* tags it can still take */
};

/* The types latticedns writes: A + AAAA aliases, or (cname and target styles) a CNAME. */
#define LAT_DIFF_NTYPES 3
extern const char *const lat_diff_types[LAT_DIFF_NTYPES];

/* Builds the plan-wide indexes from the input and the desired set; both must outlive *lk. */
LAT_WUR int lat_diff_index_build(const struct lat_core_input *in, const struct lat_desired_set *des,
    struct lat_diff_index *lk);
void lat_diff_index_cleanup(struct lat_diff_index *lk);
/* The listed service or resource configuration with this ARN, or NULL. */
const struct lat_service *lat_diff_service(const struct lat_diff_index *lk, const char *arn);
/* Whether arn wins a name in zone zi (a move within the zone; another view's zone does not count). */
int lat_diff_wins(const struct lat_diff_index *lk, size_t zi, const char *arn);

/* The first owned entry whose name is not less than name (zd->nown when none). */
size_t lat_diff_owned_lower(const struct lat_diff *zd, const char *name);
/* Whether anything of ours owns name in this zone. */
int lat_diff_owned_at(const struct lat_diff *zd, const char *name);

/*
 * Diffs zone zd->zi into zd->pz: fills the owned set, then runs the passes.
 * Notes, conflicts and the safety flag go to zd->plan. The caller sets up
 * everything but own/nown (zeroed); the owned set is freed before return.
 */
LAT_WUR int lat_diff_zone(struct lat_diff *zd);

#endif


