/* config.c - latticedns.yaml through libyaml's document API: the document walk, the settings sections, defaults. */
#include "controller/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "common/buf.h"
#include "controller/config_account.h"
#include "controller/config_impl.h"
#include "controller/config_zone.h"
#include "controller/httpd.h"
#include "controller/registry.h"
#include "providers/aws/region.h"

int
lat_config_parse_duration(const char *s, int64_t *ms, struct lat_diag *d)
{
	const char *p = s;
	int64_t total = 0;

	if (s == NULL || *s == '\0')
		goto bad;
	while (*p != '\0') {
		char *end;
		long long v;
		int64_t unit;

		if (!isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno != 0 || v > 1000000000LL)
			goto bad;
		if (strncmp(end, "ms", 2) == 0)
			unit = 1, end += 2;
		else if (*end == 's')
			unit = 1000, end++;
		else if (*end == 'm')
			unit = 60000, end++;
		else if (*end == 'h')
			unit = 3600000, end++;
		else
			goto bad;
		total += v * unit;
		p = end;
	}
	*ms = total;
	return 0;
bad:
	return lat_diag_set(d, LAT_EINVAL, "duration \"%s\": write a number with a unit, like 30s, 5m, 1h or 1m30s",
	    s ? s : "");
}

static void
parse_selector(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "tag", "value", NULL };
	/* AWS's tag limits: a key of 1-128 characters, a value of at most 256. */
	static const struct lat_cfg_strspec tag_spec = { 1, 128, NULL,
		"the tag key a service carries to opt in (1 to 128 characters), like NewService" };
	static const struct lat_cfg_strspec value_spec = { 0, 256, NULL, "a tag value of at most 256 characters" };

	if (!lat_cfg_is_map(p, n, "selector"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";

		if (strcmp(key, "tag") == 0)
			(void)lat_cfg_get_string_spec(p, v, "selector.tag", &tag_spec, &p->c->selector_key);
		else if (strcmp(key, "value") == 0)
			(void)lat_cfg_get_string_spec(p, v, "selector.value", &value_spec, &p->c->selector_value);
		else
			lat_cfg_unknown_key(p, k, "selector", known);
	}
}

static void
parse_safety(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "max_delete_percent", "min_records_for_threshold", NULL };

	if (!lat_cfg_is_map(p, n, "safety"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";

		if (strcmp(key, "max_delete_percent") == 0)
			(void)lat_cfg_get_int(p, v, "safety.max_delete_percent", 0, 100, &p->c->max_delete_percent);
		else if (strcmp(key, "min_records_for_threshold") == 0)
			(void)lat_cfg_get_int(p, v, "safety.min_records_for_threshold", 0, 1000000,
			    &p->c->min_records_for_threshold);
		else
			lat_cfg_unknown_key(p, k, "safety", known);
	}
}

static void
parse_rps(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	const char *s = lat_cfg_scalar(n);
	char *end = NULL;
	double v = s ? strtod(s, &end) : 0;

	if (s == NULL || end == s || *end != '\0' || !(v > 0) || v > 1000)
		lat_cfg_err(p, n, "aws.route53_rps", "\"%s\" must be a number of requests per second above 0 "
		    "(Route 53 allows 5 per account)", s ? s : "?");
	else
		p->c->route53_rps = v;
}

/*
 * A CA bundle that is not there would fail every TLS handshake of every
 * cycle with a message about certificates: say so here, where it is written.
 */
