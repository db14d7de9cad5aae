/* route53.h - the Route 53 API (REST-XML): zones, record sets, changes, zone tags. */
#ifndef LAT_ROUTE53_H
#define LAT_ROUTE53_H

#include <stddef.h>

#include "common/buf.h"
#include "common/diag.h"
#include "common/types.h"
#include "providers/aws/client.h"

/*
 * Wire shapes from botocore's route53 model (namespace
 * https://route53.amazonaws.com/doc/2013-04-01/). Zone and change ids are
 * accepted bare ("Z…") or prefixed ("/hostedzone/Z…") and returned bare.
 * Names are sent as given: the caller normalises them.
 */

struct lat_r53_zone {
	char *id;
	char *name;          /* with its trailing dot */
	int private_zone;
	long record_count;
};

void lat_r53_zone_cleanup(struct lat_r53_zone *z);

LAT_WUR int lat_r53_get_hosted_zone(struct lat_aws_client *c, const char *zone_id,
    struct lat_r53_zone *out, struct lat_diag *d);
/* Every record set, following IsTruncated/NextRecordName/NextRecordType/NextRecordIdentifier, 300 a page. */
LAT_WUR int lat_r53_list_rrsets(struct lat_aws_client *c, const char *zone_id,
    struct lat_rrset_list *out, struct lat_diag *d);

/* The record sets at exactly name (every type), appended to out; a few small pages at most. */
LAT_WUR int lat_r53_list_rrsets_at(struct lat_aws_client *c, const char *zone_id, const char *name,
    struct lat_rrset_list *out, struct lat_diag *d);

enum lat_r53_action { LAT_R53_CREATE, LAT_R53_DELETE, LAT_R53_UPSERT };

struct lat_r53_change {
	enum lat_r53_action action;
	const struct lat_rrset *rrset;   /* borrowed */
};

/* One atomic batch; *change_id (bare) and *status ("PENDING") are malloc'd. */
LAT_WUR int lat_r53_change_rrsets(struct lat_aws_client *c, const char *zone_id,
    const struct lat_r53_change *v, size_t n, const char *comment, char **change_id, char **status,
    struct lat_diag *d);
LAT_WUR int lat_r53_get_change(struct lat_aws_client *c, const char *change_id, char **status,
    struct lat_diag *d);
LAT_WUR int lat_r53_list_tags(struct lat_aws_client *c, const char *zone_id, struct lat_tags *out,
    struct lat_diag *d);
/* At most 10 adds and 10 removals (Route 53's limit); more is LAT_EINVAL. */
LAT_WUR int lat_r53_change_tags(struct lat_aws_client *c, const char *zone_id, const struct lat_tag *add,
    size_t nadd, const char *const *remove, size_t nremove, struct lat_diag *d);

/* The request bodies, exposed for golden tests. */
int lat_r53_change_batch_xml(const struct lat_r53_change *v, size_t n, const char *comment,
    struct lat_buf *out);
int lat_r53_change_tags_xml(const struct lat_tag *add, size_t nadd, const char *const *remove,
    size_t nremove, struct lat_buf *out);
/* Parses one ListResourceRecordSets page; *next_* are the continuation (NULL when the last page). */
LAT_WUR int lat_r53_parse_rrsets(const char *body, size_t len, struct lat_rrset_list *out,
    char **next_name, char **next_type, char **next_id, struct lat_diag *d);

#endif
