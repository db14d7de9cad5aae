/* metrics.c - the metrics registry, the Prometheus text format 0.0.4, and the health verdicts. */
#include "controller/metrics.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/types.h"

/* Seconds; cycles run from well under a second (one account) to minutes (thousands of services). */
static const double buckets[] = { 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600 };
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

static const char *const outcome_names[LAT_OUTCOME_N] = { "converged", "changed", "partial", "failed" };
static const char *const svc_names[LAT_SVC_N] = { "active", "held", "skipped", "blocked", "conflict" };

/* A counter keyed by up to three label values (owned). */
struct counter {
	char *k[3];
	double v;
};

struct counters {
	struct counter *v;
	size_t n;
};

struct zone_gauges {
	char *id;
	long records_owned, tags, tag_limit, safety_held;
};

struct lat_metrics {
	pthread_mutex_t mu;
	char *version;
	int64_t interval_ms, cycle_timeout_ms;
	int64_t started_ms;                 /* process start: the reference until the first cycle */
	int64_t cycle_begin_ms;             /* the latest cycle's start; 0: none yet */
	int in_cycle;
	double cycles[LAT_OUTCOME_N];
	int64_t last_end_ms[LAT_OUTCOME_N]; /* 0: never */
	int64_t last_success_ms;
	long consecutive_failed;
	uint64_t hist[NBUCKETS];            /* cumulative at format time, per bucket here */
	uint64_t hist_count;
	double hist_sum;
	struct counters requests;           /* service, operation, code */
	struct counters retries;            /* service, operation */
	struct counters applied;            /* zone, action */
	long services[LAT_SVC_N];
	long rescfgs[LAT_SVC_N];
	long accounts_listed, accounts_failed;
	struct zone_gauges *zones;
	size_t nzones;
	int have_cycle;                     /* a cycle has finished */
	int ready;
	char *not_ready;                    /* why, when !ready */
};

int
lat_metrics_new(const char *version, int64_t now_ms, struct lat_metrics **out, struct lat_diag *d)
{
	struct lat_metrics *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (m == NULL || (m->version = strdup(version)) == NULL) {
		free(m);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&m->mu, NULL);
	m->started_ms = now_ms;
	m->interval_ms = 60000;
	m->cycle_timeout_ms = 600000;
	*out = m;
	return 0;
}