static void
ca_bundle(struct lat_cfg_parse *p, const yaml_node_t *v)
{
	struct stat sb;

	if (lat_cfg_get_string(p, v, "aws.ca_bundle", &p->c->ca_bundle) != 0)
		return;
	if (p->c->ca_bundle[0] == '\0')
		lat_cfg_err(p, v, "aws.ca_bundle", "\"\" is empty; write the path of a PEM file of CA certificates, or "
		    "remove the key");
	else if (stat(p->c->ca_bundle, &sb) != 0 || access(p->c->ca_bundle, R_OK) != 0)
		lat_cfg_err(p, v, "aws.ca_bundle", "\"%s\": %s; write the path of a readable PEM file of CA certificates, "
		    "or remove the key", p->c->ca_bundle, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		lat_cfg_err(p, v, "aws.ca_bundle", "\"%s\" is not a regular file; write the path of a PEM file of CA "
		    "certificates", p->c->ca_bundle);
	else
		return;
	free(p->c->ca_bundle);
	p->c->ca_bundle = NULL;
}

static void
parse_aws(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "max_attempts", "route53_rps", "route53_burst", "concurrency",
		"ca_bundle", "tag_source", "region", "timeout", NULL };

	if (!lat_cfg_is_map(p, n, "aws"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";
		char *s = NULL;

		if (strcmp(key, "max_attempts") == 0) {
			(void)lat_cfg_get_int(p, v, "aws.max_attempts", 1, 20, &p->c->max_attempts);
		} else if (strcmp(key, "route53_rps") == 0) {
			parse_rps(p, v);
		} else if (strcmp(key, "route53_burst") == 0) {
			(void)lat_cfg_get_int(p, v, "aws.route53_burst", 1, 1000, &p->c->route53_burst);
		} else if (strcmp(key, "concurrency") == 0) {
			(void)lat_cfg_get_int(p, v, "aws.concurrency", 1, 256, &p->c->concurrency);
		} else if (strcmp(key, "timeout") == 0) {
			struct lat_diag e = { 0 };

			if (lat_cfg_get_string(p, v, "aws.timeout", &s) == 0 &&
			    (lat_config_parse_duration(s, &p->c->timeout_ms, &e) != 0 || p->c->timeout_ms < 1000 ||
			    p->c->timeout_ms > 300000))
				lat_cfg_err(p, v, "aws.timeout", "\"%s\" is not a duration from 1s to 5m; write it like 10s",
				    s);
			lat_diag_cleanup(&e);
			free(s);
		} else if (strcmp(key, "ca_bundle") == 0) {
			ca_bundle(p, v);
		} else if (strcmp(key, "region") == 0) {
			if (lat_cfg_get_string(p, v, "aws.region", &p->c->region) == 0 && !lat_region_valid(p->c->region))
				lat_cfg_err(p, v, "aws.region", "\"%s\" is not a region name like us-east-1", p->c->region);
			p->c->region_set = 1;
		} else if (strcmp(key, "tag_source") == 0) {
			if (lat_cfg_get_string(p, v, "aws.tag_source", &s) == 0) {
				if (strcmp(s, "tagging-api") == 0)
					p->c->tag_source = LAT_TAGSRC_TAGGING;
				else if (strcmp(s, "lattice") == 0)
					p->c->tag_source = LAT_TAGSRC_LATTICE;
				else
					lat_cfg_err(p, v, "aws.tag_source", "\"%s\": use tagging-api or lattice", s);
			}
			free(s);
		} else {
			lat_cfg_unknown_key(p, k, "aws", known);
		}
	}
}

static void
parse_log(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "level", "format", NULL };

	if (!lat_cfg_is_map(p, n, "log"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "", *s = lat_cfg_scalar(v);

		if (strcmp(key, "level") == 0 && s && (!strcmp(s, "debug") || !strcmp(s, "info") ||
		    !strcmp(s, "warn") || !strcmp(s, "error")))
			(void)lat_cfg_get_string(p, v, "log.level", &p->c->log_level);
		else if (strcmp(key, "level") == 0)
			lat_cfg_err(p, v, "log.level", "use debug, info, warn or error");
		else if (strcmp(key, "format") == 0 && s && (!strcmp(s, "text") || !strcmp(s, "json")))
			(void)lat_cfg_get_string(p, v, "log.format", &p->c->log_format);
		else if (strcmp(key, "format") == 0)
			lat_cfg_err(p, v, "log.format", "use text or json");
		else
			lat_cfg_unknown_key(p, k, "log", known);
	}
}

/*
 * The endpoint's address is checked here, with the config's line, so a
 * typo fails --check-config rather than the start of the controller.
 */
static void
parse_metrics(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "address", "cycle_timeout", NULL };
	struct lat_diag d = { 0 };
	char *s = NULL;

	if (!lat_cfg_is_map(p, n, "metrics"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";
		struct sockaddr_storage ss;
		socklen_t len;

		if (strcmp(key, "address") == 0) {
			if (lat_cfg_get_string(p, v, "metrics.address", &p->c->metrics_address) == 0 &&
			    lat_httpd_parse_address(p->c->metrics_address, &ss, &len, &d) != 0)
				lat_cfg_err(p, v, "metrics.address", "%s", lat_diag_msg(&d));
		} else if (strcmp(key, "cycle_timeout") == 0) {
			if (lat_cfg_get_string(p, v, "metrics.cycle_timeout", &s) == 0 &&
			    (lat_config_parse_duration(s, &p->c->cycle_timeout_ms, &d) != 0 ||
			    p->c->cycle_timeout_ms < 1000))
				lat_cfg_err(p, v, "metrics.cycle_timeout", "\"%s\" is not a duration of at least 1s; write it "
				    "like 30s, 5m or 1h", s);
			free(s);
			s = NULL;
		} else {
			lat_cfg_unknown_key(p, k, "metrics", known);
		}
		lat_diag_cleanup(&d);
	}
}

static void
parse_top_scalar(struct lat_cfg_parse *p, const char *key, const yaml_node_t *v)
{
	struct lat_diag d = { 0 };
	char *s = NULL;

	if (strcmp(key, "state") == 0) {
		static const struct lat_cfg_strspec state_spec = { 1, 4096, NULL,
			"the path of the state database, like /var/lib/latticedns/state.db" };

		(void)lat_cfg_get_string_spec(p, v, "state", &state_spec, &p->c->state_path);
	} else if (strcmp(key, "interval") == 0) {
		if (lat_cfg_get_string(p, v, "interval", &s) == 0 &&
		    (lat_config_parse_duration(s, &p->c->interval_ms, &d) != 0 || p->c->interval_ms < 1000))
			lat_cfg_err(p, v, "interval", "\"%s\" is not a duration of at least 1s; write it like 30s, 5m or 1h",
			    s);
	} else if (strcmp(key, "ownership") == 0) {
		if (lat_cfg_get_string(p, v, "ownership", &s) == 0) {
			if (strcmp(s, "tags") == 0)
				p->c->ownership = LAT_OWN_TAGS;
			else if (strcmp(s, "state") == 0)
				p->c->ownership = LAT_OWN_STATE;
			else if (strcmp(s, "txt") == 0)
				p->c->ownership = LAT_OWN_TXT;
			else
				lat_cfg_err(p, v, "ownership", "\"%s\": use tags (zone tags, as the pipeline), txt (TXT "
				    "records in the zone, with owner_id) or state (the SQLite ledger only)", s);
			p->ownership_node = v;
		}
	} else if (strcmp(key, "owner_id") == 0) {
		struct lat_buf why = { 0 };

		if (lat_cfg_get_string(p, v, "owner_id", &p->c->owner_id) == 0 &&
		    lat_registry_check_owner(p->c->owner_id, &why) != 0)
			lat_cfg_err(p, v, "owner_id", "\"%s\" %s", p->c->owner_id, lat_buf_str(&why));
		lat_buf_cleanup(&why);
	} else if (strcmp(key, "txt_prefix") == 0) {
		struct lat_buf why = { 0 };

		if (lat_cfg_get_string(p, v, "txt_prefix", &s) == 0) {
			if (lat_registry_check_prefix(s, &why) != 0) {
				lat_cfg_err(p, v, "txt_prefix", "\"%s\" %s", s, lat_buf_str(&why));
			} else {
				free(p->c->txt_prefix);
				p->c->txt_prefix = s;
				s = NULL;
			}
		}
		lat_buf_cleanup(&why);
	} else if (strcmp(key, "zone_tag_limit") == 0) {
		(void)lat_cfg_get_int(p, v, "zone_tag_limit", 1, 50, &p->c->zone_tag_limit);
	} else if (strcmp(key, "full_scan_every") == 0) {
		(void)lat_cfg_get_int(p, v, "full_scan_every", 1, 1000000, &p->c->full_scan_every);
	} else if (strcmp(key, "overwrite") == 0 && lat_cfg_get_string(p, v, "overwrite", &s) == 0) {
		if (strcmp(s, "any") == 0 || strcmp(s, "owned-only") == 0)
			p->c->overwrite = strcmp(s, "any") == 0 ? LAT_OVERWRITE_ANY : LAT_OVERWRITE_OWNED_ONLY;
		else
			lat_cfg_err(p, v, "overwrite", "\"%s\": use any (an existing record at a wanted name is replaced, as "
			    "the pipeline) or owned-only (only records latticedns owns are replaced)", s);
	} else if (strcmp(key, "conflicts") == 0 && lat_cfg_get_string(p, v, "conflicts", &s) == 0) {
		if (strcmp(s, "newest") == 0 || strcmp(s, "first-owner") == 0)
			p->c->conflicts = strcmp(s, "newest") == 0 ? LAT_CONFLICTS_NEWEST : LAT_CONFLICTS_FIRST_OWNER;
		else
			lat_cfg_err(p, v, "conflicts", "\"%s\": use newest (the newest service wins a contested name, as the "
			    "pipeline) or first-owner (the service that holds the name keeps it)", s);
	}
	free(s);
	lat_diag_cleanup(&d);
}

/*
 * YAML keys are unique, but libyaml keeps both of a repeated key and the
 * second would silently override the first: report it, at the repeat.
 */
static void
check_duplicates(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, int depth)
{
	if (n == NULL || depth > 32)
		return;
	if (n->type == YAML_SEQUENCE_NODE) {
		size_t i = 0;

		for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
			struct lat_buf sub = { 0 };

			lat_buf_addf(&sub, "%s[%zu]", path, i);
			check_duplicates(p, yaml_document_get_node(p->doc, *it), lat_buf_str(&sub), depth + 1);
			lat_buf_cleanup(&sub);
		}
		return;
	}
	if (n->type != YAML_MAPPING_NODE)
		return;
	FOR_PAIRS(p, n, pair) {
		const char *key = lat_cfg_scalar(KEY(p, pair));
		char *sub;

		if (key == NULL)
			continue;
		for (yaml_node_pair_t *prev = n->data.mapping.pairs.start; prev < pair; prev++) {
			const char *pk = lat_cfg_scalar(KEY(p, prev));

			if (pk != NULL && strcmp(pk, key) == 0) {
				lat_cfg_err(p, KEY(p, pair), *path ? path : "(top level)", "\"%s\" is given twice (first "
				    "at line %zu); keep one", key, KEY(p, prev)->start_mark.line + 1);
				break;
			}
		}
		sub = lat_cfg_path_join(path, key);
		check_duplicates(p, VAL(p, pair), sub ? sub : path, depth + 1);
		free(sub);
	}
}

