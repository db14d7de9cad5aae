/* config_zone.h - private to the config modules: zones[] and resource_configurations into struct lat_config. */
#ifndef LAT_CONFIG_ZONE_H
#define LAT_CONFIG_ZONE_H

#include "controller/config_impl.h"

/*
 * zones: (a non-empty list) into p->c->zones, each with its record style
 * (issue 12), and resource_configurations: into p->c->rescfg; every string
 * is owned by p->c (lat_config_cleanup frees). Errors go to p, each at its node.
 */
void lat_cfg_parse_zones(struct lat_cfg_parse *p, const yaml_node_t *n);
void lat_cfg_parse_rescfg(struct lat_cfg_parse *p, const yaml_node_t *n);

#endif
