/* daemon.c - config, state, providers and signals around the cycles; the long-running loop. */
#include "controller/daemon.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "controller/config.h"
#include "controller/httpd.h"
#include "controller/metrics.h"
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
	struct lat_aws_observer observer;   /* every AWS attempt into the metrics; setup points here */
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
    struct lat_metrics *metrics, struct lat_diag *d)
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
		.connect_timeout_ms = 3000, .timeout_ms = c->timeout_ms,
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
		.observer = &rt->observer,
	};
	rt->observer = (struct lat_aws_observer){ .fn = lat_metrics_aws_request, .arg = metrics };
	if ((rc = lat_awsinv_new(&rt->setup, &rt->inv, d)) != 0 ||
	    (rc = lat_awsdns_new(&rt->setup, &rt->dns, d)) != 0)
		return rc;
	return 0;
}

static enum lat_log_format
log_format_of(const struct lat_cli *cli, const struct lat_config *cfg)
{
	int format = cli->log_format;

	if (format < 0)
		format = cfg && cfg->log_format ? lat_log_format_parse(cfg->log_format) : LAT_LOG_TEXT;
	return format < 0 ? LAT_LOG_TEXT : (enum lat_log_format)format;
}

static void
log_setup(const struct lat_cli *cli, const struct lat_config *cfg)
{
	int level = cli->log_level;

	if (level < 0)
		level = cfg && cfg->log_level ? lat_log_level_parse(cfg->log_level) : LAT_LOG_INFO;
	lat_log_setup(level < 0 ? LAT_LOG_INFO : level, log_format_of(cli, cfg), stderr);
}

/*
 * Where the plan goes. A container log is stdout and stderr together: with
 * JSON logs the text plan would make it unparsable, so then the plan is
 * printed only when -o asks for it (a dry run, which exists to show the
 * plan, prints it as JSON). With text logs a --once run prints it, and the
 * loop at debug level.
 */
static FILE *
plan_stream(const struct lat_cli *cli, const struct lat_config *cfg, enum lat_output *format)
{
	*format = cli->output;
	if (cli->output_set)
		return stdout;
	if (log_format_of(cli, cfg) == LAT_LOG_JSON) {
		*format = LAT_OUT_JSON;
		return cli->dry_run ? stdout : NULL;
	}
	return cli->once || lat_log_enabled(LAT_LOG_DEBUG) ? stdout : NULL;
}

/*
 * The counts are of what happened: a change a safety threshold held back,
 * or one Route 53 refused, is not counted as made; "planned" says what the
 * plan wanted, so the log, the run row and the plan can be compared.
 */
static void
log_cycle(const struct lat_reconcile_result *r, int64_t duration_ms)
{
	struct lat_log_field f[] = {
		LAT_LOG_I("created", r->applied_create), LAT_LOG_I("updated", r->applied_update),
		LAT_LOG_I("deleted", r->applied_del),
		LAT_LOG_I("planned_create", r->create), LAT_LOG_I("planned_update", r->update),
		LAT_LOG_I("planned_delete", r->del),
		LAT_LOG_I("tags_added", r->tags_add), LAT_LOG_I("tags_removed", r->tags_remove),
		LAT_LOG_I("skipped", r->skipped), LAT_LOG_I("conflicts", r->conflicts), LAT_LOG_I("held", r->held),
		LAT_LOG_I("safety_held", r->safety_held), LAT_LOG_I("blocked", r->blocked),
		LAT_LOG_I("accounts_failed", r->failed_accounts), LAT_LOG_I("changes_failed", r->failed_changes),
		LAT_LOG_I("exit", r->exit_code), LAT_LOG_I("duration_ms", duration_ms),
	};

	lat_log_fields(r->exit_code == LAT_EXIT_UNDONE ? LAT_LOG_WARN : LAT_LOG_INFO, "cycle", f,
	    sizeof(f) / sizeof(f[0]),
	    "cycle done: %ld created, %ld updated, %ld deleted (planned %ld/%ld/%ld), tags +%ld -%ld; "
	    "%ld skipped, %ld conflicts, %ld held, %ld held by safety, %ld accounts failed, "
	    "%ld changes failed (exit %d)",
	    r->applied_create, r->applied_update, r->applied_del, r->create, r->update, r->del,
	    r->tags_add, r->tags_remove, r->skipped, r->conflicts, r->held, r->safety_held,
	    r->failed_accounts, r->failed_changes, r->exit_code);
}

