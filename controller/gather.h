/* gather.h - the cycle's inventory stage: every (account, region) listed, gated, recorded and merged. */
#ifndef LAT_GATHER_H
#define LAT_GATHER_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "common/types.h"
#include "controller/model.h"
#include "controller/provider.h"

struct lat_clock;
struct lat_config;
struct lat_state;

/* Everything borrowed. */
struct lat_gather_opts {
	const struct lat_config *cfg;
	struct lat_inventory *inv;
	struct lat_state *st;          /* the last successful listing's count (the sanity gate); the inventory rows */
	const struct lat_clock *clock; /* NULL: lat_clock_system() */
	int dry_run;                   /* no inventory rows written */
	int force;                     /* no sanity gate */
};

/*
 * Step 1 of a cycle. Lists every (account, region) of the config through
 * the inventory table, then per listing: the sanity gate (listed 0 where
 * the last successful listing had services: held this one cycle, as a
 * failure), a log line, its row in the state database (one transaction for
 * all). Then one service per ARN, the owner's sighting winning (a service
 * shared through AWS RAM is listed by every account it is shared with, but
 * only its owner's listing has its tags), and the core's view of the
 * accounts: which regions listed OK.
 *
 * Owns everything it holds but the targets' strings, which are the
 * config's; lat_gather_cleanup frees it, and is safe on a zeroed or
 * half-filled one. The services are moved out of inv, not
 * copied (20,000 of them would be ~20 MiB twice): inv keeps each listing's
 * outcome, no services.
 */
struct lat_gather {
	struct lat_inv_target *targets;      /* per (account, region), in the config's order */
	size_t ntargets;
	struct lat_inv_result inv;           /* per target: listed OK or its error */
	struct lat_service_list services;    /* the merged services */
	struct lat_core_account *accounts;   /* cfg->naccounts; their regions point into regions */
	struct lat_core_region *regions;     /* ntargets */
	long failed_accounts;                /* listings failed or held by the gate, counted as they are */
};

/*
 * Fills g (zeroed by the caller). Returns 0 whatever any listing found, or
 * a fatal error (the inventory table's, the state database's, out of
 * memory) with d set; g->failed_accounts counts what was seen by then.
 */
LAT_WUR int lat_gather_run(struct lat_gather *g, const struct lat_gather_opts *o, struct lat_diag *d);
void lat_gather_cleanup(struct lat_gather *g);

#endif
