/* cli.c - flags into struct lat_cli, and the help text that documents them. */
#include "controller/cli.h"

#include <getopt.h>
#include <string.h>

#include "common/log.h"
#include "controller/config.h"
#include "controller/httpd.h"
#include "controller/migrate.h"

static const char usage[] =
"usage: latticedns [-c FILE] [--once] [--dry-run] [-o text|json] [--state FILE] [--force] [--full-scan]\n"
"                  [--interval DURATION] [--log-format text|json] [--log-level LEVEL]\n"
"                  [--metrics-address ADDR:PORT]\n"
"       latticedns history [-c FILE] [--state FILE] [--zone Z] [--name N] [--since D] [-o json]\n"
"       latticedns --check-config [-c FILE]\n"
"       latticedns unlock [--force] [-c FILE | --state FILE]\n"
"       latticedns migrate --to tags|txt|state [--dry-run] [-c FILE]\n"
"       latticedns --version | --help\n"
"\n"
"Keeps Route 53 alias records (A and AAAA) and zone tags in step with the VPC Lattice\n"
"services of many AWS accounts, by convergence: list, diff, apply the minimal change.\n"
"\n"
"  -c, --config FILE     configuration (default $LATTICEDNS_CONFIG, then\n"
"                        " LAT_DEFAULT_CONFIG ")\n"
"      --once            run one cycle and exit (a Kubernetes CronJob)\n"
"      --dry-run         list and plan, print the plan, change nothing (implies --once)\n"
"  -o, --output FORMAT   print the plan to stdout: text (default) or json (schemas/plan.schema.json);\n"
"                        with --log-format json only when given (a --dry-run prints JSON)\n"
"      --state FILE      state database (overrides the config's state)\n"
"      --force           apply even when a safety threshold holds changes back\n"
"      --full-scan       read every zone whole in the first cycle, whatever full_scan_every says\n"
"      --interval D      time between cycles, e.g. 30s, 5m, 1h (overrides interval)\n"
"      --log-format F    text or json (overrides log.format)\n"
"      --log-level L     debug, info, warn or error (overrides log.level)\n"
"      --metrics-address A  serve /metrics, /healthz and /readyz on A (HOST:PORT or :PORT;\n"
"                        overrides metrics.address; default :7979, off with --once unless given)\n"
"      --check-config    report every problem in the configuration and exit\n"
"  unlock                remove the run lock of a controller that died, once it is\n"
"                        stale (its pid gone on this host, or silent for 3 of its\n"
"                        intervals and 15 minutes); --force removes a live one too\n"
"  migrate               move ownership to another registry (zone tags, TXT records, the\n"
"                        ledger): write the new one, then remove the old one, every record\n"
"                        owned at each step; --dry-run prints the steps; then set ownership\n"
"      --to MODE         migrate: tags, txt or state\n"
"\n"
"history: every record change latticedns made, oldest first, with the record before and\n"
"after, its service, account and change id (from the state database).\n"
"      --zone Z          only zone Z (its id)\n"
"      --name N          only the name N (api.corp.internal)\n"
"      --since D         only changes within D (24h, 7d is 168h) or since an ISO 8601 time\n"
"  -V, --version         print the version and the git commit it was built from\n"
"  -h, --help            this text\n"
"\n"
"Signals: SIGTERM/SIGINT stop after the change in flight is recorded; SIGHUP reloads the\n"
"configuration (an invalid one is reported and the old one kept).\n"
"\n"
"Exit status:\n"
"  0  converged (with --dry-run: nothing to change)\n"
"  1  fatal: the configuration, the state database, or the zone's account is unusable\n"
"  2  --dry-run found changes\n"
"  3  the cycle finished but left something undone: an account failed to list, a safety\n"
"     threshold held changes back, two services claim one name, a change was refused\n";

const char *
lat_cli_usage(void)
{
	return usage;
}

enum { OPT_STATE = 256, OPT_FORCE, OPT_INTERVAL, OPT_LOG_FORMAT, OPT_LOG_LEVEL, OPT_CHECK,
	OPT_ONCE, OPT_DRY_RUN, OPT_METRICS, OPT_ZONE, OPT_NAME, OPT_SINCE, OPT_FULL_SCAN, OPT_TO };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "output", required_argument, NULL, 'o' },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "full-scan", no_argument, NULL, OPT_FULL_SCAN },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "check-config", no_argument, NULL, OPT_CHECK },
	{ "metrics-address", required_argument, NULL, OPT_METRICS },
	{ "zone", required_argument, NULL, OPT_ZONE },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "to", required_argument, NULL, OPT_TO },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Applies one parsed option; returns 0 or sets d. */
