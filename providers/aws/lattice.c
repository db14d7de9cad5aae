/* lattice.c - VPC Lattice ListServices and ListTagsForResource, JSON read with cJSON. */
#include "providers/aws/lattice.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "common/timefmt.h"
#include "providers/aws/lattice_impl.h"

char *
lat_lattice_jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && v->valuestring[0] != '\0' ? strdup(v->valuestring) : NULL;
}

/*
 * The list answer must be an object with its items list: a 200 without it
 * is a failed listing, never "no resource configurations" (that would
 * delete every record of the account's resources).
 */
cJSON *
lat_lattice_parse_items(const char *body, size_t len, const char *op, const char *who, const cJSON **items,
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
lat_lattice_page_all(struct lat_aws_client *c, const struct lat_lattice_pager *p, struct lat_diag *d)
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

static int
parse_service(const cJSON *it, const char *account, const char *region, struct lat_service *s,
    struct lat_diag *d)
{
	const cJSON *dns = cJSON_GetObjectItemCaseSensitive(it, "dnsEntry");

	memset(s, 0, sizeof(*s));
	s->arn = lat_lattice_jstr(it, "arn");
	s->id = lat_lattice_jstr(it, "id");
	s->name = lat_lattice_jstr(it, "name");
	s->status = lat_lattice_jstr(it, "status");
	s->custom_domain = lat_lattice_jstr(it, "customDomainName");
	s->created_at = lat_lattice_jstr(it, "createdAt");
	if (cJSON_IsObject(dns)) {
		s->dns_name = lat_lattice_jstr(dns, "domainName");
		s->dns_zone_id = lat_lattice_jstr(dns, "hostedZoneId");
	}
	s->account = strdup(account);
	s->region = strdup(region);
	if (s->arn == NULL || s->account == NULL || s->region == NULL)
		return lat_diag_set(d, LAT_EPARSE, "vpc-lattice ListServices (account %s, %s): a service without an arn",
		    account, region);
	if (s->created_at != NULL && lat_time_parse_iso8601(s->created_at, &s->created_ms, d) != 0) {
		lat_diag_prefix(d, "vpc-lattice ListServices %s createdAt", s->arn);
		return LAT_EPARSE;
	}
	return 0;
}

int
lat_lattice_parse_services(const char *body, size_t len, const char *account, const char *region,
    struct lat_service_list *out, char **next, struct lat_diag *d)
{
	struct lat_buf who = { 0 };
	const cJSON *items, *it;
	cJSON *j;
	int rc = 0;

	*next = NULL;
	lat_buf_addf(&who, "account %s, %s", account, region);
	j = lat_lattice_parse_items(body, len, "ListServices", lat_buf_str(&who), &items, d);
	lat_buf_cleanup(&who);
	if (j == NULL)
		return LAT_EPARSE;
	cJSON_ArrayForEach(it, items) {
		struct lat_service s;

		rc = parse_service(it, account, region, &s, d);
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

struct services_arg {
	const char *account, *region;
	struct lat_service_list *out;
};

static int
services_page(void *arg, const struct lat_http_response *resp, char **next, struct lat_diag *d)
{
	struct services_arg *a = arg;

	return lat_lattice_parse_services(resp->body.p, resp->body.len, a->account, a->region, a->out, next, d);
}

int
lat_lattice_list_services(struct lat_aws_client *c, const char *account, const char *region,
    struct lat_service_list *out, struct lat_diag *d)
{
	struct lat_buf who = { 0 };
	struct services_arg a = { account, region, out };
	int rc;

	lat_buf_addf(&who, "account %s, %s", account, region);
	struct lat_lattice_pager p = { .op = "ListServices", .path = "/services", .query = "",
		.who = lat_buf_str(&who), .parse = services_page, .arg = &a };
	rc = lat_lattice_page_all(c, &p, d);
	lat_buf_cleanup(&who);
	return rc;
}

int
lat_lattice_list_tags(struct lat_aws_client *c, const char *arn, struct lat_tags *out, struct lat_diag *d)
{
	struct lat_buf path = { 0 };
	struct lat_http_response resp = { 0 };
	cJSON *j = NULL;
	const cJSON *tags, *t;
	int rc;

	lat_buf_adds(&path, "/tags/");
	lat_aws_uri_encode(&path, arn, 0);
	if ((rc = lat_buf_status(&path)) != 0) {
		lat_buf_cleanup(&path);
		return lat_diag_set(d, rc, "out of memory");
	}
	struct lat_aws_request req = { .operation = "ListTagsForResource", .method = "GET",
		.path = lat_buf_str(&path) };
	rc = lat_aws_call(c, &req, &resp, d);
	if (rc == 0) {
		j = cJSON_ParseWithLength(resp.body.p ? resp.body.p : "", resp.body.len);
		tags = cJSON_GetObjectItemCaseSensitive(j, "tags");
		/* tags is required ({} when untagged); without it the opt-in tag cannot be told absent. */
		if (!cJSON_IsObject(j) || !cJSON_IsObject(tags))
			rc = lat_diag_set(d, LAT_EPARSE, "vpc-lattice ListTagsForResource %s: the answer has no tags "
			    "object; the account's DNS is held this cycle", arn);
		if (rc != 0)
			tags = NULL;
		cJSON_ArrayForEach(t, tags) {
			if (cJSON_IsString(t) && (rc = lat_tags_set(out, t->string, t->valuestring)) != 0) {
				lat_diag_set(d, rc, "out of memory");
				break;
			}
		}
	}
	cJSON_Delete(j);
	lat_http_response_cleanup(&resp);
	lat_buf_cleanup(&path);
	return rc;
}
