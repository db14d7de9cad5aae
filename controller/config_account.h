/* config_account.h - private to the config modules: accounts[] and dns_account into struct lat_config. */
#ifndef LAT_CONFIG_ACCOUNT_H
#define LAT_CONFIG_ACCOUNT_H

#include "controller/config_impl.h"

/*
 * accounts: (a non-empty list) into p->c->accounts, and dns_account: into
 * p->c->dns_role_arn and dns_external_id; every string is owned by p->c
 * (lat_config_cleanup frees). Errors go to p, each at its node.
 */
void lat_cfg_parse_accounts(struct lat_cfg_parse *p, const yaml_node_t *n);
void lat_cfg_parse_dns_account(struct lat_cfg_parse *p, const yaml_node_t *n);

#endif