/*
 * A dry run reads a database it may not write (a read-only copy or mount):
 * an existing file this process cannot write is opened read-only; anything
 * else is opened, created and migrated as usual.
 */
static int
open_state(const char *path, const struct lat_cli *cli, struct lat_state **st, struct lat_diag *d)
{
	if (cli->dry_run && access(path, F_OK) == 0 && access(path, W_OK) != 0 &&
	    (errno == EACCES || errno == EROFS || errno == EPERM)) {
		lat_log(LAT_LOG_INFO, "state", "state database %s is not writable: the dry run reads it only", path);
		return lat_state_open_readonly(path, st, d);
	}
	return lat_state_open(path, st, d);
}

static int
cycle(struct runtime *rt, struct lat_state *st, const struct lat_cli *cli, struct lat_metrics *metrics)
{
	const struct lat_clock *clk = lat_clock_system();
	int64_t began = clk->now_ms(clk->ctx);
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
		.plan_out = NULL,
		.clock = clk,
		.cancel = &stop_flag,
		.metrics = metrics,
	};

	o.plan_out = plan_stream(cli, &rt->cfg, &o.output);
	lat_metrics_cycle_begin(metrics, began);
	if (lat_reconcile_run(&o, &res, &d) != 0) {
		struct lat_log_field f[] = { LAT_LOG_I("exit", LAT_EXIT_FATAL),
			LAT_LOG_I("duration_ms", clk->now_ms(clk->ctx) - began) };

		lat_log_fields(LAT_LOG_ERROR, "cycle", f, 2, "%s", lat_diag_msg(&d));
		lat_diag_cleanup(&d);
		return LAT_EXIT_FATAL;
	}
	log_cycle(&res, clk->now_ms(clk->ctx) - began);
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

