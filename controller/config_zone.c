/* config_zone.c - latticedns.yaml's zones[] (ids, adoption, record styles, views) and resource_configurations. */
#include "controller/config_zone.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/dnsname.h"

/* The CLI and the console show zone ids as "/hostedzone/Z…": accept that form as it is pasted. */
static void
strip_zone_prefix(char *id)
{
	static const char prefix[] = "/hostedzone/";

	if (strncmp(id, prefix, sizeof(prefix) - 1) == 0)
		memmove(id, id + sizeof(prefix) - 1, strlen(id + sizeof(prefix) - 1) + 1);
}

static int
valid_zone_id(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32 || s[0] != 'Z')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
domain_name(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char **out)
{
	struct lat_buf why = { 0 };

	if (lat_cfg_get_string(p, n, path, out) != 0)
		return;
	if (lat_dnsname_check(*out, &why) != 0) {
		lat_cfg_err(p, n, path, "\"%s\" %s", *out, lat_buf_str(&why));
		free(*out);
		*out = NULL;
	}
	lat_buf_cleanup(&why);
}

/* {tag, value}: a zone's own selector, or the resource configurations'. */
static void
tag_selector(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char **key, char **value)
{
	static const char *const known[] = { "tag", "value", NULL };
	static const struct lat_cfg_strspec tag_spec = { 1, 128, NULL, "a tag key of 1 to 128 characters, like External" };
	static const struct lat_cfg_strspec value_spec = { 0, 256, NULL, "a tag value of at most 256 characters" };

	if (!lat_cfg_is_map(p, n, path))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *name = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";
		char *sub = lat_cfg_path_join(path, name);

		if (strcmp(name, "tag") == 0)
			(void)lat_cfg_get_string_spec(p, v, sub, &tag_spec, key);
		else if (strcmp(name, "value") == 0)
			(void)lat_cfg_get_string_spec(p, v, sub, &value_spec, value);
		else
			lat_cfg_unknown_key(p, k, path, known);
		free(sub);
	}
	if (*key == NULL)
		lat_cfg_err(p, n, path, "tag is required (the tag key to select by, like External)");
	if (*value == NULL && (*value = strdup("true")) == NULL)
		lat_cfg_err(p, n, path, "out of memory");
}

/* target: {cname: NAME} or {alias: {dns_name, hosted_zone_id}}. */
static void
zone_target(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, struct lat_zone_style *st)
{
	static const char *const known[] = { "cname", "alias", NULL };
	static const char *const alias_known[] = { "dns_name", "hosted_zone_id", NULL };

	if (!lat_cfg_is_map(p, n, path))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *name = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";
		char *sub = lat_cfg_path_join(path, name);

		if (strcmp(name, "cname") == 0) {
			domain_name(p, v, sub, &st->target_cname);
		} else if (strcmp(name, "alias") == 0 && lat_cfg_is_map(p, v, sub)) {
			FOR_PAIRS(p, v, ap) {
				yaml_node_t *ak = KEY(p, ap), *av = VAL(p, ap);
				const char *an = lat_cfg_scalar(ak) ? lat_cfg_scalar(ak) : "";
				char *asub = lat_cfg_path_join(sub, an);

				if (strcmp(an, "dns_name") == 0) {
					domain_name(p, av, asub, &st->target_alias_dns);
				} else if (strcmp(an, "hosted_zone_id") == 0) {
					if (lat_cfg_get_string(p, av, asub, &st->target_alias_zone) == 0)
						strip_zone_prefix(st->target_alias_zone);
					if (st->target_alias_zone != NULL && !valid_zone_id(st->target_alias_zone))
						lat_cfg_err(p, av, asub, "\"%s\" is not a Route 53 hosted zone id (the load "
						    "balancer's canonical hosted zone, Z...)", st->target_alias_zone);
				} else {
					lat_cfg_unknown_key(p, ak, sub, alias_known);
				}
				free(asub);
			}
			if (st->target_alias_dns == NULL || st->target_alias_zone == NULL)
				lat_cfg_err(p, v, sub, "dns_name and hosted_zone_id are both required (the load balancer's "
				    "DNS name and its canonical hosted zone id)");
		} else if (strcmp(name, "alias") != 0) {
			lat_cfg_unknown_key(p, k, path, known);
		}
		free(sub);
	}
	if (st->target_cname != NULL && st->target_alias_dns != NULL)
		lat_cfg_err(p, n, path, "give cname or alias, not both");
}

