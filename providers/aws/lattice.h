/* lattice.h - the VPC Lattice API (REST-JSON): services and their tags. */
#ifndef LAT_LATTICE_H
#define LAT_LATTICE_H

#include "common/diag.h"
#include "common/types.h"
#include "providers/aws/client.h"

/*
 * Every service of the account in the client's region, all pages of 100;
 * each gets account and region set from the arguments. Appends to out.
 */
LAT_WUR int lat_lattice_list_services(struct lat_aws_client *c, const char *account, const char *region,
    struct lat_service_list *out, struct lat_diag *d);
/* A resource's tags (GET /tags/{arn}). */
LAT_WUR int lat_lattice_list_tags(struct lat_aws_client *c, const char *arn, struct lat_tags *out,
    struct lat_diag *d);
/* One ListServices page into out; *next is the nextToken or NULL (exposed for tests). */
LAT_WUR int lat_lattice_parse_services(const char *body, size_t len, const char *account,
    const char *region, struct lat_service_list *out, char **next, struct lat_diag *d);

#endif
