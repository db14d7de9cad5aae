/* winner.h - one name a service or resource configuration wins: gates, registry entry, records (pure). */
#ifndef LAT_WINNER_H
#define LAT_WINNER_H

#include "common/diag.h"
#include "controller/desired.h"
#include "controller/diff.h"

/*
 * Plans ds's name in zone zd: when something not ours holds the name (its
 * registry TXT, a record overwrite: owned-only keeps, an alias adopt cannot
 * take) a conflict in zd->plan and nothing else; else its registry entry
 * (a zone tag within the tag room, or its TXT), the records the zone's style
 * wants there (and their ledger rows in pz->owned_after), and the owned
 * entries it still wants marked matched. Every string is copied into the plan.
 */
LAT_WUR int lat_winner_plan(struct lat_diff *zd, const struct lat_desired *ds);

#endif
