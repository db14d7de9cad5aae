/* config_impl.h - private to config.c, config_account.c and config_zone.c: the parse in progress and its helpers. */
#ifndef LAT_CONFIG_IMPL_H
#define LAT_CONFIG_IMPL_H

/*
 * Nothing outside the config modules includes this: the rest of the
 * program sees struct lat_config (config.h) and never a YAML node. Every
 * helper writes its error with the node's line and column, so a key parsed
 * in any of the modules reports exactly as the others do.
 */

#include <stddef.h>

#include <yaml.h>

#include "common/buf.h"
#include "controller/config.h"

/* Errors reported in full; the rest are counted. */
#define LAT_CFG_MAX_ERRORS 50

/* The parse in progress: the document, the file's name, and the errors so far. */
struct lat_cfg_parse {
	yaml_document_t *doc;
	const char *file;
	struct lat_buf errs;
	int nerrs;
	struct lat_config *c;
	int have_zones, have_accounts;   /* the key was written (its own errors already said what is wrong) */
	const yaml_node_t *ownership_node;   /* where ownership: was written, for owner_id's error */
};

/* Each pair of a mapping node, and its key and value nodes. */
#define FOR_PAIRS(p, map, pair) \
	for (yaml_node_pair_t *pair = (map)->data.mapping.pairs.start; pair < (map)->data.mapping.pairs.top; pair++)
#define KEY(p, pair) yaml_document_get_node((p)->doc, (pair)->key)
#define VAL(p, pair) yaml_document_get_node((p)->doc, (pair)->value)

/*
 * Adds "file:line:column: path: message" (n NULL: 1:1) to p->errs, one
 * line however the value is quoted; past LAT_CFG_MAX_ERRORS only counts.
 */
__attribute__((format(printf, 4, 5))) void lat_cfg_err(struct lat_cfg_parse *p, const yaml_node_t *n,
    const char *path, const char *fmt, ...);
/* k is not in known (NULL-terminated): the error names the closest known key, if one is near. */
void lat_cfg_unknown_key(struct lat_cfg_parse *p, const yaml_node_t *k, const char *path, const char *const *known);
/* A scalar's text; NULL for a missing node, a list or a mapping. Owned by the document. */
const char *lat_cfg_scalar(const yaml_node_t *n);
/* "base.key" ("key" when base is empty); the caller frees; NULL when out of memory. */
char *lat_cfg_path_join(const char *base, const char *key);

/* Each getter returns 0, or -1 after writing the error at n's location. */
/* *out (freed first) becomes a copy of the scalar; the caller frees. */
int lat_cfg_get_string(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char **out);

/*
 * A string of lo to hi characters from a set (NULL: any); what says what to
 * write. On a bad value *out is freed, so nothing invalid is ever used.
 */
struct lat_cfg_strspec {
	size_t lo, hi;
	const char *charset;
	const char *what;
};

int lat_cfg_get_string_spec(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path,
    const struct lat_cfg_strspec *sp, char **out);
/* A whole number from lo to hi; *out is left alone on an error. */
int lat_cfg_get_int(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, long lo, long hi, int *out);
/* true or false, nothing else (not yes, not 1). */
int lat_cfg_get_bool(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, int *out);
/* 1 when n is a mapping / a non-empty list; else 0, with the error written. */
int lat_cfg_is_map(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path);
int lat_cfg_is_seq(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path);

/* A service network as an account or a zone names it (accounts[].service_network, zones[].service_network). */
extern const struct lat_cfg_strspec lat_cfg_service_network_spec;

#endif
