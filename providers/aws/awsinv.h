/* awsinv.h - the inventory provider table backed by STS, VPC Lattice and the Tagging API. */
#ifndef LAT_AWSINV_H
#define LAT_AWSINV_H

#include "controller/provider.h"
#include "providers/aws/awssetup.h"

/*
 * A struct lat_inventory that lists each (account, region) with the
 * account's reader role (assumed from setup->base, credentials cached per
 * role across cycles), on at most setup->concurrency threads, each thread
 * with its own HTTP transport. setup is borrowed and must outlive the
 * table; free with lat_inventory_free().
 */
LAT_WUR int lat_awsinv_new(const struct lat_aws_setup *setup, struct lat_inventory **out,
    struct lat_diag *d);

#endif
