/* main.c - latticedns: flags, then the daemon; the only place that picks the exit code. */
#include <stdio.h>
#include <stdlib.h>

#include "common/diag.h"
#include "common/env.h"
#include "common/log.h"
#include "controller/cli.h"
#include "controller/config.h"
#include "controller/daemon.h"
#include "controller/history.h"
#include "providers/aws/client.h"

/* --check-config: every problem at once, then 0 or 1. */
static int
check_config(const struct lat_cli *cli)
{
	struct lat_config cfg = { 0 };
	struct lat_diag d = { 0 };
	int rc = lat_config_load(cli->config_path, &cfg, &d);

	if (rc == 0)
		printf("%s: OK (%zu zone%s, %zu account%s)\n", cli->config_path, cfg.nzones,
		    cfg.nzones == 1 ? "" : "s", cfg.naccounts, cfg.naccounts == 1 ? "" : "s");
	else
		fprintf(stderr, "%s\n", lat_diag_msg(&d));
	lat_config_cleanup(&cfg);
	lat_diag_cleanup(&d);
	return rc == 0 ? LAT_EXIT_OK : LAT_EXIT_FATAL;
}

int
main(int argc, char **argv)
{
	struct lat_cli cli;
	struct lat_diag d = { 0 };

	if (lat_cli_parse(argc, argv, lat_env_system(), &cli, &d) != 0) {
		fprintf(stderr, "latticedns: %s\nTry 'latticedns --help'.\n", lat_diag_msg(&d));
		lat_diag_cleanup(&d);
		return LAT_EXIT_FATAL;
	}
	if (cli.help) {
		fputs(lat_cli_usage(), stdout);
		return LAT_EXIT_OK;
	}
	if (cli.version) {
		printf("latticedns %s\n", LAT_VERSION);
		return LAT_EXIT_OK;
	}
	if (cli.check_config)
		return check_config(&cli);
	if (cli.history) {
		const struct lat_clock *clk = lat_clock_system();

		return lat_history_run(&cli, clk->now_ms(clk->ctx));
	}
	if (cli.unlock)
		return lat_daemon_unlock(&cli);
	lat_daemon_signals();
	return lat_daemon_run(&cli, lat_env_system());
}
