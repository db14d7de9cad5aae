/* rescfg.h - VPC Lattice resource configurations and their service-network associations (REST-JSON). */
#ifndef LAT_RESCFG_H
#define LAT_RESCFG_H

#include "common/diag.h"
#include "common/types.h"
#include "providers/aws/client.h"

/*
 * Every resource configuration of the account in the client's region
 * (ListResourceConfigurations, all pages of 100), appended to out as
 * lat_service entries of kind LAT_RES_RESCFG with account and region set.
 * No tags and no associations yet: those cost a call per resource and are
 * read only for the ones that opt in (lat_rescfg_read_details).
 */
LAT_WUR int lat_rescfg_list(struct lat_aws_client *c, const char *account, const char *region,
    struct lat_service_list *out, struct lat_diag *d);

/*
 * Completes one resource configuration: its associations
 * (ListServiceNetworkResourceAssociations filtered by its ARN, all pages)
 * and, when its custom domain is its own (not from a tag) and some
 * association has private DNS enabled, its domainVerificationStatus
 * (GetResourceConfiguration): only then can Lattice be managing the name.
 */
LAT_WUR int lat_rescfg_read_details(struct lat_aws_client *c, struct lat_service *r, struct lat_diag *d);

/* One page of either list into out / r (exposed for tests); *next is the nextToken or NULL. */
LAT_WUR int lat_rescfg_parse_list(const char *body, size_t len, const char *account, const char *region,
    struct lat_service_list *out, char **next, struct lat_diag *d);
LAT_WUR int lat_rescfg_parse_assocs(const char *body, size_t len, struct lat_service *r, char **next,
    struct lat_diag *d);

#endif
