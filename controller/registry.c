/* registry.c - the ownership: txt registry record: its name, its value, and whose it is. */
#include "controller/registry.h"

#include <stdlib.h>
#include <string.h>

#include "controller/desired.h"
#include "controller/dnsname.h"

void
lat_reg_entry_cleanup(struct lat_reg_entry *e)
{
	if (e == NULL)
		return;
	free(e->owner);
	free(e->arn);
	memset(e, 0, sizeof(*e));
}

int
lat_registry_format(struct lat_buf *out, const char *owner, const char *arn)
{
	size_t before = out->len;

	lat_buf_addf(out, "\"heritage=latticedns,owner=%s,arn=%s\"", owner, arn);
	if (lat_buf_status(out) == 0 && out->len - before > LAT_REGISTRY_MAX_STRING + 2)
		return LAT_ELIMIT;
	return lat_buf_status(out);
}

int
lat_registry_name(struct lat_buf *out, const char *prefix, const char *name)
{
	struct lat_buf raw = { 0 };
	int rc;

	lat_buf_addf(&raw, "%s%s", prefix, name);
	rc = lat_buf_status(&raw);
	if (rc == 0)
		rc = lat_dnsname_normalize(lat_buf_str(&raw), out);
	lat_buf_cleanup(&raw);
	return rc;
}

int
lat_registry_owned_name(const char *prefix, const char *name, struct lat_buf *out)
{
	struct lat_buf p = { 0 };
	size_t n;
	int rc = -1;

	/* The prefix is validated lower case and without characters Route 53 escapes; normalising
	 * it only removes the trailing dot normalize would add to a prefix that lacks one. */
	lat_buf_adds(&p, prefix);
	n = p.len;
	if (lat_buf_status(&p) == 0 && strncmp(name, lat_buf_str(&p), n) == 0 && name[n] != '\0' &&
	    strcmp(name + n, ".") != 0) {
		lat_buf_adds(out, name + n);
		rc = lat_buf_status(out) == 0 ? 0 : -1;
	}
	lat_buf_cleanup(&p);
	return rc;
}

static int
owner_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '_' || c == '-';
}

/* One value of the TXT record set: its kind, and owner/arn for ours and another owner's. */
static int
parse_value(const char *v, struct lat_reg_entry *out)
{
	static const char her[] = "heritage=", ours[] = "heritage=latticedns,", own[] = "owner=", arnk[] = "arn=";
	size_t len = strlen(v);
	const char *p, *end, *o, *oe, *a;

	memset(out, 0, sizeof(*out));
	p = v;
	end = v + len;
	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		p = v + 1;
		end = v + len - 1;
	}
	if ((size_t)(end - p) < sizeof(her) - 1 || strncmp(p, her, sizeof(her) - 1) != 0) {
		out->kind = LAT_REG_USER;
		return 0;
	}
	if ((size_t)(end - p) < sizeof(ours) - 1 || strncmp(p, ours, sizeof(ours) - 1) != 0) {
		/* heritage=latticedns alone, or with something other than a comma after it, is ours but broken. */
		out->kind = strncmp(p + sizeof(her) - 1, "latticedns", 10) == 0 ? LAT_REG_UNPARSABLE :
		    LAT_REG_FOREIGN_HERITAGE;
		return 0;
	}
	out->kind = LAT_REG_UNPARSABLE;
	if (p == v)
		return 0;                       /* unquoted: not as latticedns writes it */
	for (const char *q = p; q < end; q++)
		if (*q == '"' || *q == '\\' || *q == ' ')
			return 0;               /* several strings, escapes, spaces: not ours */
	o = p + sizeof(ours) - 1;
	if ((size_t)(end - o) < sizeof(own) - 1 || strncmp(o, own, sizeof(own) - 1) != 0)
		return 0;
	o += sizeof(own) - 1;
	for (oe = o; oe < end && owner_char(*oe); oe++)
		;
	if (oe == o || oe - o > 63 || oe >= end || *oe != ',')
		return 0;
	a = oe + 1;
	if ((size_t)(end - a) <= sizeof(arnk) - 1 || strncmp(a, arnk, sizeof(arnk) - 1) != 0)
		return 0;
	a += sizeof(arnk) - 1;
	for (const char *q = a; q < end; q++)
		if (*q == ',' || *q == '=')
			return 0;               /* a field latticedns does not write */
	if ((out->owner = strndup(o, (size_t)(oe - o))) == NULL || (out->arn = strndup(a, (size_t)(end - a))) == NULL) {
		lat_reg_entry_cleanup(out);
		return LAT_ENOMEM;
	}
	out->kind = LAT_REG_OTHER_OWNER;        /* the caller compares the owner */
	return 0;
}