/* One key of zones[i] other than id; known: parse_zones' keys, for the did-you-mean. */
static void
zone_style_key(struct lat_cfg_parse *p, const yaml_node_t *k, const yaml_node_t *v, const char *path, const char *sub,
    const char *const *known, struct lat_zone_style *st)
{
	static const struct lat_cfg_strspec view_spec = { 1, 63, "abcdefghijklmnopqrstuvwxyz0123456789-",
		"a view name of 1 to 63 lower-case letters, digits and hyphens, like public" };
	const char *key = lat_cfg_scalar(k);
	char *s = NULL;
	int ttl;

	if (key == NULL) {
		lat_cfg_unknown_key(p, k, path, known);
	} else if (strcmp(key, "view") == 0) {
		if (lat_cfg_get_string_spec(p, v, sub, &view_spec, &st->view) == 0 && st->view[0] == '-')
			lat_cfg_err(p, v, sub, "\"%s\" starts with a hyphen; write %s", st->view, view_spec.what);
	} else if (strcmp(key, "style") == 0) {
		if (lat_cfg_get_string(p, v, sub, &s) == 0) {
			if (strcmp(s, "alias") == 0 || strcmp(s, "cname") == 0 || strcmp(s, "target") == 0)
				st->kind = s[0] == 'a' ? LAT_STYLE_ALIAS : s[0] == 'c' ? LAT_STYLE_CNAME : LAT_STYLE_TARGET;
			else
				lat_cfg_err(p, v, sub, "\"%s\": use alias (A + AAAA aliases to the Lattice name), cname (a "
				    "CNAME to it) or target (every name to the zone's target, such as a proxy's load "
				    "balancer)", s);
		}
		free(s);
	} else if (strcmp(key, "ttl") == 0) {
		if (lat_cfg_get_int(p, v, sub, 0, 2147483647, &ttl) == 0)
			st->ttl = ttl;
	} else if (strcmp(key, "target") == 0) {
		zone_target(p, v, sub, st);
	} else if (strcmp(key, "selector") == 0) {
		tag_selector(p, v, sub, &st->selector_key, &st->selector_value);
	} else if (strcmp(key, "service_network") == 0) {
		(void)lat_cfg_get_string_spec(p, v, sub, &lat_cfg_service_network_spec, &st->service_network);
	} else if (strcmp(key, "allow_link_local") == 0) {
		(void)lat_cfg_get_bool(p, v, sub, &st->allow_link_local);
	} else {
		lat_cfg_unknown_key(p, k, path, known);
	}
}

/* An error at zones[i].key naming its value ("zones[0].ttl: "60" is only ..."). */
static void
zone_err(struct lat_cfg_parse *p, const yaml_node_t *v, const char *path, const char *key, const char *what)
{
	char *sub = lat_cfg_path_join(path, key);

	lat_cfg_err(p, v, sub, "\"%s\" %s", lat_cfg_scalar(v) ? lat_cfg_scalar(v) : "(the zone)", what);
	free(sub);
}

/*
 * What one key cannot say alone. target given without a style means style:
 * target; style: target needs a target; a TTL is only for CNAME records
 * (an alias has none); a target is only for style: target.
 */
static void
zone_style_check(struct lat_cfg_parse *p, const yaml_node_t *z, const char *path, struct lat_zone_style *st)
{
	int has_target = st->target_cname != NULL || st->target_alias_dns != NULL;
	const yaml_node_t *style = NULL, *ttl = NULL;

	if (z == NULL || z->type != YAML_MAPPING_NODE)
		return;
	FOR_PAIRS(p, z, pair) {
		const char *key = lat_cfg_scalar(KEY(p, pair));

		if (key != NULL && strcmp(key, "style") == 0)
			style = VAL(p, pair);
		else if (key != NULL && strcmp(key, "ttl") == 0)
			ttl = VAL(p, pair);
	}
	if (has_target && style == NULL)
		st->kind = LAT_STYLE_TARGET;
	if (st->kind == LAT_STYLE_TARGET && !has_target)
		zone_err(p, style ? style : z, path, "style", "needs a target: {cname: NAME} or {alias: {dns_name: ..., "
		    "hosted_zone_id: ...}} (the proxy's load balancer)");
	if (st->kind != LAT_STYLE_TARGET && has_target)
		zone_err(p, style, path, "style", "cannot take a target: target is only for style: target");
	if (ttl != NULL && !lat_style_is_cname(st) && (st->kind != LAT_STYLE_TARGET || has_target))
		zone_err(p, ttl, path, "ttl", "is only for CNAME records (style: cname, or a target cname); an alias has "
		    "no TTL of its own");
	if (ttl == NULL)
		st->ttl = LAT_STYLE_DEFAULT_TTL;
}

