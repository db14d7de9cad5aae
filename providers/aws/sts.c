/* sts.c - STS calls: form bodies out, XML credentials in. */
#include "providers/aws/sts.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/timefmt.h"
#include "providers/aws/awserr.h"
#include "providers/aws/xml.h"

#define FORM "application/x-www-form-urlencoded; charset=utf-8"

static void
form_add(struct lat_buf *b, const char *k, const char *v)
{
	lat_buf_addf(b, "%s%s=", b->len ? "&" : "", k);
	(void)lat_aws_uri_encode(b, v, 0);
}

static int
form_assume(struct lat_buf *b, const char *action, const struct lat_sts_assume *a)
{
	form_add(b, "Action", action);
	form_add(b, "Version", "2011-06-15");
	form_add(b, "RoleArn", a->role_arn);
	form_add(b, "RoleSessionName", a->session_name ? a->session_name : "latticedns");
	lat_buf_addf(b, "&DurationSeconds=%d", a->duration_s > 0 ? a->duration_s : 3600);
	if (a->external_id != NULL)
		form_add(b, "ExternalId", a->external_id);
	return lat_buf_status(b);
}

int
lat_sts_parse_credentials(const char *body, size_t len, const char *what, struct lat_creds *out,
    struct lat_diag *d)
{
	xmlDoc *doc = NULL;
	xmlNode *cr;
	char *exp = NULL;
	int64_t ms = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = lat_xml_parse(body, len, what, &doc, d)) != 0)
		return rc;
	cr = xmlDocGetRootElement(doc);
	cr = cr ? lat_xml_child(cr, NULL) : NULL;   /* the *Result element, whatever its name */
	cr = cr ? lat_xml_child(cr, "Credentials") : NULL;
	if (cr != NULL) {
		out->access_key_id = lat_xml_path_text(cr, "AccessKeyId");
		out->secret_access_key = lat_xml_path_text(cr, "SecretAccessKey");
		out->session_token = lat_xml_path_text(cr, "SessionToken");
		exp = lat_xml_path_text(cr, "Expiration");
	}
	xmlFreeDoc(doc);
	if (out->access_key_id == NULL || out->secret_access_key == NULL || out->session_token == NULL ||
	    exp == NULL) {
		free(exp);
		lat_creds_cleanup(out);
		return lat_diag_set(d, LAT_EPARSE, "%s: no Credentials (AccessKeyId, SecretAccessKey, "
		    "SessionToken, Expiration) in the answer", what);
	}
	rc = lat_time_parse_iso8601(exp, &ms, d);
	free(exp);
	if (rc != 0) {
		lat_creds_cleanup(out);
		return rc;
	}
	out->expiration = ms / 1000;
	return 0;
}

int
lat_sts_assume_role(struct lat_aws_client *c, const struct lat_sts_assume *a, struct lat_creds *out,
    struct lat_diag *d)
{
	struct lat_buf body = { 0 };
	struct lat_http_response resp = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = form_assume(&body, "AssumeRole", a)) != 0) {
		lat_buf_cleanup(&body);
		return lat_diag_set(d, rc, "out of memory");
	}
	struct lat_aws_request req = {
		.operation = "AssumeRole", .method = "POST", .path = "/", .content_type = FORM,
		.body = body.p, .body_len = body.len,
	};
	rc = lat_aws_call(c, &req, &resp, d);
	if (rc == 0)
		rc = lat_sts_parse_credentials(resp.body.p, resp.body.len, "sts AssumeRole response", out, d);
	lat_http_response_cleanup(&resp);
	lat_buf_cleanup(&body);
	return rc;
}

int
lat_sts_assume_role_with_web_identity(struct lat_transport *t, const char *endpoint,
    const struct lat_sts_assume *a, const char *token, struct lat_creds *out, struct lat_diag *d)
{
	struct lat_buf body = { 0 }, url = { 0 };
	struct lat_http_response resp = { 0 };
	struct lat_http_header h[] = { { "Content-Type", FORM } };
	int rc;

	memset(out, 0, sizeof(*out));
	(void)form_assume(&body, "AssumeRoleWithWebIdentity", a);
	form_add(&body, "WebIdentityToken", token);
	lat_buf_addf(&url, "%s/", endpoint);
	if ((rc = lat_buf_status(&body)) != 0 || (rc = lat_buf_status(&url)) != 0) {
		lat_buf_cleanup(&body);
		lat_buf_cleanup(&url);
		return lat_diag_set(d, rc, "out of memory");
	}
	struct lat_http_request req = {
		.method = "POST", .url = lat_buf_str(&url), .headers = h, .nheaders = 1,
		.body = body.p, .body_len = body.len,
	};
	rc = t->perform(t->ctx, &req, &resp, d);
	if (rc == 0 && (resp.status < 200 || resp.status > 299)) {
		struct lat_aws_error e = { 0 };

		lat_awserr_parse(LAT_PROTO_QUERY, &resp, &e);
		rc = lat_diag_set(d, LAT_ECREDS, "sts AssumeRoleWithWebIdentity %s: %s: %s (HTTP %ld)",
		    a->role_arn, e.code ? e.code : "error", e.message ? e.message : "no message", e.status);
		free(e.code);
		free(e.message);
		free(e.request_id);
	} else if (rc == 0) {
		rc = lat_sts_parse_credentials(resp.body.p, resp.body.len,
		    "sts AssumeRoleWithWebIdentity response", out, d);
	}
	lat_http_response_cleanup(&resp);
	lat_buf_cleanup(&body);
	lat_buf_cleanup(&url);
	return rc;
}

int
lat_sts_get_caller_identity(struct lat_aws_client *c, char **account, char **arn, struct lat_diag *d)
{
	static const char body[] = "Action=GetCallerIdentity&Version=2011-06-15";
	struct lat_http_response resp = { 0 };
	struct lat_aws_request req = {
		.operation = "GetCallerIdentity", .method = "POST", .path = "/", .content_type = FORM,
		.body = body, .body_len = sizeof(body) - 1,
	};
	xmlDoc *doc = NULL;
	int rc;

	*account = *arn = NULL;
	rc = lat_aws_call(c, &req, &resp, d);
	if (rc == 0)
		rc = lat_xml_parse(resp.body.p, resp.body.len, "sts GetCallerIdentity response", &doc, d);
	if (rc == 0) {
		xmlNode *r = lat_xml_child(xmlDocGetRootElement(doc), "GetCallerIdentityResult");

		*account = r ? lat_xml_path_text(r, "Account") : NULL;
		*arn = r ? lat_xml_path_text(r, "Arn") : NULL;
		if (*account == NULL || *arn == NULL) {
			free(*account);
			free(*arn);
			*account = *arn = NULL;
			rc = lat_diag_set(d, LAT_EPARSE, "sts GetCallerIdentity: no Account or Arn in the answer");
		}
	}
	xmlFreeDoc(doc);
	lat_http_response_cleanup(&resp);
	return rc;
}
