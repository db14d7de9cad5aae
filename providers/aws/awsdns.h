/* awsdns.h - the DNS provider table backed by Route 53. */
#ifndef LAT_AWSDNS_H
#define LAT_AWSDNS_H

#include "controller/provider.h"
#include "providers/aws/awssetup.h"

/*
 * A struct lat_dns that talks to Route 53 in the DNS account: with
 * setup->dns_role_arn it assumes that role (from setup->base), otherwise it
 * uses setup->base directly. Requests are kept under setup->route53_rps.
 * setup is borrowed and must outlive the table; free with lat_dns_free().
 */
LAT_WUR int lat_awsdns_new(const struct lat_aws_setup *setup, struct lat_dns **out, struct lat_diag *d);

#endif