static void
parse_root(struct lat_cfg_parse *p, const yaml_node_t *root)
{
	static const char *const known[] = { "state", "interval", "selector", "ownership", "zones",
		"dns_account", "accounts", "safety", "zone_tag_limit", "aws", "log", "metrics", "overwrite",
		"conflicts", "full_scan_every", "owner_id", "txt_prefix", "resource_configurations", NULL };

	if (!lat_cfg_is_map(p, root, "(top level)"))
		return;
	FOR_PAIRS(p, root, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";

		if (!strcmp(key, "state") || !strcmp(key, "interval") || !strcmp(key, "ownership") ||
		    !strcmp(key, "zone_tag_limit") || !strcmp(key, "overwrite") || !strcmp(key, "conflicts") ||
		    !strcmp(key, "full_scan_every") || !strcmp(key, "owner_id") || !strcmp(key, "txt_prefix"))
			parse_top_scalar(p, key, v);
		else if (strcmp(key, "selector") == 0)
			parse_selector(p, v);
		else if (strcmp(key, "zones") == 0) {
			/* A repeat is reported by check_duplicates; parsing it too would lose the first list. */
			if (!p->have_zones)
				lat_cfg_parse_zones(p, v);
			p->have_zones = 1;
		} else if (strcmp(key, "dns_account") == 0)
			lat_cfg_parse_dns_account(p, v);
		else if (strcmp(key, "accounts") == 0) {
			if (!p->have_accounts)
				lat_cfg_parse_accounts(p, v);
			p->have_accounts = 1;
		} else if (strcmp(key, "safety") == 0)
			parse_safety(p, v);
		else if (strcmp(key, "aws") == 0)
			parse_aws(p, v);
		else if (strcmp(key, "log") == 0)
			parse_log(p, v);
		else if (strcmp(key, "metrics") == 0)
			parse_metrics(p, v);
		else if (strcmp(key, "resource_configurations") == 0)
			lat_cfg_parse_rescfg(p, v);
		else
			lat_cfg_unknown_key(p, k, "(top level)", known);
	}
	if (!p->have_zones)
		lat_cfg_err(p, root, "zones", "at least one hosted zone is required (zones: [{id: Z...}])");
	if (!p->have_accounts)
		lat_cfg_err(p, root, "accounts", "at least one account is required (accounts: [{id: \"111122223333\", "
		    "role_arn: ..., regions: [...]}])");
	/* The registry's records name their owner: without one, two controllers could not share a zone. */
	if (p->c->ownership == LAT_OWN_TXT && p->c->owner_id == NULL)
		lat_cfg_err(p, p->ownership_node, "ownership", "\"txt\" needs owner_id, the name this controller writes in "
		    "its TXT records (one per controller sharing a zone): add owner_id: net-prod");
}

