/* config_account.c - latticedns.yaml's accounts[] and dns_account: ids, reader roles, external ids, regions. */
#include "controller/config_account.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/dnsname.h"
#include "providers/aws/region.h"

/* A plain (unquoted) scalar: YAML would read 012345 as a number and lose the zero. */
static int
plain(const yaml_node_t *n)
{
	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* IAM's own rule for ExternalId (sts AssumeRole: 2-1224 of [\w+=,.@:/-]). */
static const struct lat_cfg_strspec external_id_spec = { 2, 1224, ALNUM "_+=,.@:/-",
	"the external id the role's trust policy requires: 2 to 1224 letters, digits or _+=,.@:/-" };

static int
all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
region_check(const char *s, struct lat_buf *why)
{
	if (lat_region_valid(s))
		return 0;
	lat_buf_adds(why, "is not a region name like eu-west-1");
	return -1;
}

static int
valid_role_arn(const char *s)
{
	const char *p;

	if (strncmp(s, "arn:aws:iam::", 13) == 0)
		p = s + 13;
	else if (strncmp(s, "arn:aws-cn:iam::", 16) == 0)
		p = s + 16;
	else if (strncmp(s, "arn:aws-us-gov:iam::", 20) == 0)
		p = s + 20;
	else
		return 0;
	for (int i = 0; i < 12; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	return strncmp(p + 12, ":role/", 6) == 0 && p[18] != '\0';
}

static void
role_arn(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char **out)
{
	if (lat_cfg_get_string(p, n, path, out) == 0 && !valid_role_arn(*out))
		lat_cfg_err(p, n, path, "\"%s\" is not an IAM role ARN; write arn:aws:iam::<12-digit account>:role/<name>",
		    *out);
}

static void
string_list(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char ***out, size_t *nout,
    int (*check)(const char *, struct lat_buf *why))
{
	if (!lat_cfg_is_seq(p, n, path))
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(p->doc, *it);
		char *s = NULL, **v;

		if (lat_cfg_get_string(p, e, path, &s) != 0)
			continue;
		if (check != NULL) {
			struct lat_buf why = { 0 };

			if (check(s, &why) != 0) {
				lat_cfg_err(p, e, path, "\"%s\" %s", s, lat_buf_str(&why));
				lat_buf_cleanup(&why);
				free(s);
				continue;
			}
			lat_buf_cleanup(&why);
		}
		if ((v = realloc(*out, (*nout + 1) * sizeof(*v))) == NULL) {
			free(s);
			return;
		}
		*out = v;
		v[(*nout)++] = s;
	}
}

static void
account_id(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char **out)
{
	if (lat_cfg_get_string(p, n, path, out) != 0)
		return;
	if (!all_digits(*out, 12))
		lat_cfg_err(p, n, path, "\"%s\" is not a 12-digit AWS account id", *out);
	else if (plain(n))
		lat_cfg_err(p, n, path, "write the account id in quotes (\"%s\"): YAML reads bare digits as a number "
		    "and would drop leading zeros", *out);
}

/*
 * A role in another account lists that account's services as this one's:
 * the plan would delete this account's records as "the service was
 * deleted" (issue 9). The role's account must be the id.
 */
static void
role_in_account(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, const struct lat_config_account *a)
{
	const char *acct;
	char *sub;

	if (!valid_role_arn(a->role_arn) || !all_digits(a->id, 12))
		return;     /* already reported */
	acct = strstr(a->role_arn, ":iam::") + 6;
	if (strncmp(acct, a->id, 12) == 0)
		return;
	sub = lat_cfg_path_join(path, "role_arn");
	lat_cfg_err(p, n, sub, "\"%s\" is a role in account %.12s, not in this account (%s); latticedns would list "
	    "account %.12s's services as %s's: use a role of account %s", a->role_arn, acct, a->id, acct, a->id,
	    a->id);
	free(sub);
}

static void
parse_account(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, struct lat_config_account *a)
{
	static const char *const known[] = { "id", "role_arn", "external_id", "regions", "allowed_domains",
		"service_network", NULL };
	const yaml_node_t *role_node = NULL;

	if (!lat_cfg_is_map(p, n, path))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k);
		char *sub = lat_cfg_path_join(path, key ? key : "?");

		if (key == NULL)
			lat_cfg_unknown_key(p, k, path, known);
		else if (strcmp(key, "id") == 0)
			account_id(p, v, sub, &a->id);
		else if (strcmp(key, "role_arn") == 0) {
			role_arn(p, v, sub, &a->role_arn);
			role_node = v;
		} else if (strcmp(key, "external_id") == 0)
			(void)lat_cfg_get_string_spec(p, v, sub, &external_id_spec, &a->external_id);
		else if (strcmp(key, "regions") == 0)
			string_list(p, v, sub, &a->regions, &a->nregions, region_check);
		else if (strcmp(key, "allowed_domains") == 0)
			string_list(p, v, sub, &a->allowed_domains, &a->nallowed, lat_dnsname_check);
		else if (strcmp(key, "service_network") == 0)
			(void)lat_cfg_get_string_spec(p, v, sub, &lat_cfg_service_network_spec, &a->service_network);
		else
			lat_cfg_unknown_key(p, k, path, known);
		free(sub);
	}
	if (a->id == NULL)
		lat_cfg_err(p, n, path, "id is required (the account's 12-digit id, in quotes)");
	else if (a->role_arn != NULL && role_node != NULL)
		role_in_account(p, role_node, path, a);
	if (a->nregions == 0 && p->c->region != NULL) {
		/* Filled in later with the home region when the list is absent. */
	}
}

void
lat_cfg_parse_accounts(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	size_t i = 0;

	if (!lat_cfg_is_seq(p, n, "accounts"))
		return;
	p->c->accounts = calloc((size_t)(n->data.sequence.items.top - n->data.sequence.items.start),
	    sizeof(*p->c->accounts));
	if (p->c->accounts == NULL)
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
		struct lat_buf path = { 0 };

		lat_buf_addf(&path, "accounts[%zu]", i);
		parse_account(p, yaml_document_get_node(p->doc, *it), lat_buf_str(&path), &p->c->accounts[i]);
		p->c->naccounts = i + 1;
		for (size_t j = 0; j < i; j++)
			if (p->c->accounts[i].id && p->c->accounts[j].id &&
			    strcmp(p->c->accounts[i].id, p->c->accounts[j].id) == 0)
				lat_cfg_err(p, yaml_document_get_node(p->doc, *it), lat_buf_str(&path),
				    "account %s is listed twice (also accounts[%zu]); list its regions once",
				    p->c->accounts[i].id, j);
		lat_buf_cleanup(&path);
	}
}

void
lat_cfg_parse_dns_account(struct lat_cfg_parse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "role_arn", "external_id", NULL };

	if (!lat_cfg_is_map(p, n, "dns_account"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = lat_cfg_scalar(k) ? lat_cfg_scalar(k) : "";

		if (strcmp(key, "role_arn") == 0)
			role_arn(p, v, "dns_account.role_arn", &p->c->dns_role_arn);
		else if (strcmp(key, "external_id") == 0)
			(void)lat_cfg_get_string_spec(p, v, "dns_account.external_id", &external_id_spec,
			    &p->c->dns_external_id);
		else
			lat_cfg_unknown_key(p, k, "dns_account", known);
	}
}