static int
same0(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * SIGHUP: a fresh runtime from the file; the old one stays when the new one
 * is invalid. Runtimes live on the heap because the providers point at
 * their setup.
 */
static struct runtime *
reload(struct runtime *rt, const struct lat_cli *cli, const struct lat_env *env, struct lat_metrics *metrics)
{
	struct runtime *next = calloc(1, sizeof(*next));
	struct lat_diag d = { 0 };

	reload_flag = 0;
	if (next == NULL || runtime_open(next, cli, env, metrics, &d) != 0) {
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
	if (!same0(next->cfg.metrics_address, rt->cfg.metrics_address))
		lat_log(LAT_LOG_WARN, "reload", "metrics.address: %s -> %s takes effect at the next start",
		    rt->cfg.metrics_address ? rt->cfg.metrics_address : "(default)",
		    next->cfg.metrics_address ? next->cfg.metrics_address : "(default)");
	lat_metrics_configure(metrics, next->cfg.interval_ms, next->cfg.cycle_timeout_ms);
	log_setup(cli, &next->cfg);
	runtime_cleanup(rt);
	free(rt);
	lat_log(LAT_LOG_INFO, "reload", "configuration %s reloaded", cli->config_path);
	return next;
}

static const char *
mode_name(const struct lat_cli *cli)
{
	return cli->dry_run ? "dry-run" : cli->once ? "once" : "controller";
}

/*
 * The endpoint serves the long-running controller by default (a Deployment's
 * probes need it); a --once run, a CronJob's, serves only when asked, so two
 * runs on one node do not fight over a port.
 */
static const char *
metrics_address(const struct lat_cli *cli, const struct lat_config *cfg)
{
	if (cli->metrics_address != NULL)
		return cli->metrics_address;
	if (cfg->metrics_address != NULL)
		return cfg->metrics_address;
	return cli->once ? NULL : ":7979";
}

static int
start_httpd(const struct lat_cli *cli, const struct lat_config *cfg, struct lat_metrics *m,
    struct lat_httpd **out, struct lat_diag *d)
{
	const char *addr = metrics_address(cli, cfg);
	struct lat_httpd_opts o = { .address = addr, .metrics = m, .clock = lat_clock_system() };

	*out = NULL;
	if (addr == NULL)
		return 0;
	return lat_httpd_start(&o, out, d);
}

static void
log_start(const struct lat_cli *cli, const struct lat_config *cfg, const struct lat_httpd *h)
{
	struct lat_log_field f[] = {
		LAT_LOG_S("version", LAT_VERSION), LAT_LOG_S("config", cli->config_path),
		LAT_LOG_S("mode", mode_name(cli)), LAT_LOG_I("zones", cfg->nzones),
		LAT_LOG_I("accounts", cfg->naccounts), LAT_LOG_I("interval_ms", cfg->interval_ms),
		LAT_LOG_S("state", cfg->state_path), LAT_LOG_S("metrics_address", h ? lat_httpd_address(h) : NULL),
	};

	lat_log_fields(LAT_LOG_INFO, "start", f, sizeof(f) / sizeof(f[0]),
	    "latticedns %s starting (%s): config %s, %zu zone%s, %zu account%s, state %s, metrics %s",
	    LAT_VERSION, mode_name(cli), cli->config_path, cfg->nzones, cfg->nzones == 1 ? "" : "s",
	    cfg->naccounts, cfg->naccounts == 1 ? "" : "s", cfg->state_path,
	    h ? lat_httpd_address(h) : "off");
}

static void
log_stop(int code, long cycles)
{
	struct lat_log_field f[] = {
		LAT_LOG_S("reason", stop_flag ? "signal" : code == LAT_EXIT_FATAL ? "fatal" : "done"),
		LAT_LOG_I("exit", code), LAT_LOG_I("cycles", cycles),
	};

	lat_log_fields(code == LAT_EXIT_FATAL ? LAT_LOG_ERROR : LAT_LOG_INFO, "stop", f, 3,
	    "latticedns stopping after %ld cycle%s (%s), exit %d", cycles, cycles == 1 ? "" : "s",
	    stop_flag ? "signal" : code == LAT_EXIT_FATAL ? "fatal" : "done", code);
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
	const struct lat_clock *clk = lat_clock_system();
	struct lat_state *st = NULL;
	struct lat_metrics *metrics = NULL;
	struct lat_httpd *httpd = NULL;
	struct lat_diag d = { 0 };
	int code = LAT_EXIT_FATAL;
	long cycles = 0;

	log_setup(cli, NULL);
	if (rt == NULL || lat_http_global_init(&d) != 0)
		goto out;
	if (lat_metrics_new(LAT_VERSION, clk->now_ms(clk->ctx), &metrics, &d) != 0)
		goto out;
	if (runtime_open(rt, cli, env, metrics, &d) != 0)
		goto out;
	log_setup(cli, &rt->cfg);
	lat_metrics_configure(metrics, rt->cfg.interval_ms, rt->cfg.cycle_timeout_ms);
	if (open_state(rt->cfg.state_path, cli, &st, &d) != 0 ||
	    start_httpd(cli, &rt->cfg, metrics, &httpd, &d) != 0)
		goto out;
	log_start(cli, &rt->cfg, httpd);
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
		code = cycle(rt, st, cli, metrics);
		cycles++;
		if (cli->once || stop_flag)
			break;
		wait_next(&rt->cfg);
		if (stop_flag)
			break;
		if (reload_flag)
			rt = reload(rt, cli, env, metrics);
	}
	if (stop_flag && !cli->once)
		code = LAT_EXIT_OK;
	lat_state_unlock(st);
	log_stop(code, cycles);
out:
	if (d.err != 0)
		lat_log(LAT_LOG_ERROR, "fatal", "%s", lat_diag_msg(&d));
	lat_httpd_stop(httpd);
	lat_metrics_free(metrics);
	lat_state_close(st);
	if (rt != NULL)
		runtime_cleanup(rt);
	free(rt);
	lat_diag_cleanup(&d);
	lat_http_global_cleanup();
	return code;
}
