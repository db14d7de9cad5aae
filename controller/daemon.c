/* daemon.c - config, state, providers and signals around the cycles; the long-running loop. */
#include "controller/daemon.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "controller/config.h"
#include "controller/reconcile.h"
#include "providers/aws/awsdns.h"
#include "providers/aws/awsinv.h"
#include "providers/aws/client.h"
#include "providers/aws/creds.h"
#include "state/store.h"

/* The only mutable globals besides the parsed config: flags set by signal handlers. */
static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t reload_flag;
static volatile sig_atomic_t wake_flag;     /* either of the above: ends the wait between cycles */

static void
on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
	wake_flag = 1;
}

static void
on_reload(int sig)
{
	(void)sig;
	reload_flag = 1;
	wake_flag = 1;
}

void
lat_daemon_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_reload;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* What a config builds: the AWS setup and the two provider tables. Rebuilt on reload. */
struct runtime {
	struct lat_config cfg;
	struct lat_aws_setup setup;
	struct lat_creds_provider *base;
	struct lat_inventory *inv;
	struct lat_dns *dns;
};

static void
runtime_cleanup(struct runtime *rt)
{
	lat_inventory_free(rt->inv);
	lat_dns_free(rt->dns);
	lat_creds_provider_free(rt->base);
	lat_config_cleanup(&rt->cfg);
	memset(rt, 0, sizeof(*rt));
}

/* Loads the config and applies the flags that override it. */
static int
runtime_config(struct runtime *rt, const struct lat_cli *cli, struct lat_diag *d)
{
	int rc = lat_config_load(cli->config_path, &rt->cfg, d);

	if (rc != 0)
		return rc;
	if (cli->state_path != NULL) {
		char *s = strdup(cli->state_path);

		if (s == NULL)
			return lat_diag_set(d, LAT_ENOMEM, "out of memory");
		free(rt->cfg.state_path);
		rt->cfg.state_path = s;
	}
	if (cli->interval_ms > 0)
		rt->cfg.interval_ms = cli->interval_ms;
	return 0;
}

static int
chain_transport(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	return lat_http_curl_new(arg, out, d);
}

static int
runtime_open(struct runtime *rt, const struct lat_cli *cli, const struct lat_env *env,
    struct lat_diag *d)
{
	const struct lat_config *c = &rt->cfg;
	int rc;

	if ((rc = runtime_config(rt, cli, d)) != 0)
		return rc;
	struct lat_creds_chain_opts co = {
		.env = env, .region = c->region, .new_transport = chain_transport, .transport_arg = &rt->setup.http,
		.clock = lat_clock_system(), .cancel = &stop_flag,
	};

	rt->setup.http = (struct lat_http_opts){
		.connect_timeout_ms = 3000, .timeout_ms = 30000,
		.ca_bundle = c->ca_bundle ? c->ca_bundle : lat_env_get(env, "AWS_CA_BUNDLE"),
	};
	if ((rc = lat_creds_chain_new(&co, &rt->base, d)) != 0) {
		lat_diag_prefix(d, "the controller's own AWS credentials");
		return rc;
	}
	rt->setup = (struct lat_aws_setup){
		.env = env,
		.home_region = c->region,
		.base = rt->base,
		.http = rt->setup.http,
		.max_attempts = c->max_attempts,
		.route53_rps = c->route53_rps,
		.route53_burst = c->route53_burst,
		.concurrency = (size_t)c->concurrency,
		.tag_source_lattice = c->tag_source == LAT_TAGSRC_LATTICE,
		.dns_role_arn = c->dns_role_arn,
		.dns_external_id = c->dns_external_id,
		.clock = lat_clock_system(),
		.cancel = &stop_flag,
	};
	if ((rc = lat_awsinv_new(&rt->setup, &rt->inv, d)) != 0 ||
	    (rc = lat_awsdns_new(&rt->setup, &rt->dns, d)) != 0)
		return rc;
	return 0;
}

static void
log_setup(const struct lat_cli *cli, const struct lat_config *cfg)
{
	int level = cli->log_level, format = cli->log_format;

	if (level < 0)
		level = cfg && cfg->log_level ? lat_log_level_parse(cfg->log_level) : LAT_LOG_INFO;
	if (format < 0)
		format = cfg && cfg->log_format ? lat_log_format_parse(cfg->log_format) : LAT_LOG_TEXT;
	lat_log_setup(level < 0 ? LAT_LOG_INFO : level, format < 0 ? LAT_LOG_TEXT : format, stderr);
}

