/* tagging.c - GetResources with a type and a tag-key filter, paginated. */
#include "providers/aws/tagging.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

void
lat_tagged_list_cleanup(struct lat_tagged_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].arn);
		lat_tags_cleanup(&l->v[i].tags);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
push(struct lat_tagged_list *l, const cJSON *m)
{
	const cJSON *arn = cJSON_GetObjectItemCaseSensitive(m, "ResourceARN");
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(m, "Tags"), *t;
	struct lat_tagged e = { 0 };
	int rc = 0;

	if (!cJSON_IsString(arn))
		return LAT_EPARSE;
	if ((e.arn = strdup(arn->valuestring)) == NULL)
		return LAT_ENOMEM;
	cJSON_ArrayForEach(t, tags) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(t, "Key");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "Value");

		if (cJSON_IsString(k) && (rc = lat_tags_set(&e.tags, k->valuestring,
		    cJSON_IsString(v) ? v->valuestring : "")) != 0)
			break;
	}
	if (rc == 0 && l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct lat_tagged *nv = realloc(l->v, cap * sizeof(*nv));

		if (nv == NULL)
			rc = LAT_ENOMEM;
		else
			l->v = nv, l->cap = cap;
	}
	if (rc != 0) {
		free(e.arn);
		lat_tags_cleanup(&e.tags);
		return rc;
	}
	l->v[l->n++] = e;
	return 0;
}

static int
request_body(const char *type, const char *key, const char *token, char **out)
{
	cJSON *j = cJSON_CreateObject(), *types, *filters, *f;

	*out = NULL;
	if (j == NULL)
		return LAT_ENOMEM;
	types = cJSON_AddArrayToObject(j, "ResourceTypeFilters");
	filters = cJSON_AddArrayToObject(j, "TagFilters");
	f = cJSON_CreateObject();
	if (types == NULL || filters == NULL || f == NULL || !cJSON_AddItemToArray(types, cJSON_CreateString(type)) ||
	    !cJSON_AddItemToArray(filters, f) || cJSON_AddStringToObject(f, "Key", key) == NULL ||
	    cJSON_AddNumberToObject(j, "ResourcesPerPage", 100) == NULL ||
	    (token != NULL && cJSON_AddStringToObject(j, "PaginationToken", token) == NULL)) {
		cJSON_Delete(j);
		return LAT_ENOMEM;
	}
	*out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return *out ? 0 : LAT_ENOMEM;
}

int
lat_tagging_get_resources(struct lat_aws_client *c, const char *resource_type, const char *tag_key,
    struct lat_tagged_list *out, struct lat_diag *d)
{
	char *token = NULL, *prev = NULL;
	int rc = 0, pages = 0;

	for (;;) {
		struct lat_http_response resp = { 0 };
		char *body = NULL;
		cJSON *j = NULL;
		const cJSON *list, *m, *tok;

		if ((rc = request_body(resource_type, tag_key, token, &body)) != 0) {
			lat_diag_set(d, rc, "out of memory");
			break;
		}
		struct lat_aws_request req = {
			.operation = "GetResources", .method = "POST", .path = "/",
			.content_type = "application/x-amz-json-1.1",
			.target = "ResourceGroupsTaggingAPI_20170126.GetResources",
			.body = body, .body_len = strlen(body),
		};
		rc = lat_aws_call(c, &req, &resp, d);
		free(body);
		free(prev);
		prev = token;
		token = NULL;
		if (rc == 0) {
			j = cJSON_ParseWithLength(resp.body.p ? resp.body.p : "", resp.body.len);
			list = cJSON_GetObjectItemCaseSensitive(j, "ResourceTagMappingList");
			/* Required ([] when nothing matches): without it the listing failed, it did not find nothing. */
			if (!cJSON_IsObject(j) || !cJSON_IsArray(list))
				rc = lat_diag_set(d, LAT_EPARSE, "tagging GetResources: the answer has no "
				    "ResourceTagMappingList; the account's DNS is held this cycle");
			if (rc != 0)
				list = NULL;
			cJSON_ArrayForEach(m, list) {
				if ((rc = push(out, m)) != 0) {
					lat_diag_set(d, rc, "tagging GetResources: a mapping without ResourceARN");
					break;
				}
			}
			tok = cJSON_GetObjectItemCaseSensitive(j, "PaginationToken");
			if (rc == 0 && cJSON_IsString(tok) && tok->valuestring[0] != '\0') {
				/* The same token again would page forever: a broken chain, the listing failed. */
				if (prev != NULL && strcmp(prev, tok->valuestring) == 0)
					rc = lat_diag_set(d, LAT_EPARSE, "tagging GetResources: page %d repeats the "
					    "PaginationToken of the page before; the account's DNS is held this cycle",
					    pages + 1);
				else if ((token = strdup(tok->valuestring)) == NULL)
					rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
			}
		}
		cJSON_Delete(j);
		lat_http_response_cleanup(&resp);
		if (rc != 0 || token == NULL)
			break;
		if (++pages > 10000) {
			rc = lat_diag_set(d, LAT_ELIMIT, "tagging GetResources: more than 10000 pages");
			break;
		}
	}
	free(token);
	free(prev);
	if (rc != 0)
		lat_tagged_list_cleanup(out);
	return rc;
}
