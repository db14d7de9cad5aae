/* endpoints.c - the endpoint table of the four services we call, and the SDKs' URL overrides. */
#include "providers/aws/endpoints.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

static const struct {
	const char *service;
	const char *env;        /* AWS_ENDPOINT_URL_<this> */
	const char *host;       /* regional host prefix; NULL: global */
} services[] = {
	{ "sts", "AWS_ENDPOINT_URL_STS", "sts" },
	{ "route53", "AWS_ENDPOINT_URL_ROUTE_53", NULL },
	{ "vpc-lattice", "AWS_ENDPOINT_URL_VPC_LATTICE", "vpc-lattice" },
	{ "tagging", "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", "tagging" },
};

void
lat_endpoint_cleanup(struct lat_endpoint *e)
{
	if (e == NULL)
		return;
	free(e->url);
	free(e->signing_region);
	e->url = e->signing_region = NULL;
}

static int
region_ok(const char *r)
{
	if (r == NULL || *r == '\0' || strlen(r) > 32)
		return 0;
	for (const char *p = r; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

/* Route 53 is one global endpoint per partition, signed in that partition's home region. */
static void
route53_global(const char *region, struct lat_buf *url, const char **signing)
{
	if (strncmp(region, "cn-", 3) == 0) {
		if (url != NULL)
			lat_buf_adds(url, "https://route53.amazonaws.com.cn");
		*signing = "cn-northwest-1";
	} else if (strncmp(region, "us-gov-", 7) == 0) {
		if (url != NULL)
			lat_buf_adds(url, "https://route53.us-gov.amazonaws.com");
		*signing = "us-gov-west-1";
	} else {
		if (url != NULL)
			lat_buf_adds(url, "https://route53.amazonaws.com");
		*signing = "us-east-1";
	}
}

int
lat_endpoint_resolve(const struct lat_env *env, const char *service, const char *region,
    struct lat_endpoint *out, struct lat_diag *d)
{
	struct lat_buf url = { 0 };
	const char *signing = region, *override = NULL;
	size_t i, n = sizeof(services) / sizeof(services[0]);

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n && strcmp(services[i].service, service) != 0; i++)
		;
	if (i == n)
		return lat_diag_set(d, LAT_EINVAL, "no endpoint is known for service \"%s\"", service);
	if (!region_ok(region))
		return lat_diag_set(d, LAT_EINVAL, "region \"%s\" is not a region name like eu-west-1",
		    region ? region : "");
	if (env != NULL && (override = lat_env_get(env, services[i].env)) == NULL)
		override = lat_env_get(env, "AWS_ENDPOINT_URL");
	if (override != NULL) {
		size_t l = strlen(override);

		while (l > 0 && override[l - 1] == '/')
			l--;
		lat_buf_add(&url, override, l);
		if (services[i].host == NULL)
			route53_global(region, NULL, &signing);
	} else if (services[i].host == NULL) {
		route53_global(region, &url, &signing);
	} else {
		lat_buf_addf(&url, "https://%s.%s.amazonaws.com%s", services[i].host, region,
		    strncmp(region, "cn-", 3) == 0 ? ".cn" : "");
	}
	out->url = lat_buf_take(&url);
	out->signing_region = strdup(signing);
	lat_buf_cleanup(&url);
	if (out->url == NULL || out->signing_region == NULL) {
		lat_endpoint_cleanup(out);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	return 0;
}