static int
set_defaults(struct lat_config *c)
{
	c->interval_ms = 60000;
	c->cycle_timeout_ms = 10 * 60 * 1000;
	c->ownership = LAT_OWN_TAGS;
	c->max_delete_percent = 30;
	c->min_records_for_threshold = 10;
	c->zone_tag_limit = 50;
	c->full_scan_every = 10;
	c->max_attempts = 3;
	c->timeout_ms = 30000;
	c->route53_rps = 5;
	c->route53_burst = 1;
	c->concurrency = 16;
	c->tag_source = LAT_TAGSRC_TAGGING;
	c->state_path = strdup("/var/lib/latticedns/state.db");
	c->selector_key = strdup("NewService");
	c->selector_value = strdup("true");
	c->region = strdup("us-east-1");
	c->txt_prefix = strdup(LAT_REGISTRY_DEFAULT_PREFIX);
	c->rescfg.name_tag = strdup("latticedns/name");
	return c->state_path && c->selector_key && c->selector_value && c->region && c->txt_prefix &&
	    c->rescfg.name_tag ? 0 : LAT_ENOMEM;
}

/* An account without regions is listed in the home region. */
static int
fill_regions(struct lat_config *c)
{
	for (size_t i = 0; i < c->naccounts; i++) {
		struct lat_config_account *a = &c->accounts[i];

		if (a->nregions > 0)
			continue;
		if ((a->regions = calloc(1, sizeof(char *))) == NULL || (a->regions[0] = strdup(c->region)) == NULL)
			return LAT_ENOMEM;
		a->nregions = 1;
		a->home_regions = 1;
	}
	return 0;
}

