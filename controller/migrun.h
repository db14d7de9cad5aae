/* migrun.h - `latticedns migrate`: plan, print and apply a migration (the I/O around migrate.c). */
#ifndef LAT_MIGRUN_H
#define LAT_MIGRUN_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "common/diag.h"
#include "controller/migrate.h"
#include "controller/provider.h"

struct lat_state;

/* Everything borrowed. */
struct lat_migrun_opts {
	const struct lat_core_input *in;
	enum lat_ownership to;
	const char *config_path;
	struct lat_dns *dns;
	struct lat_state *st;
	int dry_run;
	FILE *out;
	int64_t now_ms;
	volatile sig_atomic_t *cancel;
};

/*
 * Plans, prints and (unless dry_run) applies: per zone step 1, then step 2
 * only when every write of step 1 went through. *exit_code: 0 done (or,
 * with dry_run, nothing to do), 2 dry_run found changes, 3 something left
 * undone or refused. Returns an error only for a fatal condition.
 */
LAT_WUR int lat_migrun_run(const struct lat_migrun_opts *o, int *exit_code, long *write_calls,
    struct lat_diag *d);

#endif
