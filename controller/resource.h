/* resource.h - the two kinds of Lattice resource the core publishes: services and resource configurations (pure). */
#ifndef LAT_RESOURCE_H
#define LAT_RESOURCE_H

#include <stddef.h>

#include "controller/model.h"

/* The kind an ARN names: LAT_RES_SERVICE, LAT_RES_RESCFG, or -1 when it is neither. */
int lat_resource_kind_of_arn(const char *arn);
/* "service" or "resource configuration", for plans and messages. */
const char *lat_resource_label(int kind);
/* "service" or "resource_configuration", for JSON. */
const char *lat_resource_json_kind(int kind);

/*
 * arn:<partition>:vpc-lattice:<region>:<account>:service/svc-... or
 * .../resourceconfiguration/rcfg-... → region and account (copied, cut to
 * the buffers). 0 when the ARN is neither.
 */
int lat_resource_parse_arn(const char *arn, char *region, size_t rlen, char *account, size_t alen);

/* The selector that opts this kind in: (key, value) of in, per kind. */
void lat_resource_selector(const struct lat_core_input *in, const struct lat_service *s, const char **key,
    const char **value);

/*
 * Where a zone's records for s point when the zone's style publishes the
 * Lattice name: a service's dnsEntry, or the dnsEntry of the resource
 * configuration's association with the zone's (else the account's)
 * service_network, or its only association. Returns NULL and sets *dns and
 * *zone, or returns why it cannot be published (written into buf): not
 * associated, ambiguous, managed by Lattice, no dnsEntry yet.
 */
const char *lat_resource_target(const struct lat_core_input *in, const struct lat_core_zone *z,
    const struct lat_core_account *acct, const struct lat_service *s, const char **dns, const char **zone,
    char *buf, size_t n);

#endif
