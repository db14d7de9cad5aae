/* awsdns.c - the DNS provider table over Route 53: list, change, wait, tag. */
#include "providers/aws/awsdns.h"

#include <stdlib.h>
#include <string.h>

#include "providers/aws/creds.h"
#include "providers/aws/endpoints.h"
#include "providers/aws/ratelimit.h"
#include "providers/aws/route53.h"

struct awsdns {
	const struct lat_aws_setup *setup;
	struct lat_transport *transport;
	struct lat_creds_provider *assumed;   /* owned when a DNS role is configured */
	struct lat_ratelimit *limiter;
	struct lat_endpoint endpoint;
	struct lat_aws_client *client;
};

static int
dns_get_zone(void *ctx, const char *zone_id, char **name, long *count, int *private_zone,
    struct lat_diag *d)
{
	struct awsdns *a = ctx;
	struct lat_r53_zone z = { 0 };
	int rc = lat_r53_get_hosted_zone(a->client, zone_id, &z, d);

	if (rc == 0) {
		*private_zone = z.private_zone;
		*name = z.name;
		*count = z.record_count;
		z.name = NULL;
	}
	lat_r53_zone_cleanup(&z);
	return rc;
}

static int
dns_list_records(void *ctx, const char *zone_id, struct lat_rrset_list *out, struct lat_diag *d)
{
	return lat_r53_list_rrsets(((struct awsdns *)ctx)->client, zone_id, out, d);
}

static int
dns_list_records_at(void *ctx, const char *zone_id, const char *name, struct lat_rrset_list *out,
    struct lat_diag *d)
{
	return lat_r53_list_rrsets_at(((struct awsdns *)ctx)->client, zone_id, name, out, d);
}

static int
dns_list_tags(void *ctx, const char *zone_id, struct lat_tags *out, struct lat_diag *d)
{
	return lat_r53_list_tags(((struct awsdns *)ctx)->client, zone_id, out, d);
}

