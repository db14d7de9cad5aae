/* endpoints.h - where each AWS service is reached, per region and partition, and the overrides. */
#ifndef LAT_ENDPOINTS_H
#define LAT_ENDPOINTS_H

#include "common/diag.h"
#include "common/env.h"

/* Owned; lat_endpoint_cleanup frees. */
struct lat_endpoint {
	char *url;              /* "https://vpc-lattice.eu-west-1.amazonaws.com", no trailing slash */
	char *signing_region;   /* Route 53 signs in its partition's global region */
};

void lat_endpoint_cleanup(struct lat_endpoint *e);

/*
 * service is the signing name: "sts", "route53", "vpc-lattice", "tagging".
 * AWS_ENDPOINT_URL_<SERVICE> (STS, ROUTE_53, VPC_LATTICE,
 * RESOURCE_GROUPS_TAGGING_API) wins over AWS_ENDPOINT_URL, which wins over
 * the partition's table (aws, aws-cn for cn-*, aws-us-gov for us-gov-*).
 */
LAT_WUR int lat_endpoint_resolve(const struct lat_env *env, const char *service, const char *region,
    struct lat_endpoint *out, struct lat_diag *d);

#endif