void
lat_cfg_parse_rescfg(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "enabled", "selector", "name_tag", "publish_managed", NULL };
	static const struct lat_cfg_strspec name_tag_spec = { 1, 128, NULL,
		"the tag key whose value names a resource configuration without a custom domain, like latticedns/name" };
	const char *path = "resource_configurations";

	if (!lat_cfg_is_map(p, n, path))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";
		char *sub = lat_cfg_path_join(path, key);

		if (strcmp(key, "enabled") == 0)
			(void)lat_cfg_get_bool(p, v, sub, &p->c->rescfg.enabled);
		else if (strcmp(key, "selector") == 0)
			tag_selector(p, v, sub, &p->c->rescfg.selector_key, &p->c->rescfg.selector_value);
		else if (strcmp(key, "name_tag") == 0)
			(void)lat_cfg_get_string_spec(p, v, sub, &name_tag_spec, &p->c->rescfg.name_tag);
		else if (strcmp(key, "publish_managed") == 0)
			(void)lat_cfg_get_bool(p, v, sub, &p->c->rescfg.publish_managed);
		else
			lat_cfg_unknown_key(p, k, path, known);
		free(sub);
	}
}

void
lat_cfg_parse_zones(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "id", "adopt", "view", "style", "ttl", "target", "selector",
		"service_network", "allow_link_local", NULL };
	size_t i = 0;

	if (!lat_cfg_is_seq(p, n, "zones"))
		return;
	p->c->zones = calloc((size_t)(n->data.sequence.items.top - n->data.sequence.items.start), sizeof(*p->c->zones));
	if (p->c->zones == NULL)
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
		yaml_node_t *z = yaml_document_get_node(p->doc, *it);
		struct lat_buf path = { 0 };

		lat_buf_addf(&path, "zones[%zu]", i);
		p->c->nzones = i + 1;
		if (lat_cfg_is_map(p, z, lat_buf_str(&path))) {
			FOR_PAIRS(p, z, pair) {
				yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
				char *sub = lat_cfg_path_join(lat_buf_str(&path), lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "?");

				if (lat_cfg_scalar(k) && strcmp(lat_cfg_scalar(k), "id") == 0) {
					if (lat_cfg_get_string(p, v, sub, &p->c->zones[i].id) == 0)
						strip_zone_prefix(p->c->zones[i].id);
					if (p->c->zones[i].id != NULL && !valid_zone_id(p->c->zones[i].id))
						lat_cfg_err(p, v, sub, "\"%s\" is not a Route 53 hosted zone id (Z followed by "
						    "upper-case letters and digits)", p->c->zones[i].id);
				} else if (lat_cfg_scalar(k) && strcmp(lat_cfg_scalar(k), "adopt") == 0) {
					const char *a = lat_cfg_scalar(v);

					if (a != NULL && strcmp(a, "alias-match") == 0)
						p->c->zones[i].adopt = LAT_ADOPT_ALIAS_MATCH;
					else if (a != NULL && strcmp(a, "none") == 0)
						p->c->zones[i].adopt = LAT_ADOPT_NONE;
					else
						lat_cfg_err(p, v, sub, "use none (the default) or alias-match (an existing "
						    "alias to exactly the service's dnsEntry is adopted, not recreated)");
				} else {
					zone_style_key(p, k, v, lat_buf_str(&path), sub, known, &p->c->zones[i].style);
				}
				free(sub);
			}
			if (p->c->zones[i].id == NULL)
				lat_cfg_err(p, z, lat_buf_str(&path), "id is required (the hosted zone id, Z...)");
			zone_style_check(p, z, lat_buf_str(&path), &p->c->zones[i].style);
		}
		for (size_t j = 0; j < i; j++)
			if (p->c->zones[i].id && p->c->zones[j].id && strcmp(p->c->zones[i].id, p->c->zones[j].id) == 0)
				lat_cfg_err(p, z, lat_buf_str(&path), "zone %s is listed twice", p->c->zones[i].id);
		lat_buf_cleanup(&path);
	}
}