static int
dns_change_records(void *ctx, const char *zone_id, const struct lat_dns_change *v, size_t n,
    const char *comment, char **change_id, struct lat_diag *d)
{
	struct awsdns *a = ctx;
	struct lat_r53_change *ch;
	char *status = NULL;
	int rc;

	if (n == 0)
		return lat_diag_set(d, LAT_EINVAL, "route53 ChangeResourceRecordSets: empty batch");
	ch = calloc(n, sizeof(*ch));
	if (ch == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory building a change batch");
	for (size_t i = 0; i < n; i++) {
		ch[i].rrset = v[i].rrset;
		ch[i].action = v[i].action == LAT_DNS_DELETE ? LAT_R53_DELETE : v[i].action == LAT_DNS_CREATE ?
		    LAT_R53_CREATE : LAT_R53_UPSERT;
	}
	rc = lat_r53_change_rrsets(a->client, zone_id, ch, n, comment, change_id, &status, d);
	free(status);
	free(ch);
	return rc;
}

/*
 * Route 53 propagates a change to its servers within about a minute; the
 * poll backs off from 250 ms to 4 s (at 10 s to INSYNC: polls at 0, 0.25, 0.75,
 * 1.75, 3.75, 7.75 and 11.75 s, 7 calls) and gives up after 3 minutes, since the
 * next cycle sees the change anyway.
 */
static int
dns_wait_change(void *ctx, const char *change_id, struct lat_diag *d)
{
	struct awsdns *a = ctx;
	const struct lat_clock *clk = a->setup->clock ? a->setup->clock : lat_clock_system();
	int64_t delay = 250, waited = 0;

	for (;;) {
		char *status = NULL;
		int rc = lat_r53_get_change(a->client, change_id, &status, d);

		if (rc != 0)
			return rc;
		if (strcmp(status, "INSYNC") == 0) {
			free(status);
			return 0;
		}
		free(status);
		if (waited >= 180000)
			return lat_diag_set(d, LAT_ELIMIT,
			    "route53 change %s still PENDING after %lld s; the next cycle will see it",
			    change_id, (long long)(waited / 1000));
		if (clk->sleep_ms(clk->ctx, delay, a->setup->cancel) != 0)
			return lat_diag_set(d, LAT_ECANCELED, "stopped while waiting for route53 change %s",
			    change_id);
		waited += delay;
		delay = delay * 2 > 4000 ? 4000 : delay * 2;
	}
}

static int
dns_change_tags(void *ctx, const char *zone_id, const struct lat_tag *add, size_t nadd,
    const char *const *remove, size_t nremove, struct lat_diag *d)
{
	return lat_r53_change_tags(((struct awsdns *)ctx)->client, zone_id, add, nadd, remove, nremove, d);
}

static void
dns_stats(void *ctx, lat_stat_fn fn, void *arg)
{
	lat_aws_client_stats(((struct awsdns *)ctx)->client, fn, arg);
}

static void
dns_free(void *ctx)
{
	struct awsdns *a = ctx;

	if (a == NULL)
		return;
	lat_aws_client_free(a->client);
	lat_endpoint_cleanup(&a->endpoint);
	lat_ratelimit_free(a->limiter);
	lat_creds_provider_free(a->assumed);
	lat_transport_free(a->transport);
	free(a);
}

static int
new_transport(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	const struct lat_aws_setup *s = arg;

	return lat_http_curl_new(&s->http, out, d);
}

/* The credentials the Route 53 client signs with: the DNS role, or the base chain. */
static int
dns_creds(struct awsdns *a, struct lat_creds_provider **creds, struct lat_diag *d)
{
	const struct lat_aws_setup *s = a->setup;
	struct lat_endpoint sts = { 0 };
	int rc;

	if (s->dns_role_arn == NULL) {
		*creds = s->base;
		return 0;
	}
	rc = lat_endpoint_resolve(s->env, "sts", s->home_region, &sts, d);
	if (rc == 0) {
		struct lat_assume_role_opts o = {
			.role_arn = s->dns_role_arn,
			.external_id = s->dns_external_id,
			.session_name = "latticedns-dns",
			.duration_s = 3600,
			.region = sts.signing_region,
			.sts_endpoint = sts.url,
			.base = s->base,
			.new_transport = new_transport,
			.transport_arg = (void *)s,
			.clock = s->clock,
			.max_attempts = s->max_attempts,
			.cancel = s->cancel,
			.observer = s->observer,
			.keys = s->sigkeys,
		};
		rc = lat_creds_assume_role_new(&o, &a->assumed, d);
	}
	lat_endpoint_cleanup(&sts);
	*creds = a->assumed;
	return rc;
}

static int
awsdns_open(struct awsdns *a, struct lat_diag *d)
{
	const struct lat_aws_setup *s = a->setup;
	struct lat_creds_provider *creds = NULL;
	int rc;

	if ((rc = lat_http_curl_new(&s->http, &a->transport, d)) != 0 ||
	    (rc = dns_creds(a, &creds, d)) != 0 ||
	    (rc = lat_endpoint_resolve(s->env, "route53", s->home_region, &a->endpoint, d)) != 0 ||
	    (rc = lat_ratelimit_new(s->route53_rps, s->route53_burst, &a->limiter, d)) != 0)
		return rc;
	struct lat_aws_client_opts o = {
		.service = "route53",
		.protocol = LAT_PROTO_REST_XML,
		.region = a->endpoint.signing_region,
		.endpoint = a->endpoint.url,
		.account = NULL,
		.creds = creds,
		.transport = a->transport,
		.limiter = a->limiter,
		.clock = s->clock,
		.max_attempts = s->max_attempts,
		.cancel = s->cancel,
		.observer = s->observer,
		.keys = s->sigkeys,
	};
	return lat_aws_client_new(&o, &a->client, d);
}

int
lat_awsdns_new(const struct lat_aws_setup *setup, struct lat_dns **out, struct lat_diag *d)
{
	struct awsdns *a = calloc(1, sizeof(*a));
	struct lat_dns *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (a == NULL || t == NULL) {
		free(a);
		free(t);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory creating the Route 53 provider");
	}
	a->setup = setup;
	if ((rc = awsdns_open(a, d)) != 0) {
		dns_free(a);
		free(t);
		return rc;
	}
	*t = (struct lat_dns){
		.get_zone = dns_get_zone,
		.list_records = dns_list_records,
		.list_records_at = dns_list_records_at,
		.list_tags = dns_list_tags,
		.change_records = dns_change_records,
		.wait_change = dns_wait_change,
		.change_tags = dns_change_tags,
		.stats = dns_stats,
		.free = dns_free,
		.ctx = a,
	};
	*out = t;
	return 0;
}
