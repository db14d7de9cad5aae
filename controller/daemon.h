/* daemon.h - the process around the cycles: config, state, providers, signals, the loop. */
#ifndef LAT_DAEMON_H
#define LAT_DAEMON_H

#include "common/env.h"
#include "controller/cli.h"

/*
 * Runs what the flags ask for (one cycle, a dry run, or the long-running
 * loop) and returns the process's exit code (enum lat_exit). Messages go
 * to the log (stderr); the plan goes to stdout. env is the process
 * environment (AWS_* variables, endpoint overrides).
 */
int lat_daemon_run(const struct lat_cli *cli, const struct lat_env *env);

/*
 * `latticedns unlock [--force]`: removes the run lock of the state database
 * (--state, else the config's) once it is confirmed stale, or at once with
 * --force; prints what it removed. 0, or 1 when the holder is live.
 */
int lat_daemon_unlock(const struct lat_cli *cli);

/* Installs the SIGTERM/SIGINT/SIGHUP handlers, which only set flags. */
void lat_daemon_signals(void);

#endif
