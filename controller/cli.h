/* cli.h - the command line: flags into a struct, the help text, the exit codes. */
#ifndef LAT_CLI_H
#define LAT_CLI_H

#include <stdint.h>

#include "common/diag.h"
#include "common/env.h"

/* Exit codes; a Kubernetes CronJob fails exactly when something needs attention. */
enum lat_exit {
	LAT_EXIT_OK = 0,       /* converged; with --dry-run: nothing to change */
	LAT_EXIT_FATAL = 1,    /* config, state database, or the zone's own account unusable */
	LAT_EXIT_CHANGES = 2,  /* --dry-run found changes */
	LAT_EXIT_UNDONE = 3,   /* the cycle finished but left something undone */
};

enum lat_output { LAT_OUT_TEXT, LAT_OUT_JSON };

/* Parsed flags. Strings are borrowed from argv or the environment. */
struct lat_cli {
	const char *config_path;   /* -c; default $LATTICEDNS_CONFIG, then /etc/latticedns/latticedns.yaml */
	const char *state_path;    /* --state; NULL: the config's */
	const char *metrics_address;  /* --metrics-address; NULL: the config's */
	int once;
	int dry_run;               /* implies once */
	int force;
	int full_scan;             /* --full-scan: the first cycle reads every zone whole */
	int check_config;
	int unlock;                /* the `unlock` command */
	int migrate;               /* the `migrate` command (implies once) */
	int migrate_to;            /* migrate --to: enum lat_ownership */
	int version;
	int help;
	enum lat_output output;    /* -o */
	int output_set;            /* -o was given: the plan is printed whatever the log format */
	int64_t interval_ms;       /* --interval; 0: the config's */
	int log_format;            /* enum lat_log_format, or -1: the config's */
	int log_level;             /* enum lat_log_level, or -1: the config's */
	int history;               /* `latticedns history`: print the audit trail */
	const char *zone;          /* history --zone */
	const char *name;          /* history --name */
	const char *since;         /* history --since: a duration back from now, or an ISO 8601 time */
};

#define LAT_DEFAULT_CONFIG "/etc/latticedns/latticedns.yaml"

/* Parses argv (getopt_long; resets optind). A bad flag sets d with the flag and the fix. */
LAT_WUR int lat_cli_parse(int argc, char **argv, const struct lat_env *env, struct lat_cli *out,
    struct lat_diag *d);
/* The --help text. */
const char *lat_cli_usage(void);

#endif
