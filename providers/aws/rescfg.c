/* rescfg.c - VPC Lattice resource configurations and their associations, JSON read with cJSON. */
#include "providers/aws/rescfg.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "common/timefmt.h"

static char *
jdup(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && v->valuestring[0] != '\0' ? strdup(v->valuestring) : NULL;
}

static int
parse_one(const cJSON *it, const char *account, const char *region, struct lat_service *s, struct lat_diag *d)
{
	memset(s, 0, sizeof(*s));
	s->kind = LAT_RES_RESCFG;
	s->arn = jdup(it, "arn");
	s->id = jdup(it, "id");
	s->name = jdup(it, "name");
	s->status = jdup(it, "status");
	s->custom_domain = jdup(it, "customDomainName");
	s->created_at = jdup(it, "createdAt");
	s->account = strdup(account);
	s->region = strdup(region);
	if (s->arn == NULL || s->account == NULL || s->region == NULL)
		return lat_diag_set(d, LAT_EPARSE, "vpc-lattice ListResourceConfigurations (account %s, %s): a "
		    "resource configuration without an arn; the account's DNS is held this cycle", account, region);
	if (s->created_at != NULL && lat_time_parse_iso8601(s->created_at, &s->created_ms, d) != 0) {
		lat_diag_prefix(d, "vpc-lattice ListResourceConfigurations %s createdAt", s->arn);
		return LAT_EPARSE;
	}
	return 0;
}

/*
 * The list answer must be an object with its items list: a 200 without it
 * is a failed listing, never "no resource configurations" (that would
 * delete every record of the account's resources).
 */
static cJSON *
parse_items(const char *body, size_t len, const char *op, const char *who, const cJSON **items,
    struct lat_diag *d)
{
	cJSON *j = cJSON_ParseWithLength(body ? body : "", len);

	*items = cJSON_GetObjectItemCaseSensitive(j, "items");
	if (!cJSON_IsObject(j) || !cJSON_IsArray(*items)) {
		cJSON_Delete(j);
		lat_diag_set(d, LAT_EPARSE, "vpc-lattice %s (%s): the answer is not a JSON object with an items list; "
		    "the account's DNS is held this cycle", op, who);
		return NULL;
	}
	return j;
}

int
lat_rescfg_parse_list(const char *body, size_t len, const char *account, const char *region,
    struct lat_service_list *out, char **next, struct lat_diag *d)
{
	struct lat_buf who = { 0 };
	const cJSON *items, *it;
	cJSON *j;
	int rc = 0;

	*next = NULL;
	lat_buf_addf(&who, "account %s, %s", account, region);
	j = parse_items(body, len, "ListResourceConfigurations", lat_buf_str(&who), &items, d);
	lat_buf_cleanup(&who);
	if (j == NULL)
		return LAT_EPARSE;
	cJSON_ArrayForEach(it, items) {
		struct lat_service s;

		rc = parse_one(it, account, region, &s, d);
		if (rc == 0 && (rc = lat_service_list_push(out, &s)) != 0)
			lat_diag_set(d, rc, "out of memory");
		lat_service_cleanup(&s);
		if (rc != 0)
			break;
	}
	if (rc == 0)
		*next = jdup(j, "nextToken");
	cJSON_Delete(j);
	return rc;
}

int
lat_rescfg_parse_assocs(const char *body, size_t len, struct lat_service *r, char **next, struct lat_diag *d)
{
	const cJSON *items, *it;
	cJSON *j;
	int rc = 0;

	*next = NULL;
	if ((j = parse_items(body, len, "ListServiceNetworkResourceAssociations", r->arn, &items, d)) == NULL)
		return LAT_EPARSE;
	cJSON_ArrayForEach(it, items) {
		const cJSON *dns = cJSON_GetObjectItemCaseSensitive(it, "dnsEntry");
		struct lat_rescfg_assoc a = {
			.id = jdup(it, "id"), .sn_id = jdup(it, "serviceNetworkId"), .sn_arn = jdup(it, "serviceNetworkArn"),
			.sn_name = jdup(it, "serviceNetworkName"),
			.private_dns = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "privateDnsEnabled")),
		};

		if (cJSON_IsObject(dns)) {
			a.dns_name = jdup(dns, "domainName");
			a.dns_zone_id = jdup(dns, "hostedZoneId");
		}
		if (a.sn_id == NULL && a.sn_arn == NULL)
			rc = lat_diag_set(d, LAT_EPARSE, "vpc-lattice ListServiceNetworkResourceAssociations (%s): an "
			    "association without its service network; the account's DNS is held this cycle", r->arn);
		else if ((rc = lat_service_add_assoc(r, &a)) != 0)
			lat_diag_set(d, rc, "out of memory");
		lat_rescfg_assoc_cleanup(&a);
		if (rc != 0)
			break;
	}
	if (rc == 0)
		*next = jdup(j, "nextToken");
	cJSON_Delete(j);
	return rc;
}

/* One paginated list: base query (may be empty), then every page through parse. */
struct pager {
	const char *op;
	const char *path;
	const char *query;       /* without maxResults/nextToken; "" or "k=v&" */
	const char *who;         /* for messages */
	int (*parse)(void *arg, const struct lat_http_response *resp, char **next, struct lat_diag *d);
	void *arg;
};

