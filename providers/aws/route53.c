/* route53.c - Route 53 requests and answers: XML built with lat_buf, read with the safe parser. */
#include "providers/aws/route53.h"

#include <stdlib.h>
#include <string.h>

#include "providers/aws/xml.h"

#define NS "https://route53.amazonaws.com/doc/2013-04-01/"

static const char *
bare(const char *id)
{
	const char *s = strrchr(id, '/');

	return s ? s + 1 : id;
}

void
lat_r53_zone_cleanup(struct lat_r53_zone *z)
{
	if (z == NULL)
		return;
	free(z->id);
	free(z->name);
	memset(z, 0, sizeof(*z));
}

/*
 * Every Route 53 answer's root is <OperationResponse>; a 200 with another
 * root (a proxy's page, another API's answer) is not an answer at all, and
 * reading it as one would make an empty zone out of a listing that failed.
 */
static int
check_root(xmlDoc *doc, const char *op, struct lat_diag *d)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	size_t n = strlen(op);
	const char *name = root ? (const char *)root->name : "";

	if (strncmp(name, op, n) == 0 && strcmp(name + n, "Response") == 0)
		return 0;
	return lat_diag_set(d, LAT_EPARSE, "route53 %s: the answer's root is <%s>, not <%sResponse>; "
	    "a proxy or endpoint between us and Route 53 answered in its place (check AWS_ENDPOINT_URL and proxies)",
	    op, name, op);
}

/* GET/POST with a path built from a format, the body's root parsed and checked. */
static int
call_xml(struct lat_aws_client *c, const char *op, const char *method, const struct lat_buf *path,
    const char *query, const struct lat_buf *body, xmlDoc **doc, struct lat_diag *d)
{
	struct lat_http_response resp = { 0 };
	struct lat_aws_request req = {
		.operation = op, .method = method, .path = lat_buf_str(path), .query = query,
		.content_type = body ? "application/xml" : NULL,
		.body = body ? body->p : NULL, .body_len = body ? body->len : 0,
	};
	int rc;

	if (lat_buf_status(path) || (body && lat_buf_status(body)))
		return lat_diag_set(d, LAT_ENOMEM, "out of memory building route53 %s", op);
	rc = lat_aws_call(c, &req, &resp, d);
	if (rc == 0 && doc != NULL) {
		struct lat_buf what = { 0 };

		lat_buf_addf(&what, "route53 %s response", op);
		rc = lat_xml_parse(resp.body.p, resp.body.len, lat_buf_str(&what), doc, d);
		lat_buf_cleanup(&what);
		if (rc == 0 && (rc = check_root(*doc, op, d)) != 0) {
			xmlFreeDoc(*doc);
			*doc = NULL;
		}
	}
	lat_http_response_cleanup(&resp);
	return rc;
}

static long
text_long(const xmlNode *n, const char *path)
{
	char *t = lat_xml_path_text(n, path), *end = NULL;
	long v = t ? strtol(t, &end, 10) : -1;

	if (t == NULL || end == t || *end != '\0')
		v = -1;
	free(t);
	return v;
}

int
lat_r53_get_hosted_zone(struct lat_aws_client *c, const char *zone_id, struct lat_r53_zone *out,
    struct lat_diag *d)
{
	struct lat_buf path = { 0 };
	xmlDoc *doc = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	lat_buf_adds(&path, "/2013-04-01/hostedzone/");
	lat_aws_uri_encode(&path, bare(zone_id), 0);
	rc = call_xml(c, "GetHostedZone", "GET", &path, NULL, NULL, &doc, d);
	if (rc == 0) {
		xmlNode *hz = lat_xml_child(xmlDocGetRootElement(doc), "HostedZone");
		char *id = hz ? lat_xml_path_text(hz, "Id") : NULL, *priv;

		out->id = id ? strdup(bare(id)) : NULL;
		free(id);
		out->name = hz ? lat_xml_path_text(hz, "Name") : NULL;
		priv = hz ? lat_xml_path_text(hz, "Config/PrivateZone") : NULL;
		out->private_zone = priv && strcmp(priv, "true") == 0;
		free(priv);
		out->record_count = hz ? text_long(hz, "ResourceRecordSetCount") : -1;
		if (out->id == NULL || out->name == NULL) {
			lat_r53_zone_cleanup(out);
			rc = lat_diag_set(d, LAT_EPARSE, "route53 GetHostedZone %s: no HostedZone Id/Name in the answer",
			    zone_id);
		}
	}
	xmlFreeDoc(doc);
	lat_buf_cleanup(&path);
	return rc;
}

