/* rescfg.c - VPC Lattice resource configurations and their associations, JSON read with cJSON. */
#include "providers/aws/rescfg.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "common/timefmt.h"
#include "providers/aws/lattice_impl.h"

static int
parse_one(const cJSON *it, const char *account, const char *region, struct lat_service *s, struct lat_diag *d)
{
	memset(s, 0, sizeof(*s));
	s->kind = LAT_RES_RESCFG;
	s->arn = lat_lattice_jstr(it, "arn");
	s->id = lat_lattice_jstr(it, "id");
	s->name = lat_lattice_jstr(it, "name");
	s->status = lat_lattice_jstr(it, "status");
	s->custom_domain = lat_lattice_jstr(it, "customDomainName");
	s->created_at = lat_lattice_jstr(it, "createdAt");
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
	j = lat_lattice_parse_items(body, len, "ListResourceConfigurations", lat_buf_str(&who), &items, d);
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
		*next = lat_lattice_jstr(j, "nextToken");
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
	if ((j = lat_lattice_parse_items(body, len, "ListServiceNetworkResourceAssociations", r->arn, &items, d)) == NULL)
		return LAT_EPARSE;
	cJSON_ArrayForEach(it, items) {
		const cJSON *dns = cJSON_GetObjectItemCaseSensitive(it, "dnsEntry");
		struct lat_rescfg_assoc a = {
			.id = lat_lattice_jstr(it, "id"), .sn_id = lat_lattice_jstr(it, "serviceNetworkId"), .sn_arn = lat_lattice_jstr(it, "serviceNetworkArn"),
			.sn_name = lat_lattice_jstr(it, "serviceNetworkName"),
			.private_dns = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "privateDnsEnabled")),
		};

		if (cJSON_IsObject(dns)) {
			a.dns_name = lat_lattice_jstr(dns, "domainName");
			a.dns_zone_id = lat_lattice_jstr(dns, "hostedZoneId");
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
		*next = lat_lattice_jstr(j, "nextToken");
	cJSON_Delete(j);
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
	struct lat_lattice_pager p = { .op = "ListResourceConfigurations", .path = "/resourceconfigurations", .query = "",
		.who = lat_buf_str(&who), .parse = list_page, .arg = &a };
	rc = lat_lattice_page_all(c, &p, d);
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
			r->verification = lat_lattice_jstr(j, "domainVerificationStatus");
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
	struct lat_lattice_pager p = { .op = "ListServiceNetworkResourceAssociations", .path = "/servicenetworkresourceassociations",
		.query = lat_buf_str(&q), .who = r->arn, .parse = assoc_page, .arg = r };
	rc = lat_lattice_page_all(c, &p, d);
	lat_buf_cleanup(&q);
	for (size_t i = 0; rc == 0 && i < r->nassocs; i++)
		private_dns |= r->assocs[i].private_dns;
	if (rc == 0 && private_dns && r->custom_domain != NULL && !r->name_from_tag)
		rc = read_verification(c, r, d);
	return rc;
}
