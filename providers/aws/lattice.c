/* lattice.c - VPC Lattice ListServices and ListTagsForResource, JSON read with cJSON. */
#include "providers/aws/lattice.h"

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
parse_service(const cJSON *it, const char *account, const char *region, struct lat_service *s,
    struct lat_diag *d)
{
	const cJSON *dns = cJSON_GetObjectItemCaseSensitive(it, "dnsEntry");

	memset(s, 0, sizeof(*s));
	s->arn = jdup(it, "arn");
	s->id = jdup(it, "id");
	s->name = jdup(it, "name");
	s->status = jdup(it, "status");
	s->custom_domain = jdup(it, "customDomainName");
	s->created_at = jdup(it, "createdAt");
	if (cJSON_IsObject(dns)) {
		s->dns_name = jdup(dns, "domainName");
		s->dns_zone_id = jdup(dns, "hostedZoneId");
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
	cJSON *j = cJSON_ParseWithLength(body ? body : "", len);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items"), *it;
	int rc = 0;

	*next = NULL;
	/*
	 * items is required: Lattice sends "items": [] for an account without
	 * services. A 200 without it is a failed listing, never "no services",
	 * or every record of the account would be deleted.
	 */
	if (!cJSON_IsObject(j) || !cJSON_IsArray(items)) {
		cJSON_Delete(j);
		return lat_diag_set(d, LAT_EPARSE, "vpc-lattice ListServices (account %s, %s): the answer is not "
		    "a JSON object with an items list; the account's DNS is held this cycle", account, region);
	}
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
		*next = jdup(j, "nextToken");
	cJSON_Delete(j);
	return rc;
}

int
lat_lattice_list_services(struct lat_aws_client *c, const char *account, const char *region,
    struct lat_service_list *out, struct lat_diag *d)
{
	struct lat_buf q = { 0 };
	char *next = NULL;
	int rc, pages = 0;

	lat_buf_adds(&q, "maxResults=100");
	for (;;) {
		struct lat_http_response resp = { 0 };
		struct lat_aws_request req = {
			.operation = "ListServices", .method = "GET", .path = "/services", .query = lat_buf_str(&q),
		};

		if ((rc = lat_buf_status(&q)) != 0) {
			lat_diag_set(d, rc, "out of memory");
			break;
		}
		char *prev = next;

		next = NULL;
		rc = lat_aws_call(c, &req, &resp, d);
		if (rc == 0)
			rc = lat_lattice_parse_services(resp.body.p, resp.body.len, account, region, out, &next, d);
		/* A token handed back unchanged would page forever: a broken chain, the listing failed. */
		if (rc == 0 && next != NULL && prev != NULL && strcmp(next, prev) == 0)
			rc = lat_diag_set(d, LAT_EPARSE, "vpc-lattice ListServices (account %s, %s): page %d repeats "
			    "the nextToken of the page before; the account's DNS is held this cycle", account, region,
			    pages + 1);
		free(prev);
		lat_http_response_cleanup(&resp);
		if (rc != 0 || next == NULL)
			break;
		if (++pages > 10000) {
			rc = lat_diag_set(d, LAT_ELIMIT, "vpc-lattice ListServices: more than 10000 pages");
			break;
		}
		lat_buf_reset(&q);
		lat_buf_adds(&q, "maxResults=100&nextToken=");
		lat_aws_uri_encode(&q, next, 0);
	}
	free(next);
	lat_buf_cleanup(&q);
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