static int
parse_rrset(const xmlNode *n, struct lat_rrset *r)
{
	xmlNode *rrs = lat_xml_child(n, "ResourceRecords"), *at = lat_xml_child(n, "AliasTarget");

	memset(r, 0, sizeof(*r));
	r->name = lat_xml_path_text(n, "Name");
	r->type = lat_xml_path_text(n, "Type");
	r->set_identifier = lat_xml_path_text(n, "SetIdentifier");
	r->ttl = lat_xml_child(n, "TTL") ? text_long(n, "TTL") : -1;
	for (xmlNode *rr = rrs ? lat_xml_child(rrs, "ResourceRecord") : NULL; rr;
	    rr = lat_xml_next(rr, "ResourceRecord")) {
		char *v = lat_xml_path_text(rr, "Value");
		int rc = v ? lat_rrset_add_value(r, v) : LAT_EPARSE;

		free(v);
		if (rc != 0)
			return rc;
	}
	if (at != NULL) {
		char *eth = lat_xml_path_text(at, "EvaluateTargetHealth");

		r->alias_zone_id = lat_xml_path_text(at, "HostedZoneId");
		r->alias_dns_name = lat_xml_path_text(at, "DNSName");
		r->alias_eval_health = eth && strcmp(eth, "true") == 0;
		free(eth);
	}
	return r->name && r->type ? 0 : LAT_EPARSE;
}

int
lat_r53_parse_rrsets(const char *body, size_t len, struct lat_rrset_list *out, char **next_name,
    char **next_type, char **next_id, struct lat_diag *d)
{
	xmlDoc *doc = NULL;
	xmlNode *root, *sets;
	char *trunc;
	int rc;

	*next_name = *next_type = *next_id = NULL;
	if ((rc = lat_xml_parse(body, len, "route53 ListResourceRecordSets response", &doc, d)) != 0)
		return rc;
	if ((rc = check_root(doc, "ListResourceRecordSets", d)) != 0) {
		xmlFreeDoc(doc);
		return rc;
	}
	root = xmlDocGetRootElement(doc);
	/*
	 * ResourceRecordSets and IsTruncated are required members: an answer
	 * without them is a failed read of the zone, never an empty zone (an
	 * empty zone still lists its SOA and NS).
	 */
	sets = lat_xml_child(root, "ResourceRecordSets");
	trunc = lat_xml_path_text(root, "IsTruncated");
	if (sets == NULL || trunc == NULL || (strcmp(trunc, "true") != 0 && strcmp(trunc, "false") != 0)) {
		free(trunc);
		xmlFreeDoc(doc);
		return lat_diag_set(d, LAT_EPARSE, "route53 ListResourceRecordSets: the answer has no %s; "
		    "the zone is not read this cycle", sets == NULL ? "ResourceRecordSets list" : "IsTruncated true/false");
	}
	for (xmlNode *n = sets ? lat_xml_child(sets, "ResourceRecordSet") : NULL; n && rc == 0;
	    n = lat_xml_next(n, "ResourceRecordSet")) {
		struct lat_rrset r;

		if ((rc = parse_rrset(n, &r)) == 0)
			rc = lat_rrset_list_push(out, &r);
		lat_rrset_cleanup(&r);
	}
	if (rc == 0 && trunc && strcmp(trunc, "true") == 0) {
		*next_name = lat_xml_path_text(root, "NextRecordName");
		*next_type = lat_xml_path_text(root, "NextRecordType");
		*next_id = lat_xml_path_text(root, "NextRecordIdentifier");
		if (*next_name == NULL)
			rc = LAT_EPARSE;
	}
	free(trunc);
	xmlFreeDoc(doc);
	if (rc != 0) {
		free(*next_name);
		free(*next_type);
		free(*next_id);
		*next_name = *next_type = *next_id = NULL;
		return lat_diag_set(d, rc == LAT_ENOMEM ? rc : LAT_EPARSE,
		    "route53 ListResourceRecordSets: a record set without Name/Type, or truncated without NextRecordName");
	}
	return 0;
}

