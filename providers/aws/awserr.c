/* awserr.c - parse AWS error answers (XML and JSON) into struct lat_aws_error. */
#include "providers/aws/awserr.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "providers/aws/xml.h"

/* "com.amazon.coral#ThrottlingException:http://..." → "ThrottlingException". */
static char *
clean_code(const char *s)
{
	const char *hash, *colon;
	size_t n;

	if (s == NULL || *s == '\0')
		return NULL;
	if ((hash = strrchr(s, '#')) != NULL)
		s = hash + 1;
	colon = strchr(s, ':');
	n = colon ? (size_t)(colon - s) : strlen(s);
	return strndup(s, n);
}

static void
parse_xml(const struct lat_http_response *resp, struct lat_aws_error *e)
{
	xmlDoc *doc = NULL;
	xmlNode *root, *err;
	struct lat_diag d = { 0 };

	if (resp->body.len == 0 ||
	    lat_xml_parse(resp->body.p, resp->body.len, "error response", &doc, &d) != 0) {
		lat_diag_cleanup(&d);
		return;
	}
	root = xmlDocGetRootElement(doc);
	if (root != NULL && strcmp((const char *)root->name, "InvalidChangeBatch") == 0) {
		/*
		 * The legacy form: its own root, one <Message> per refused change.
		 * The message is rebuilt as the standard form carries it ("[m1, m2]",
		 * AWS-FACTS.md) so both forms read as one error; messages hold
		 * commas and brackets themselves, so nobody splits it again.
		 */
		struct lat_buf b = { 0 };
		xmlNode *msgs = lat_xml_child(root, "Messages");

		lat_buf_adds(&b, "[");
		for (xmlNode *m = msgs ? lat_xml_child(msgs, "Message") : NULL; m; m = lat_xml_next(m, "Message")) {
			char *t = lat_xml_text(m);

			lat_buf_addf(&b, "%s%s", b.len > 1 ? ", " : "", t ? t : "");
			free(t);
		}
		if (b.len == 1) {
			char *t = lat_xml_path_text(root, "Message");

			lat_buf_adds(&b, t ? t : "");
			free(t);
		}
		lat_buf_adds(&b, "]");
		e->code = strdup("InvalidChangeBatch");
		e->message = lat_buf_take(&b);
		lat_buf_cleanup(&b);
		free(e->request_id);
		e->request_id = lat_xml_path_text(root, "RequestId");
	} else if (root != NULL) {
		char *code;

		err = strcmp((const char *)root->name, "Error") == 0 ? root : lat_xml_child(root, "Error");
		code = err ? lat_xml_path_text(err, "Code") : NULL;
		e->code = clean_code(code);
		free(code);
		e->message = err ? lat_xml_path_text(err, "Message") : NULL;
		char *rid = lat_xml_path_text(root, "RequestId");

		if (rid != NULL) {
			free(e->request_id);
			e->request_id = rid;
		}
	}
	xmlFreeDoc(doc);
}

static void
parse_json(const struct lat_http_response *resp, struct lat_aws_error *e)
{
	const char *hdr = lat_http_response_header(resp, "x-amzn-ErrorType");
	cJSON *j = resp->body.len ? cJSON_ParseWithLength(resp->body.p, resp->body.len) : NULL;
	const cJSON *v;

	if (hdr != NULL)
		e->code = clean_code(hdr);
	if (e->code == NULL && j != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(j, "__type");
		if (!cJSON_IsString(v))
			v = cJSON_GetObjectItemCaseSensitive(j, "code");
		if (cJSON_IsString(v))
			e->code = clean_code(v->valuestring);
	}
	if (j != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(j, "message");
		if (!cJSON_IsString(v))
			v = cJSON_GetObjectItemCaseSensitive(j, "Message");
		if (cJSON_IsString(v))
			e->message = strdup(v->valuestring);
		/* VPC Lattice's ThrottlingException and ServiceQuotaExceededException say when to come back;
		 * the model binds it to the Retry-After header, and the body may carry it too. */
		v = cJSON_GetObjectItemCaseSensitive(j, "retryAfterSeconds");
		if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 86400)
			e->retry_after_s = (long)v->valuedouble;
	}
	cJSON_Delete(j);
}

void
lat_awserr_parse(enum lat_aws_protocol proto, const struct lat_http_response *resp,
    struct lat_aws_error *e)
{
	const char *rid = lat_http_response_header(resp, "x-amzn-RequestId");

	if (rid == NULL)
		rid = lat_http_response_header(resp, "x-amz-request-id");
	e->status = resp->status;
	if (rid != NULL)
		e->request_id = strdup(rid);
	if (proto == LAT_PROTO_QUERY || proto == LAT_PROTO_REST_XML)
		parse_xml(resp, e);
	else
		parse_json(resp, e);
}