int
lat_config_set_home_region(struct lat_config *c, const char *region)
{
	char *r = strdup(region);

	if (r == NULL)
		return LAT_ENOMEM;
	free(c->region);
	c->region = r;
	for (size_t i = 0; i < c->naccounts; i++) {
		struct lat_config_account *a = &c->accounts[i];

		if (!a->home_regions)
			continue;
		if ((r = strdup(region)) == NULL)
			return LAT_ENOMEM;
		free(a->regions[0]);
		a->regions[0] = r;
	}
	return 0;
}

/*
 * A second document ("---" and more) would be silently ignored: the
 * operator meant something by it. Reported, with a syntax error in it too.
 */
static void
second_document(struct lat_cfg_parse *p, yaml_parser_t *parser)
{
	yaml_document_t next;
	yaml_node_t *root;

	if (!yaml_parser_load(parser, &next)) {
		lat_buf_addf(&p->errs, "%s%s:%zu:%zu: not valid YAML: %s", p->nerrs ? "\n" : "", p->file,
		    parser->problem_mark.line + 1, parser->problem_mark.column + 1,
		    parser->problem ? parser->problem : "syntax error");
		p->nerrs++;
		return;
	}
	if ((root = yaml_document_get_root_node(&next)) != NULL)
		lat_cfg_err(p, root, "(top level)", "a second YAML document (after \"---\") starts here; latticedns reads "
		    "one: merge it into the first or remove it");
	yaml_document_delete(&next);
}

