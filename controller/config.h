/* config.h - latticedns.yaml: parsed, validated, with every error located (file:line:column). */
#ifndef LAT_CONFIG_H
#define LAT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "controller/model.h"

struct lat_config_account {
	char *id;                 /* 12 digits */
	char *role_arn;           /* the reader role; NULL: the controller's own credentials */
	char *external_id;
	char **regions;
	size_t nregions;
	int home_regions;         /* regions was absent: it holds the home region, and follows it */
	char **allowed_domains;   /* NULL: any name */
	size_t nallowed;
	char *service_network;    /* resource configurations: the association to publish (id, ARN or name) */
};

struct lat_config_zone {
	char *id;
	enum lat_adopt adopt;     /* adopt: none (default) | alias-match */
	struct lat_zone_style style;   /* issue 12: record style, view, selector, service_network */
};

/* resource_configurations: the second kind of Lattice resource (issue 12); off by default. */
struct lat_config_rescfg {
	int enabled;
	char *selector_key;       /* NULL: the services' selector */
	char *selector_value;
	char *name_tag;           /* the tag naming one without a customDomainName (default latticedns/name) */
	int publish_managed;      /* publish names Lattice already manages (verified, private DNS on) */
};

enum lat_tag_source { LAT_TAGSRC_TAGGING, LAT_TAGSRC_LATTICE };

/* Everything owned; lat_config_cleanup frees. The one mutable global of the process is the current one. */
struct lat_config {
	char *path;
	char *state_path;
	int64_t interval_ms;
	char *selector_key;
	char *selector_value;
	enum lat_ownership ownership;
	enum lat_overwrite overwrite;     /* overwrite: any (default) | owned-only */
	enum lat_conflicts conflicts;     /* conflicts: newest (default) | first-owner */
	char *owner_id;                   /* ownership: txt: this controller's name in its TXT records; NULL: none */
	char *txt_prefix;                 /* the registry name's prefix, default "_latticedns." */
	struct lat_config_zone *zones;
	size_t nzones;
	char *dns_role_arn;
	char *dns_external_id;
	struct lat_config_account *accounts;
	size_t naccounts;
	struct lat_config_rescfg rescfg;
	int max_delete_percent;
	int min_records_for_threshold;
	int zone_tag_limit;
	int full_scan_every;      /* a zone is read whole every N cycles, else from its stored view (1: every cycle) */
	int max_attempts;
	int64_t timeout_ms;       /* aws.timeout: one HTTP request, answer included (default 30 s) */
	double route53_rps;
	int route53_burst;            /* requests Route 53 may get at once (token bucket capacity); 1 = paced */
	int concurrency;
	char *ca_bundle;
	enum lat_tag_source tag_source;
	char *region;             /* home region: STS and the DNS account */
	int region_set;           /* aws.region was given; else region is us-east-1 until the daemon resolves it */
	char *log_level;
	char *log_format;
	char *metrics_address;    /* metrics.address; NULL: :7979 for the loop, off for --once */
	int64_t cycle_timeout_ms; /* metrics.cycle_timeout: liveness fails after 2 intervals + this */
};

/*
 * Reads and validates path. On failure d->msg holds every error, one per
 * line, each "file:line:column: key.path: what is wrong; what to write".
 */
LAT_WUR int lat_config_load(const char *path, struct lat_config *out, struct lat_diag *d);
/* The same from text; name is what messages call the file. */
LAT_WUR int lat_config_parse(const char *text, size_t len, const char *name, struct lat_config *out,
    struct lat_diag *d);
void lat_config_cleanup(struct lat_config *c);
/*
 * Makes region the home region (lat_region_resolve picks it from the
 * environment when aws.region is absent): c->region, and the region of every
 * account whose regions were not listed.
 */
LAT_WUR int lat_config_set_home_region(struct lat_config *c, const char *region);

/* "60s", "5m", "1h", "1m30s", "500ms" → milliseconds. */
LAT_WUR int lat_config_parse_duration(const char *s, int64_t *ms, struct lat_diag *d);

#endif