static int
apply_opt(int c, const char *arg, struct lat_cli *o, struct lat_diag *d)
{
	switch (c) {
	case 'c': o->config_path = arg; break;
	case OPT_ONCE: o->once = 1; break;
	case OPT_DRY_RUN: o->dry_run = o->once = 1; break;
	case OPT_STATE: o->state_path = arg; break;
	case OPT_FORCE: o->force = 1; break;
	case OPT_FULL_SCAN: o->full_scan = 1; break;
	case OPT_CHECK: o->check_config = 1; break;
	case OPT_ZONE: o->zone = arg; break;
	case OPT_NAME: o->name = arg; break;
	case OPT_SINCE: o->since = arg; break;
	case OPT_TO:
		if ((o->migrate_to = lat_migrate_mode_parse(arg)) < 0)
			return lat_diag_set(d, LAT_EINVAL, "--to \"%s\": use tags, txt or state", arg);
		break;
	case OPT_METRICS: {
		struct sockaddr_storage ss;
		socklen_t len;

		if (lat_httpd_parse_address(arg, &ss, &len, d) != 0) {
			lat_diag_prefix(d, "--metrics-address");
			return LAT_EINVAL;
		}
		o->metrics_address = arg;
		break;
	}
	case 'V': o->version = 1; break;
	case 'h': o->help = 1; break;
	case 'o':
		o->output_set = 1;
		if (strcmp(arg, "text") == 0)
			o->output = LAT_OUT_TEXT;
		else if (strcmp(arg, "json") == 0)
			o->output = LAT_OUT_JSON;
		else
			return lat_diag_set(d, LAT_EINVAL, "-o \"%s\": unknown output format; use text or json", arg);
		break;
	case OPT_INTERVAL:
		if (lat_config_parse_duration(arg, &o->interval_ms, NULL) != 0 || o->interval_ms < 1000)
			return lat_diag_set(d, LAT_EINVAL,
			    "--interval \"%s\": not a duration of at least 1s; write it like 30s, 5m or 1h", arg);
		break;
	case OPT_LOG_FORMAT:
		if ((o->log_format = lat_log_format_parse(arg)) < 0)
			return lat_diag_set(d, LAT_EINVAL, "--log-format \"%s\": use text or json", arg);
		break;
	case OPT_LOG_LEVEL:
		if ((o->log_level = lat_log_level_parse(arg)) < 0)
			return lat_diag_set(d, LAT_EINVAL,
			    "--log-level \"%s\": use debug, info, warn or error", arg);
		break;
	default:
		return lat_diag_set(d, LAT_EINVAL, "unknown or incomplete option; see latticedns --help");
	}
	return 0;
}

int
lat_cli_parse(int argc, char **argv, const struct lat_env *env, struct lat_cli *o, struct lat_diag *d)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->log_format = o->log_level = o->migrate_to = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:o:Vh", longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			return lat_diag_set(d, LAT_EINVAL, "%s: unknown option or missing value; see latticedns --help",
			    bad ? bad : "?");
		}
		if (apply_opt(c, optarg, o, d) != 0)
			return d ? d->err : LAT_EINVAL;
	}
	/* getopt_long moved the operands last: "history" or "unlock" may stand anywhere among the flags. */
	if (optind < argc && strcmp(argv[optind], "history") == 0) {
		o->history = 1;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "unlock") == 0) {
		o->unlock = 1;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "migrate") == 0) {
		o->migrate = o->once = 1;
		optind++;
	}
	if (optind < argc)
		return lat_diag_set(d, LAT_EINVAL, "unexpected argument \"%s\"; see latticedns --help", argv[optind]);
	if (!o->history && (o->zone || o->name || o->since))
		return lat_diag_set(d, LAT_EINVAL, "%s is an option of `latticedns history`; see latticedns --help",
		    o->zone ? "--zone" : o->name ? "--name" : "--since");
	if (o->migrate && o->migrate_to < 0)
		return lat_diag_set(d, LAT_EINVAL, "`latticedns migrate` needs --to tags, --to txt or --to state");
	if (!o->migrate && o->migrate_to >= 0)
		return lat_diag_set(d, LAT_EINVAL, "--to is an option of `latticedns migrate`; see latticedns --help");
	if (!o->config_path)
		o->config_path = lat_env_get(env, "LATTICEDNS_CONFIG");
	if (!o->config_path)
		o->config_path = LAT_DEFAULT_CONFIG;
	return 0;
}