static void
counters_cleanup(struct counters *c)
{
	for (size_t i = 0; i < c->n; i++)
		for (int j = 0; j < 3; j++)
			free(c->v[i].k[j]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void
zones_cleanup(struct lat_metrics *m)
{
	for (size_t i = 0; i < m->nzones; i++)
		free(m->zones[i].id);
	free(m->zones);
	m->zones = NULL;
	m->nzones = 0;
}

void
lat_metrics_free(struct lat_metrics *m)
{
	if (m == NULL)
		return;
	counters_cleanup(&m->requests);
	counters_cleanup(&m->retries);
	counters_cleanup(&m->applied);
	zones_cleanup(m);
	free(m->not_ready);
	free(m->version);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * Adds v to the counter of these labels, creating it. A failed allocation
 * loses one increment rather than failing a cycle: metrics are advisory.
 */
static void
counter_add(struct counters *c, const char *k0, const char *k1, const char *k2, double v)
{
	const char *k[3] = { k0, k1, k2 };
	struct counter *grown;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (same(c->v[i].k[0], k0) && same(c->v[i].k[1], k1) && same(c->v[i].k[2], k2))
			break;
	if (i == c->n) {
		if ((grown = realloc(c->v, (c->n + 1) * sizeof(*grown))) == NULL)
			return;
		c->v = grown;
		memset(&c->v[i], 0, sizeof(c->v[i]));
		for (int j = 0; j < 3; j++) {
			if (k[j] != NULL && (c->v[i].k[j] = strdup(k[j])) == NULL) {
				for (int q = 0; q < j; q++)
					free(c->v[i].k[q]);
				return;
			}
		}
		c->n++;
	}
	c->v[i].v += v;
}

void
lat_metrics_configure(struct lat_metrics *m, int64_t interval_ms, int64_t cycle_timeout_ms)
{
	pthread_mutex_lock(&m->mu);
	m->interval_ms = interval_ms;
	m->cycle_timeout_ms = cycle_timeout_ms;
	pthread_mutex_unlock(&m->mu);
}

void
lat_metrics_cycle_begin(struct lat_metrics *m, int64_t now_ms)
{
	pthread_mutex_lock(&m->mu);
	m->cycle_begin_ms = now_ms;
	m->in_cycle = 1;
	pthread_mutex_unlock(&m->mu);
}

static void
observe_duration(struct lat_metrics *m, double s)
{
	for (size_t i = 0; i < NBUCKETS; i++)
		if (s <= buckets[i]) {
			m->hist[i]++;
			break;
		}
	m->hist_count++;
	m->hist_sum += s;
}

/* Replaces the per-zone gauges with the latest cycle's; on failure the old ones stay. */
static void
set_zones(struct lat_metrics *m, const struct lat_metrics_zone *z, size_t n)
{
	struct zone_gauges *v = calloc(n ? n : 1, sizeof(*v));

	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		if ((v[i].id = strdup(z[i].id)) == NULL) {
			for (size_t k = 0; k < i; k++)
				free(v[k].id);
			free(v);
			return;
		}
		v[i].records_owned = z[i].records_owned;
		v[i].tags = z[i].tags;
		v[i].tag_limit = z[i].tag_limit;
		v[i].safety_held = z[i].safety_held;
	}
	zones_cleanup(m);
	m->zones = v;
	m->nzones = n;
}

/* Readiness: the zones were read and, when any listing was attempted, AWS answered at least one. */
static void
set_ready(struct lat_metrics *m, const struct lat_metrics_cycle *c)
{
	struct lat_buf why = { 0 };

	if (!c->zones_read)
		lat_buf_addf(&why, "the latest cycle could not read every zone: %s",
		    c->error ? c->error : "unknown error");
	else if (c->accounts_listed == 0 && c->accounts_failed > 0)
		lat_buf_addf(&why, "the latest cycle listed none of %ld account regions: AWS answered nothing usable",
		    c->accounts_failed);
	free(m->not_ready);
	m->not_ready = NULL;
	m->ready = why.len == 0;
	if (!m->ready)
		m->not_ready = lat_buf_take(&why);
	lat_buf_cleanup(&why);
}

void
lat_metrics_cycle_end(struct lat_metrics *m, const struct lat_metrics_cycle *c)
{
	pthread_mutex_lock(&m->mu);
	m->in_cycle = 0;
	m->have_cycle = 1;
	m->cycles[c->outcome]++;
	m->last_end_ms[c->outcome] = c->end_ms;
	if (c->outcome == LAT_OUTCOME_FAILED) {
		m->consecutive_failed++;
	} else {
		m->consecutive_failed = 0;
		m->last_success_ms = c->end_ms;
	}
	if (m->cycle_begin_ms > 0 && c->end_ms >= m->cycle_begin_ms)
		observe_duration(m, (double)(c->end_ms - m->cycle_begin_ms) / 1000.0);
	/* A cycle that failed before listing keeps the previous gauges: they are still the best known. */
	if (c->accounts_listed + c->accounts_failed > 0) {
		memcpy(m->services, c->services, sizeof(m->services));
		memcpy(m->rescfgs, c->rescfgs, sizeof(m->rescfgs));
		m->accounts_listed = c->accounts_listed;
		m->accounts_failed = c->accounts_failed;
	}
	if (c->zones != NULL)
		set_zones(m, c->zones, c->nzones);
	set_ready(m, c);
	pthread_mutex_unlock(&m->mu);
}

void
lat_metrics_changes_applied(struct lat_metrics *m, const char *zone, const char *action, long n)
{
	if (m == NULL || n <= 0)
		return;
	pthread_mutex_lock(&m->mu);
	counter_add(&m->applied, zone, action, NULL, (double)n);
	pthread_mutex_unlock(&m->mu);
}

void
lat_metrics_aws_request(void *arg, const char *service, const char *operation, const char *code,
    int retried)
{
	struct lat_metrics *m = arg;

	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	counter_add(&m->requests, service, operation, code, 1);
	if (retried)
		counter_add(&m->retries, service, operation, NULL, 1);
	pthread_mutex_unlock(&m->mu);
}

/* ---- the text format ---- */

/* Label values escape backslash, double quote and newline (exposition format 0.0.4). */
static void
add_label(struct lat_buf *b, const char *name, const char *value, int first)
{
	lat_buf_addf(b, "%s%s=\"", first ? "" : ",", name);
	for (const char *p = value ? value : ""; *p; p++) {
		if (*p == '\\' || *p == '"')
			lat_buf_addc(b, '\\');
		if (*p == '\n')
			lat_buf_adds(b, "\\n");
		else
			lat_buf_addc(b, *p);
	}
	lat_buf_addc(b, '"');
}

static void
header(struct lat_buf *b, const char *name, const char *type, const char *help)
{
	lat_buf_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
counters_format(struct lat_buf *b, const char *name, const struct counters *c, const char *const *labels)
{
	for (size_t i = 0; i < c->n; i++) {
		lat_buf_addf(b, "%s{", name);
		for (int j = 0; j < 3 && labels[j] != NULL; j++)
			add_label(b, labels[j], c->v[i].k[j], j == 0);
		lat_buf_addf(b, "} %.17g\n", c->v[i].v);
	}
}

static void
format_cycles(struct lat_metrics *m, struct lat_buf *b)
{
	uint64_t cum = 0;

	header(b, "latticedns_cycles_total", "counter", "Reconcile cycles finished, by outcome.");
	for (int i = 0; i < LAT_OUTCOME_N; i++)
		lat_buf_addf(b, "latticedns_cycles_total{outcome=\"%s\"} %.17g\n", outcome_names[i], m->cycles[i]);
	header(b, "latticedns_last_cycle_timestamp_seconds", "gauge",
	    "When the latest cycle of each outcome ended (Unix time; absent: never).");
	for (int i = 0; i < LAT_OUTCOME_N; i++)
		if (m->last_end_ms[i] > 0)
			lat_buf_addf(b, "latticedns_last_cycle_timestamp_seconds{outcome=\"%s\"} %.3f\n",
			    outcome_names[i], (double)m->last_end_ms[i] / 1000.0);
	header(b, "latticedns_last_success_timestamp_seconds", "gauge",
	    "When the latest cycle that did not fail ended (Unix time; 0: never).");
	lat_buf_addf(b, "latticedns_last_success_timestamp_seconds %.3f\n", (double)m->last_success_ms / 1000.0);
	header(b, "latticedns_consecutive_failed_cycles", "gauge", "Failed cycles since the latest one that did not fail.");
	lat_buf_addf(b, "latticedns_consecutive_failed_cycles %ld\n", m->consecutive_failed);
	header(b, "latticedns_cycle_duration_seconds", "histogram", "How long cycles took.");
	for (size_t i = 0; i < NBUCKETS; i++) {
		cum += m->hist[i];
		lat_buf_addf(b, "latticedns_cycle_duration_seconds_bucket{le=\"%g\"} %llu\n", buckets[i],
		    (unsigned long long)cum);
	}
	lat_buf_addf(b, "latticedns_cycle_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
	    (unsigned long long)m->hist_count);
	lat_buf_addf(b, "latticedns_cycle_duration_seconds_sum %.17g\n", m->hist_sum);
	lat_buf_addf(b, "latticedns_cycle_duration_seconds_count %llu\n", (unsigned long long)m->hist_count);
}

static void
zone_gauge(struct lat_buf *b, const struct lat_metrics *m, const char *name, const char *help, size_t off)
{
	header(b, name, "gauge", help);
	for (size_t i = 0; i < m->nzones; i++) {
		lat_buf_addf(b, "%s{", name);
		add_label(b, "zone", m->zones[i].id, 1);
		lat_buf_addf(b, "} %ld\n", *(const long *)((const char *)&m->zones[i] + off));
	}
}

static void
format_state(struct lat_metrics *m, struct lat_buf *b)
{
	static const char *const req_labels[] = { "service", "operation", "code" };
	static const char *const retry_labels[] = { "service", "operation", NULL };
	static const char *const applied_labels[] = { "zone", "action", NULL };

	header(b, "latticedns_aws_requests_total", "counter",
	    "AWS HTTP requests sent, retries included, by answer (OK, the AWS error code, or the transport failure).");
	counters_format(b, "latticedns_aws_requests_total", &m->requests, req_labels);
	header(b, "latticedns_aws_retries_total", "counter", "AWS requests retried after a throttle, a 5xx or a transport failure.");
	counters_format(b, "latticedns_aws_retries_total", &m->retries, retry_labels);
	header(b, "latticedns_changes_applied_total", "counter", "Record changes Route 53 accepted, by zone and action.");
	counters_format(b, "latticedns_changes_applied_total", &m->applied, applied_labels);
	zone_gauge(b, m, "latticedns_records_owned", "Records latticedns owns in the zone, as of the latest cycle.",
	    offsetof(struct zone_gauges, records_owned));
	zone_gauge(b, m, "latticedns_zone_tags", "Tags the zone held when the latest cycle read it.",
	    offsetof(struct zone_gauges, tags));
	zone_gauge(b, m, "latticedns_zone_tag_limit", "Tags the zone may hold (zone_tag_limit).",
	    offsetof(struct zone_gauges, tag_limit));
	zone_gauge(b, m, "latticedns_safety_held", "Changes a safety threshold held back in the latest cycle.",
	    offsetof(struct zone_gauges, safety_held));
	header(b, "latticedns_services", "gauge", "Lattice services by state, as of the latest cycle.");
	for (int i = 0; i < LAT_SVC_N; i++)
		lat_buf_addf(b, "latticedns_services{state=\"%s\"} %ld\n", svc_names[i], m->services[i]);
	header(b, "latticedns_resource_configurations", "gauge",
	    "Lattice resource configurations by state, as of the latest cycle.");
	for (int i = 0; i < LAT_SVC_N; i++)
		lat_buf_addf(b, "latticedns_resource_configurations{state=\"%s\"} %ld\n", svc_names[i], m->rescfgs[i]);
	header(b, "latticedns_accounts", "gauge", "(account, region) listings of the latest cycle, by status.");
	lat_buf_addf(b, "latticedns_accounts{status=\"listed\"} %ld\n", m->accounts_listed);
	lat_buf_addf(b, "latticedns_accounts{status=\"failed\"} %ld\n", m->accounts_failed);
}

void
lat_metrics_format(struct lat_metrics *m, struct lat_buf *b)
{
	pthread_mutex_lock(&m->mu);
	header(b, "latticedns_build_info", "gauge", "The running version; always 1.");
	lat_buf_adds(b, "latticedns_build_info{");
	add_label(b, "version", m->version, 1);
	lat_buf_adds(b, "} 1\n");
	format_cycles(m, b);
	format_state(m, b);
	pthread_mutex_unlock(&m->mu);
}

int
lat_metrics_live(struct lat_metrics *m, int64_t now_ms, struct lat_buf *why)
{
	int64_t since, budget;
	int alive;

	pthread_mutex_lock(&m->mu);
	since = m->cycle_begin_ms > 0 ? m->cycle_begin_ms : m->started_ms;
	budget = 2 * m->interval_ms + m->cycle_timeout_ms;
	alive = now_ms - since <= budget;
	if (!alive)
		lat_buf_addf(why, "%s %.1fs ago, longer than 2 intervals + the cycle timeout (%.1fs): the loop is stalled",
		    m->cycle_begin_ms == 0 ? "no cycle has started since the process started" :
		    m->in_cycle ? "the cycle in progress started" : "the latest cycle started",
		    (double)(now_ms - since) / 1000.0, (double)budget / 1000.0);
	pthread_mutex_unlock(&m->mu);
	return alive;
}

int
lat_metrics_ready(struct lat_metrics *m, struct lat_buf *why)
{
	int ready;

	pthread_mutex_lock(&m->mu);
	ready = m->have_cycle && m->ready;
	if (!m->have_cycle)
		lat_buf_adds(why, "no cycle has finished yet");
	else if (!ready)
		lat_buf_adds(why, m->not_ready ? m->not_ready : "not ready");
	pthread_mutex_unlock(&m->mu);
	return ready;
}
