/* history.h - `latticedns history`: the audit trail of the state database, as text or JSON. */
#ifndef LAT_HISTORY_H
#define LAT_HISTORY_H

#include "controller/cli.h"

/*
 * Prints the changes the filters of cli select (stdout) and returns the
 * exit code: 0, or 1 with the reason on stderr (no database, a bad --since).
 * now_ms is the present, for --since 24h.
 */
int lat_history_run(const struct lat_cli *cli, int64_t now_ms);

#endif
