/* tagging.h - the Resource Groups Tagging API (JSON 1.1): GetResources. */
#ifndef LAT_TAGGING_H
#define LAT_TAGGING_H

#include <stddef.h>

#include "common/diag.h"
#include "common/types.h"
#include "providers/aws/client.h"

struct lat_tagged {
	char *arn;
	struct lat_tags tags;
};

struct lat_tagged_list {
	struct lat_tagged *v;
	size_t n, cap;
};

void lat_tagged_list_cleanup(struct lat_tagged_list *l);

/*
 * Every resource of resource_type ("vpc-lattice:service") that carries
 * tag_key (any value), with all its tags; all pages of 100. One call per
 * page for a whole account and region, instead of one per service.
 */
LAT_WUR int lat_tagging_get_resources(struct lat_aws_client *c, const char *resource_type,
    const char *tag_key, struct lat_tagged_list *out, struct lat_diag *d);

#endif