static int
page_all(struct lat_aws_client *c, const struct pager *p, struct lat_diag *d)
{
	struct lat_buf q = { 0 };
	char *next = NULL;
	int rc = 0, pages = 0;

	for (;;) {
		struct lat_http_response resp = { 0 };
		char *prev = next;

		lat_buf_reset(&q);
		lat_buf_addf(&q, "%smaxResults=100", p->query);
		if (prev != NULL) {
			lat_buf_adds(&q, "&nextToken=");
			lat_aws_uri_encode(&q, prev, 0);
		}
		if ((rc = lat_buf_status(&q)) != 0) {
			free(prev);
			lat_diag_set(d, rc, "out of memory");
			break;
		}
		struct lat_aws_request req = { .operation = p->op, .method = "GET", .path = p->path,
			.query = lat_buf_str(&q) };
		next = NULL;
		rc = lat_aws_call(c, &req, &resp, d);
		if (rc == 0)
			rc = p->parse(p->arg, &resp, &next, d);
		/* A token handed back unchanged would page forever: a broken chain, the listing failed. */
		if (rc == 0 && next != NULL && prev != NULL && strcmp(next, prev) == 0)
			rc = lat_diag_set(d, LAT_EPARSE, "vpc-lattice %s (%s): page %d repeats the nextToken of the page "
			    "before; the account's DNS is held this cycle", p->op, p->who, pages + 1);
		free(prev);
		lat_http_response_cleanup(&resp);
		if (rc != 0 || next == NULL)
			break;
		if (++pages > 10000) {
			rc = lat_diag_set(d, LAT_ELIMIT, "vpc-lattice %s (%s): more than 10000 pages", p->op, p->who);
			break;
		}
	}
	free(next);
	lat_buf_cleanup(&q);
	return rc;
}

struct list_arg {
	const char *account, *region;
	struct lat_service_list *out;
};

static int
list_page(void *arg, const struct lat_http_response *resp, char **next, struct lat_diag *d)
{
	struct list_arg *a = arg;

	return lat_rescfg_parse_list(resp->body.p, resp->body.len, a->account, a->region, a->out, next, d);
}

int
lat_rescfg_list(struct lat_aws_client *c, const char *account, const char *region, struct lat_service_list *out,
    struct lat_diag *d)
{
	struct lat_buf who = { 0 };
	struct list_arg a = { account, region, out };
	int rc;

	lat_buf_addf(&who, "account %s, %s", account, region);
	struct pager p = { .op = "ListResourceConfigurations", .path = "/resourceconfigurations", .query = "",
		.who = lat_buf_str(&who), .parse = list_page, .arg = &a };
	rc = page_all(c, &p, d);
	lat_buf_cleanup(&who);
	return rc;
}

static int
assoc_page(void *arg, const struct lat_http_response *resp, char **next, struct lat_diag *d)
{
	return lat_rescfg_parse_assocs(resp->body.p, resp->body.len, arg, next, d);
}

/* GetResourceConfiguration: domainVerificationStatus (the summary does not carry it). */
static int
read_verification(struct lat_aws_client *c, struct lat_service *r, struct lat_diag *d)
{
	struct lat_buf path = { 0 };
	struct lat_http_response resp = { 0 };
	cJSON *j = NULL;
	int rc;

	lat_buf_adds(&path, "/resourceconfigurations/");
	lat_aws_uri_encode(&path, r->id ? r->id : r->arn, 0);
	if ((rc = lat_buf_status(&path)) != 0) {
		lat_buf_cleanup(&path);
		return lat_diag_set(d, rc, "out of memory");
	}
	struct lat_aws_request req = { .operation = "GetResourceConfiguration", .method = "GET",
		.path = lat_buf_str(&path) };
	if ((rc = lat_aws_call(c, &req, &resp, d)) == 0) {
		j = cJSON_ParseWithLength(resp.body.p ? resp.body.p : "", resp.body.len);
		if (!cJSON_IsObject(j))
			rc = lat_diag_set(d, LAT_EPARSE, "vpc-lattice GetResourceConfiguration %s: the answer is not a "
			    "JSON object; the account's DNS is held this cycle", r->arn);
		else
			r->verification = jdup(j, "domainVerificationStatus");
	}
	cJSON_Delete(j);
	lat_http_response_cleanup(&resp);
	lat_buf_cleanup(&path);
	return rc;
}

int
lat_rescfg_read_details(struct lat_aws_client *c, struct lat_service *r, struct lat_diag *d)
{
	struct lat_buf q = { 0 };
	int rc, private_dns = 0;

	lat_buf_adds(&q, "resourceConfigurationIdentifier=");
	lat_aws_uri_encode(&q, r->arn, 0);
	lat_buf_adds(&q, "&");
	if ((rc = lat_buf_status(&q)) != 0) {
		lat_buf_cleanup(&q);
		return lat_diag_set(d, rc, "out of memory");
	}
	struct pager p = { .op = "ListServiceNetworkResourceAssociations", .path = "/servicenetworkresourceassociations",
		.query = lat_buf_str(&q), .who = r->arn, .parse = assoc_page, .arg = r };
	rc = page_all(c, &p, d);
	lat_buf_cleanup(&q);
	for (size_t i = 0; rc == 0 && i < r->nassocs; i++)
		private_dns |= r->assocs[i].private_dns;
	if (rc == 0 && private_dns && r->custom_domain != NULL && !r->name_from_tag)
		rc = read_verification(c, r, d);
	return rc;
}