static int
cycle(struct runtime *rt, struct lat_state *st, const struct lat_cli *cli)
{
	struct lat_reconcile_result res;
	struct lat_diag d = { 0 };
	struct lat_reconcile_opts o = {
		.cfg = &rt->cfg,
		.inv = rt->inv,
		.dns = rt->dns,
		.st = st,
		.dry_run = cli->dry_run,
		.force = cli->force,
		.output = cli->output,
		.plan_out = (cli->once || lat_log_enabled(LAT_LOG_DEBUG)) ? stdout : NULL,
		.clock = lat_clock_system(),
		.cancel = &stop_flag,
	};

	if (lat_reconcile_run(&o, &res, &d) != 0) {
		lat_log(LAT_LOG_ERROR, "cycle", "%s", lat_diag_msg(&d));
		lat_diag_cleanup(&d);
		return LAT_EXIT_FATAL;
	}
	lat_log(res.exit_code == LAT_EXIT_UNDONE ? LAT_LOG_WARN : LAT_LOG_INFO, "cycle",
	    "cycle done: %ld created, %ld updated, %ld deleted, tags +%ld -%ld; %ld skipped, "
	    "%ld conflicts, %ld held, %ld accounts failed, %ld changes failed (exit %d)",
	    res.create, res.update, res.del, res.tags_add, res.tags_remove, res.skipped,
	    res.conflicts, res.held, res.failed_accounts, res.failed_changes, res.exit_code);
	return res.exit_code;
}

/* Sleeps interval ± 10% (so many controllers do not call AWS in step); returns early on a signal. */
static void
wait_next(const struct lat_config *cfg)
{
	const struct lat_clock *clk = lat_clock_system();
	double jitter = (clk->rand01(clk->ctx) * 0.2 - 0.1) * (double)cfg->interval_ms;
	int64_t ms = cfg->interval_ms + (int64_t)jitter;

	/* Cleared before the flags are tested, so a signal between the two is not lost. */
	wake_flag = 0;
	while (ms > 0 && !stop_flag && !reload_flag) {
		int64_t slice = ms > 1000 ? 1000 : ms;

		if (clk->sleep_ms(clk->ctx, slice, &wake_flag) != 0)
			break;
		ms -= slice;
	}
}

/*
 * SIGHUP: a fresh runtime from the file; the old one stays when the new one
 * is invalid. Runtimes live on the heap because the providers point at
 * their setup.
 */
static struct runtime *
reload(struct runtime *rt, const struct lat_cli *cli, const struct lat_env *env)
{
	struct runtime *next = calloc(1, sizeof(*next));
	struct lat_diag d = { 0 };

	reload_flag = 0;
	if (next == NULL || runtime_open(next, cli, env, &d) != 0) {
		lat_log(LAT_LOG_ERROR, "reload", "%s; keeping the running configuration",
		    next == NULL ? "out of memory" : lat_diag_msg(&d));
		if (next != NULL)
			runtime_cleanup(next);
		free(next);
		lat_diag_cleanup(&d);
		return rt;
	}
	if (strcmp(next->cfg.state_path, rt->cfg.state_path) != 0)
		lat_log(LAT_LOG_WARN, "reload", "state: %s -> %s takes effect at the next start",
		    rt->cfg.state_path, next->cfg.state_path);
	log_setup(cli, &next->cfg);
	runtime_cleanup(rt);
	free(rt);
	lat_log(LAT_LOG_INFO, "reload", "configuration %s reloaded", cli->config_path);
	return next;
}

/*
 * How long an unrefreshed run lock is honoured: three intervals, and at
 * least 15 minutes, so a slow cycle is never mistaken for a dead one.
 */
static int64_t
lock_stale_ms(const struct lat_config *c)
{
	int64_t three = 3 * c->interval_ms;

	return three > 15 * 60 * 1000 ? three : 15 * 60 * 1000;
}

int
lat_daemon_run(const struct lat_cli *cli, const struct lat_env *env)
{
	struct runtime *rt = calloc(1, sizeof(*rt));
	struct lat_state *st = NULL;
	struct lat_diag d = { 0 };
	int code = LAT_EXIT_FATAL;

	log_setup(cli, NULL);
	if (rt == NULL || lat_http_global_init(&d) != 0)
		goto out;
	if (runtime_open(rt, cli, env, &d) != 0)
		goto out;
	log_setup(cli, &rt->cfg);
	if (lat_state_open(rt->cfg.state_path, &st, &d) != 0)
		goto out;
	for (;;) {
		/*
		 * The heartbeat: refreshed every cycle so a live daemon's lock never
		 * looks stale. A dry run applies nothing, so it may look at a database
		 * a running controller holds.
		 */
		if (!cli->dry_run && lat_state_lock(st, "latticedns", lat_clock_system()->now_ms(NULL),
		    lock_stale_ms(&rt->cfg), &d) != 0) {
			code = LAT_EXIT_FATAL;
			break;
		}
		code = cycle(rt, st, cli);
		if (cli->once || stop_flag)
			break;
		wait_next(&rt->cfg);
		if (stop_flag)
			break;
		if (reload_flag)
			rt = reload(rt, cli, env);
	}
	if (stop_flag && !cli->once)
		code = LAT_EXIT_OK;
	lat_state_unlock(st);
out:
	if (d.err != 0)
		lat_log(LAT_LOG_ERROR, "fatal", "%s", lat_diag_msg(&d));
	lat_state_close(st);
	if (rt != NULL)
		runtime_cleanup(rt);
	free(rt);
	lat_diag_cleanup(&d);
	lat_http_global_cleanup();
	return code;
}