int
lat_registry_classify(const struct lat_rrset *txt, const char *owner_id, struct lat_reg_entry *out)
{
	int rc, latticedns = 0, foreign = 0;

	memset(out, 0, sizeof(*out));
	if (txt == NULL)
		return 0;
	if (txt->nvalues == 1 && txt->alias_dns_name == NULL && txt->set_identifier == NULL) {
		if ((rc = parse_value(txt->values[0], out)) != 0)
			return rc;
		if (out->kind == LAT_REG_OTHER_OWNER && owner_id != NULL && strcmp(out->owner, owner_id) == 0)
			out->kind = LAT_REG_OURS;
		return 0;
	}
	/* Several values (or a routing policy): never latticedns's shape. Whose it looks like decides the report. */
	for (size_t i = 0; i < txt->nvalues; i++) {
		struct lat_reg_entry e;

		if ((rc = parse_value(txt->values[i], &e)) != 0)
			return rc;
		latticedns |= e.kind == LAT_REG_OTHER_OWNER || e.kind == LAT_REG_UNPARSABLE;
		foreign |= e.kind == LAT_REG_FOREIGN_HERITAGE;
		lat_reg_entry_cleanup(&e);
	}
	out->kind = latticedns ? LAT_REG_UNPARSABLE : foreign ? LAT_REG_FOREIGN_HERITAGE : LAT_REG_USER;
	return 0;
}

int
lat_registry_describe(struct lat_buf *out, const struct lat_reg_entry *e)
{
	switch (e->kind) {
	case LAT_REG_OTHER_OWNER:
		return lat_buf_addf(out, "the name is owned by another latticedns (owner %s, service %s)", e->owner,
		    e->arn);
	case LAT_REG_FOREIGN_HERITAGE:
		return lat_buf_adds(out, "a TXT record of another tool (heritage is not latticedns) holds the "
		    "registry name");
	case LAT_REG_UNPARSABLE:
		return lat_buf_adds(out, "the registry TXT record does not parse as latticedns writes it (edited by "
		    "hand, or another format)");
	case LAT_REG_USER:
		return lat_buf_adds(out, "a TXT record latticedns did not write holds the registry name");
	default:
		return lat_buf_adds(out, "the name is latticedns's");
	}
}

int
lat_registry_check_owner(const char *owner, struct lat_buf *why)
{
	size_t n = strlen(owner);

	if (n == 0 || n > 63) {
		lat_buf_adds(why, "must be 1 to 63 characters; write a short name for this controller, like net-prod");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!owner_char(owner[i])) {
			lat_buf_addf(why, "character '%c' is not allowed; use letters, digits, '.', '_' and '-', like "
			    "net-prod", owner[i]);
			return -1;
		}
	return 0;
}

int
lat_registry_check_prefix(const char *prefix, struct lat_buf *why)
{
	size_t n = strlen(prefix), label = 0;

	if (n == 0 || n > 63) {
		lat_buf_adds(why, "must be 1 to 63 characters, like _latticedns.");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = prefix[i];

		if (c == '.') {
			if (label == 0) {
				lat_buf_adds(why, "has an empty label; write labels joined by single dots, like "
				    "_latticedns.");
				return -1;
			}
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
			lat_buf_addf(why, "character '%c' is not allowed in a DNS label prefix; use lower-case letters, "
			    "digits, '_', '-' and '.', like _latticedns.", c);
			return -1;
		}
		label++;
	}
	return 0;
}

static int
collect_one(const struct lat_core_zone *z, const struct lat_rrset *r, const char *owner_id, const char *prefix,
    struct lat_owned_list *owned, struct lat_plan *plan)
{
	struct lat_buf name = { 0 }, why = { 0 };
	struct lat_reg_entry e = { 0 };
	int rc;

	if (lat_registry_owned_name(prefix, r->name, &name) != 0) {
		lat_buf_cleanup(&name);
		return 0;
	}
	if ((rc = lat_registry_classify(r, owner_id, &e)) != 0)
		goto out;
	if (e.kind == LAT_REG_OURS) {
		struct lat_owned o = {
			.zone_id = (char *)z->id, .name = (char *)lat_buf_str(&name), .type = "TXT",
			.service_arn = e.arn,
		}, copy;

		if ((rc = lat_owned_copy(&copy, &o)) == 0 && (rc = lat_owned_list_push(owned, &copy)) != 0)
			lat_owned_cleanup(&copy);
	} else if (e.kind == LAT_REG_UNPARSABLE || e.kind == LAT_REG_FOREIGN_HERITAGE) {
		lat_registry_describe(&why, &e);
		lat_buf_addf(&why, " (TXT %s%s%s); left as it is, and nothing at %s is changed", r->name,
		    r->nvalues ? " " : "", r->nvalues ? r->values[0] : "", lat_buf_str(&name));
		rc = lat_buf_status(&why);
		if (rc == 0)
			rc = lat_plan_note_add(&plan->held, &plan->nheld, NULL, lat_buf_str(&name), lat_buf_str(&why));
	}
out:
	lat_reg_entry_cleanup(&e);
	lat_buf_cleanup(&name);
	lat_buf_cleanup(&why);
	return rc;
}

int
lat_registry_collect(const struct lat_core_zone *z, const char *owner_id, const char *prefix,
    struct lat_owned_list *owned, struct lat_plan *plan)
{
	int rc = 0;

	if (z->unread != NULL || z->live == NULL)
		return 0;
	for (size_t i = 0; i < z->live->n && rc == 0; i++)
		if (strcmp(z->live->v[i].type, "TXT") == 0)
			rc = collect_one(z, &z->live->v[i], owner_id, prefix, owned, plan);
	return rc;
}
