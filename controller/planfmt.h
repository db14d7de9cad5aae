/* planfmt.h - the plan as text (like a Terraform plan) and as JSON (schemas/plan.schema.json). */
#ifndef LAT_PLANFMT_H
#define LAT_PLANFMT_H

#include "common/buf.h"
#include "controller/model.h"

/* An API call counter, "route53:ListResourceRecordSets" → calls. */
struct lat_api_count {
	char *name;
	long calls;
	long errors;
};

struct lat_api_counts {
	struct lat_api_count *v;
	size_t n;
};

void lat_api_counts_cleanup(struct lat_api_counts *c);
/* Adds calls/errors to service:operation (for lat_stat_fn). */
void lat_api_counts_add(void *counts, const char *service, const char *operation, long calls,
    long errors);

/*
 * A record as people read it: "alias svc-1.on.aws. (zone Z2)" or
 * "10.20.1.7,10.20.1.8 TTL 60". The plan's before -> after and the audit
 * trail use it, so both say the same thing the same way.
 */
int lat_planfmt_record(struct lat_buf *b, const struct lat_rrset *r);
/* How the cycle read a zone, as the plan and the log say it: "whole zone (no stored view)". */
void lat_planfmt_read(struct lat_buf *b, const struct lat_zone_read *r);

/* Appends the text plan; the last line is "Plan: N to create, N to update, N to delete; tags: +N -N." */
LAT_WUR int lat_planfmt_text(const struct lat_plan *p, struct lat_buf *out);
/* Appends the JSON plan (format_version 1) with the API calls made so far and a checksum of the changes. */
LAT_WUR int lat_planfmt_json(const struct lat_plan *p, const struct lat_api_counts *calls,
    struct lat_buf *out);

#endif