int
lat_config_parse(const char *text, size_t len, const char *name, struct lat_config *out, struct lat_diag *d)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct lat_cfg_parse p = { .doc = &doc, .file = name, .c = out };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (set_defaults(out) != 0 || (out->path = strdup(name)) == NULL) {
		lat_config_cleanup(out);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	if (!yaml_parser_initialize(&parser)) {
		lat_config_cleanup(out);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = lat_diag_set(d, LAT_ECONFIG, "%s:%zu:%zu: not valid YAML: %s%s%s", name,
		    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
		    parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		lat_config_cleanup(out);
		return rc;
	}
	if (yaml_document_get_root_node(&doc) == NULL)
		lat_cfg_err(&p, NULL, "(top level)", "the file is empty; see examples/latticedns.single-account.yaml");
	else {
		check_duplicates(&p, yaml_document_get_root_node(&doc), "", 0);
		parse_root(&p, yaml_document_get_root_node(&doc));
	}
	second_document(&p, &parser);
	if (p.nerrs == 0 && fill_regions(out) != 0)
		lat_buf_adds(&p.errs, "out of memory"), p.nerrs++;
	if (p.nerrs > LAT_CFG_MAX_ERRORS)
		lat_buf_addf(&p.errs, "\n%s: %d more problems not shown; fix these first", name,
		    p.nerrs - LAT_CFG_MAX_ERRORS);
	if (p.nerrs > 0 || lat_buf_status(&p.errs) != 0) {
		rc = lat_diag_set(d, LAT_ECONFIG, "%s", p.nerrs ? lat_buf_str(&p.errs) : "out of memory");
		lat_config_cleanup(out);
	}
	lat_buf_cleanup(&p.errs);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

int
lat_config_load(const char *path, struct lat_config *out, struct lat_diag *d)
{
	FILE *f = fopen(path, "rb");
	struct lat_buf b = { 0 };
	char chunk[4096];
	size_t n;
	int rc;

	struct stat sb;

	memset(out, 0, sizeof(*out));
	if (f == NULL)
		return lat_diag_set(d, LAT_ECONFIG, "%s: cannot read the configuration (%s); pass -c FILE or set "
		    "LATTICEDNS_CONFIG", path, strerror(errno));
	/* A directory opens and reads as empty; a FIFO or device is not a file an operator edits. */
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return lat_diag_set(d, LAT_ECONFIG, "%s: %s, not a configuration file; pass -c with the path of "
		    "latticedns.yaml", path, S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
	}
	lat_buf_init(&b, 4 * 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lat_buf_add(&b, chunk, n);
	fclose(f);
	if ((rc = lat_buf_status(&b)) != 0) {
		lat_buf_cleanup(&b);
		return lat_diag_set(d, LAT_ECONFIG, "%s: larger than 4 MiB; is it the right file?", path);
	}
	rc = lat_config_parse(lat_buf_str(&b), b.len, path, out, d);
	lat_buf_cleanup(&b);
	return rc;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
lat_config_cleanup(struct lat_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->naccounts; i++) {
		free(c->accounts[i].id);
		free(c->accounts[i].role_arn);
		free(c->accounts[i].external_id);
		free_list(c->accounts[i].regions, c->accounts[i].nregions);
		free_list(c->accounts[i].allowed_domains, c->accounts[i].nallowed);
		free(c->accounts[i].service_network);
	}
	free(c->accounts);
	for (size_t i = 0; i < c->nzones; i++) {
		free(c->zones[i].id);
		lat_zone_style_cleanup(&c->zones[i].style);
	}
	free(c->rescfg.selector_key);
	free(c->rescfg.selector_value);
	free(c->rescfg.name_tag);
	free(c->zones);
	free(c->path);
	free(c->state_path);
	free(c->selector_key);
	free(c->selector_value);
	free(c->dns_role_arn);
	free(c->dns_external_id);
	free(c->ca_bundle);
	free(c->region);
	free(c->log_level);
	free(c->log_format);
	free(c->metrics_address);
	free(c->owner_id);
	free(c->txt_prefix);
	memset(c, 0, sizeof(*c));
}