static int
same_opt(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
list_page(struct lat_aws_client *c, const struct lat_buf *path, const struct lat_buf *query,
    struct lat_rrset_list *out, char **nn, char **nt, char **ni, struct lat_diag *d)
{
	struct lat_http_response resp = { 0 };
	struct lat_aws_request req = {
		.operation = "ListResourceRecordSets", .method = "GET", .path = lat_buf_str(path),
		.query = lat_buf_str(query),
	};
	int rc = lat_aws_call(c, &req, &resp, d);

	if (rc == 0)
		rc = lat_r53_parse_rrsets(resp.body.p, resp.body.len, out, nn, nt, ni, d);
	lat_http_response_cleanup(&resp);
	return rc;
}

/*
 * The query of the page after one whose answer gave these Next markers, in
 * the order botocore sends them (the signer sorts anyway). type and
 * identifier may be NULL.
 */
static void
next_page_query(struct lat_buf *q, int maxitems, const char *name, const char *type, const char *identifier)
{
	lat_buf_reset(q);
	lat_buf_addf(q, "maxitems=%d&name=", maxitems);
	lat_aws_uri_encode(q, name, 0);
	if (type != NULL) {
		lat_buf_adds(q, "&type=");
		lat_aws_uri_encode(q, type, 0);
	}
	if (identifier != NULL) {
		lat_buf_adds(q, "&identifier=");
		lat_aws_uri_encode(q, identifier, 0);
	}
}

int
lat_r53_list_rrsets(struct lat_aws_client *c, const char *zone_id, struct lat_rrset_list *out,
    struct lat_diag *d)
{
	struct lat_buf path = { 0 }, query = { 0 };
	char *nn = NULL, *nt = NULL, *ni = NULL;
	int rc, pages = 0;

	lat_buf_adds(&path, "/2013-04-01/hostedzone/");
	lat_aws_uri_encode(&path, bare(zone_id), 0);
	lat_buf_adds(&path, "/rrset");
	lat_buf_adds(&query, "maxitems=300");
	for (;;) {
		char *pn = NULL, *pt = NULL, *pi = NULL;

		rc = list_page(c, &path, &query, out, &pn, &pt, &pi, d);
		/* A page that points back at where it started would page forever or lose the rest. */
		if (rc == 0 && pn != NULL && nn != NULL && strcmp(pn, nn) == 0 && same_opt(pt, nt) && same_opt(pi, ni))
			rc = lat_diag_set(d, LAT_EPARSE, "route53 ListResourceRecordSets %s: page %d repeats the start "
			    "marker %s of the page before; the listing is broken and the zone is not read this cycle",
			    zone_id, pages + 1, pn);
		free(nn);
		free(nt);
		free(ni);
		nn = pn, nt = pt, ni = pi;
		if (rc != 0 || nn == NULL)
			break;
		if (++pages > 100000) {
			rc = lat_diag_set(d, LAT_ELIMIT, "route53 ListResourceRecordSets %s: more than 100000 pages",
			    zone_id);
			break;
		}
		next_page_query(&query, 300, nn, nt, ni);
	}
	free(nn);
	free(nt);
	free(ni);
	lat_buf_cleanup(&path);
	lat_buf_cleanup(&query);
	if (rc != 0)
		lat_rrset_list_cleanup(out);
	return rc;
}

/*
 * A targeted read: the record sets at exactly name, every type. Route 53
 * lists in its own order from the first record set at or after name, so the
 * ones at name come first; a page still holding name at its end is followed.
 * 20 a page: a name holds a handful of types, and a small page is a cheap call.
 */
int
lat_r53_list_rrsets_at(struct lat_aws_client *c, const char *zone_id, const char *name,
    struct lat_rrset_list *out, struct lat_diag *d)
{
	struct lat_buf path = { 0 }, query = { 0 };
	char *nn = NULL, *nt = NULL, *ni = NULL;
	int rc = 0, pages = 0, more = 1;

	lat_buf_adds(&path, "/2013-04-01/hostedzone/");
	lat_aws_uri_encode(&path, bare(zone_id), 0);
	lat_buf_adds(&path, "/rrset");
	lat_buf_adds(&query, "maxitems=20&name=");
	lat_aws_uri_encode(&query, name, 0);
	while (more && rc == 0) {
		struct lat_rrset_list page = { 0 };

		free(nn);
		free(nt);
		free(ni);
		nn = nt = ni = NULL;
		rc = list_page(c, &path, &query, &page, &nn, &nt, &ni, d);
		more = rc == 0 && nn != NULL && strcmp(nn, name) == 0;
		for (size_t i = 0; rc == 0 && i < page.n; i++) {
			if (strcmp(page.v[i].name, name) != 0) {
				more = 0;
				continue;
			}
			rc = lat_rrset_list_push(out, &page.v[i]);
		}
		lat_rrset_list_cleanup(&page);
		if (rc == 0 && more && ++pages > 100)
			rc = lat_diag_set(d, LAT_ELIMIT, "route53 ListResourceRecordSets %s at %s: more than 100 pages "
			    "of one name", zone_id, name);
		if (rc == 0 && more)
			next_page_query(&query, 20, nn, nt, ni);
	}
	free(nn);
	free(nt);
	free(ni);
	lat_buf_cleanup(&path);
	lat_buf_cleanup(&query);
	return rc;
}

static const char *
action_name(enum lat_r53_action a)
{
	return a == LAT_R53_CREATE ? "CREATE" : a == LAT_R53_DELETE ? "DELETE" : "UPSERT";
}

static void
tag_open(struct lat_buf *b, const char *name, const char *text)
{
	lat_buf_addf(b, "<%s>", name);
	lat_buf_add_xml_escaped(b, text);
	lat_buf_addf(b, "</%s>", name);
}

/* A record set in the order of the model's members (Name, Type, SetIdentifier, TTL, ResourceRecords, AliasTarget). */
static void
rrset_xml(struct lat_buf *b, const struct lat_rrset *r)
{
	lat_buf_adds(b, "<ResourceRecordSet>");
	tag_open(b, "Name", r->name);
	tag_open(b, "Type", r->type);
	if (r->set_identifier != NULL)
		tag_open(b, "SetIdentifier", r->set_identifier);
	if (r->alias_dns_name == NULL && r->ttl >= 0)
		lat_buf_addf(b, "<TTL>%ld</TTL>", r->ttl);
	if (r->alias_dns_name == NULL && r->nvalues > 0) {
		lat_buf_adds(b, "<ResourceRecords>");
		for (size_t i = 0; i < r->nvalues; i++) {
			lat_buf_adds(b, "<ResourceRecord>");
			tag_open(b, "Value", r->values[i]);
			lat_buf_adds(b, "</ResourceRecord>");
		}
		lat_buf_adds(b, "</ResourceRecords>");
	}
	if (r->alias_dns_name != NULL) {
		lat_buf_adds(b, "<AliasTarget>");
		tag_open(b, "HostedZoneId", r->alias_zone_id ? r->alias_zone_id : "");
		tag_open(b, "DNSName", r->alias_dns_name);
		lat_buf_addf(b, "<EvaluateTargetHealth>%s</EvaluateTargetHealth>",
		    r->alias_eval_health ? "true" : "false");
		lat_buf_adds(b, "</AliasTarget>");
	}
	lat_buf_adds(b, "</ResourceRecordSet>");
}

int
lat_r53_change_batch_xml(const struct lat_r53_change *v, size_t n, const char *comment,
    struct lat_buf *out)
{
	lat_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<ChangeResourceRecordSetsRequest xmlns=\"" NS "\"><ChangeBatch>");
	if (comment != NULL)
		tag_open(out, "Comment", comment);
	lat_buf_adds(out, "<Changes>");
	for (size_t i = 0; i < n; i++) {
		lat_buf_addf(out, "<Change><Action>%s</Action>", action_name(v[i].action));
		rrset_xml(out, v[i].rrset);
		lat_buf_adds(out, "</Change>");
	}
	lat_buf_adds(out, "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
	return lat_buf_status(out);
}

/* ChangeInfo{Id, Status} of a change answer. */
static int
change_info(xmlDoc *doc, char **id, char **status)
{
	xmlNode *ci = lat_xml_child(xmlDocGetRootElement(doc), "ChangeInfo");
	char *raw = ci ? lat_xml_path_text(ci, "Id") : NULL;

	*id = raw ? strdup(bare(raw)) : NULL;
	free(raw);
	*status = ci ? lat_xml_path_text(ci, "Status") : NULL;
	if (*id == NULL || *status == NULL) {
		free(*id);
		free(*status);
		*id = *status = NULL;
		return LAT_EPARSE;
	}
	return 0;
}

int
lat_r53_change_rrsets(struct lat_aws_client *c, const char *zone_id, const struct lat_r53_change *v,
    size_t n, const char *comment, char **change_id, char **status, struct lat_diag *d)
{
	struct lat_buf path = { 0 }, body = { 0 };
	xmlDoc *doc = NULL;
	int rc;

	*change_id = *status = NULL;
	lat_buf_adds(&path, "/2013-04-01/hostedzone/");
	lat_aws_uri_encode(&path, bare(zone_id), 0);
	lat_buf_adds(&path, "/rrset/");
	(void)lat_r53_change_batch_xml(v, n, comment, &body);
	rc = call_xml(c, "ChangeResourceRecordSets", "POST", &path, NULL, &body, &doc, d);
	if (rc == 0 && change_info(doc, change_id, status) != 0)
		rc = lat_diag_set(d, LAT_EPARSE, "route53 ChangeResourceRecordSets %s: no ChangeInfo in the answer",
		    zone_id);
	xmlFreeDoc(doc);
	lat_buf_cleanup(&path);
	lat_buf_cleanup(&body);
	return rc;
}

int
lat_r53_get_change(struct lat_aws_client *c, const char *change_id, char **status, struct lat_diag *d)
{
	struct lat_buf path = { 0 };
	xmlDoc *doc = NULL;
	char *id = NULL;
	int rc;

	*status = NULL;
	lat_buf_adds(&path, "/2013-04-01/change/");
	lat_aws_uri_encode(&path, bare(change_id), 0);
	rc = call_xml(c, "GetChange", "GET", &path, NULL, NULL, &doc, d);
	if (rc == 0 && change_info(doc, &id, status) != 0)
		rc = lat_diag_set(d, LAT_EPARSE, "route53 GetChange %s: no ChangeInfo in the answer", change_id);
	free(id);
	xmlFreeDoc(doc);
	lat_buf_cleanup(&path);
	return rc;
}

int
lat_r53_list_tags(struct lat_aws_client *c, const char *zone_id, struct lat_tags *out,
    struct lat_diag *d)
{
	struct lat_buf path = { 0 };
	xmlDoc *doc = NULL;
	int rc;

	lat_buf_adds(&path, "/2013-04-01/tags/hostedzone/");
	lat_aws_uri_encode(&path, bare(zone_id), 0);
	rc = call_xml(c, "ListTagsForResource", "GET", &path, NULL, NULL, &doc, d);
	if (rc == 0) {
		xmlNode *tags = lat_xml_path(xmlDocGetRootElement(doc), "ResourceTagSet/Tags");

		/* In tags mode the tags are the ownership record: no list is a failed read, not "owns nothing". */
		if (tags == NULL) {
			xmlFreeDoc(doc);
			lat_buf_cleanup(&path);
			return lat_diag_set(d, LAT_EPARSE, "route53 ListTagsForResource %s: the answer has no "
			    "ResourceTagSet/Tags list; the zone's tags are not read this cycle", zone_id);
		}
		for (xmlNode *t = tags ? lat_xml_child(tags, "Tag") : NULL; t && rc == 0; t = lat_xml_next(t, "Tag")) {
			char *k = lat_xml_path_text(t, "Key"), *v = lat_xml_path_text(t, "Value");

			rc = k ? lat_tags_set(out, k, v ? v : "") : LAT_EPARSE;
			free(k);
			free(v);
		}
		if (rc != 0)
			rc = lat_diag_set(d, rc, "route53 ListTagsForResource %s: a tag without a Key", zone_id);
	}
	xmlFreeDoc(doc);
	lat_buf_cleanup(&path);
	return rc;
}

int
lat_r53_change_tags_xml(const struct lat_tag *add, size_t nadd, const char *const *remove,
    size_t nremove, struct lat_buf *out)
{
	lat_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<ChangeTagsForResourceRequest xmlns=\"" NS "\">");
	if (nadd > 0) {
		lat_buf_adds(out, "<AddTags>");
		for (size_t i = 0; i < nadd; i++) {
			lat_buf_adds(out, "<Tag>");
			tag_open(out, "Key", add[i].key);
			tag_open(out, "Value", add[i].value);
			lat_buf_adds(out, "</Tag>");
		}
		lat_buf_adds(out, "</AddTags>");
	}
	if (nremove > 0) {
		lat_buf_adds(out, "<RemoveTagKeys>");
		for (size_t i = 0; i < nremove; i++)
			tag_open(out, "Key", remove[i]);
		lat_buf_adds(out, "</RemoveTagKeys>");
	}
	lat_buf_adds(out, "</ChangeTagsForResourceRequest>");
	return lat_buf_status(out);
}

int
lat_r53_change_tags(struct lat_aws_client *c, const char *zone_id, const struct lat_tag *add,
    size_t nadd, const char *const *remove, size_t nremove, struct lat_diag *d)
{
	struct lat_buf path = { 0 }, body = { 0 };
	xmlDoc *doc = NULL;
	int rc;

	if (nadd > 10 || nremove > 10 || nadd + nremove == 0)
		return lat_diag_set(d, LAT_EINVAL, "route53 ChangeTagsForResource %s: %zu adds and %zu removals; "
		    "Route 53 takes 1 to 10 of each per call", zone_id, nadd, nremove);
	lat_buf_adds(&path, "/2013-04-01/tags/hostedzone/");
	lat_aws_uri_encode(&path, bare(zone_id), 0);
	(void)lat_r53_change_tags_xml(add, nadd, remove, nremove, &body);
	/* The answer is empty, but its root says Route 53 gave it and not a proxy. */
	rc = call_xml(c, "ChangeTagsForResource", "POST", &path, NULL, &body, &doc, d);
	xmlFreeDoc(doc);
	lat_buf_cleanup(&path);
	lat_buf_cleanup(&body);
	return rc;
}
