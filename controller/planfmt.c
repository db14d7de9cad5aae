/* planfmt.c - the plan for people (text, like a Terraform plan) and for programs (JSON). */
#include "controller/planfmt.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "controller/resource.h"

void
lat_api_counts_cleanup(struct lat_api_counts *c)
{
	for (size_t i = 0; c != NULL && i < c->n; i++)
		free(c->v[i].name);
	if (c != NULL) {
		free(c->v);
		c->v = NULL;
		c->n = 0;
	}
}

void
lat_api_counts_add(void *arg, const char *service, const char *operation, long calls, long errors)
{
	struct lat_api_counts *c = arg;
	struct lat_buf name = { 0 };
	struct lat_api_count *v;

	lat_buf_addf(&name, "%s:%s", service, operation);
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].name, lat_buf_str(&name)) == 0) {
			c->v[i].calls += calls;
			c->v[i].errors += errors;
			lat_buf_cleanup(&name);
			return;
		}
	}
	if (lat_buf_status(&name) != 0 || (v = realloc(c->v, (c->n + 1) * sizeof(*v))) == NULL) {
		lat_buf_cleanup(&name);
		return;   /* a lost counter only makes a report less complete */
	}
	c->v = v;
	v[c->n++] = (struct lat_api_count){ lat_buf_take(&name), calls, errors };
	lat_buf_cleanup(&name);
}

static const char *
kind_word(enum lat_change_kind k)
{
	return k == LAT_CHANGE_CREATE ? "create" : k == LAT_CHANGE_UPDATE ? "update" : "delete";
}

static char
kind_sign(enum lat_change_kind k)
{
	return k == LAT_CHANGE_CREATE ? '+' : k == LAT_CHANGE_UPDATE ? '~' : '-';
}

/*
 * Escaped copies of the strings of one line. Names, tag values, ARNs and
 * reasons come from spoke accounts (a service name, a custom domain, an
 * AWS error message): a newline or an escape in one must not forge a line
 * of the plan or drive the reader's terminal. Every %s of the text plan
 * goes through esc(), a ring of four copies (one lat_buf_addf takes at most
 * four). With e NULL (the checksum, JSON) the text is kept as it is.
 */
struct esc {
	struct lat_buf v[4];
	int n;
};

static const char *
esc(struct esc *e, const char *s, const char *if_null)
{
	struct lat_buf *b;

	if (e == NULL)
		return s ? s : if_null;
	b = &e->v[e->n++ % 4];
	lat_buf_reset(b);
	lat_buf_add_text_escaped(b, s ? s : if_null);
	return lat_buf_status(b) == 0 ? lat_buf_str(b) : "?";
}

static void
esc_cleanup(struct esc *e)
{
	for (int i = 0; i < 4; i++)
		lat_buf_cleanup(&e->v[i]);
}

static void
target(struct lat_buf *b, struct esc *e, const struct lat_rrset *r)
{
	if (r->alias_dns_name != NULL) {
		lat_buf_addf(b, "alias %s (zone %s)", esc(e, r->alias_dns_name, ""), esc(e, r->alias_zone_id, "?"));
		return;
	}
	for (size_t i = 0; i < r->nvalues; i++)
		lat_buf_addf(b, "%s%s", i ? "," : "", esc(e, r->values[i], ""));
}

int
lat_planfmt_record(struct lat_buf *b, const struct lat_rrset *r)
{
	target(b, NULL, r);
	if (r->alias_dns_name == NULL && r->ttl >= 0)
		lat_buf_addf(b, " TTL %ld", r->ttl);
	return lat_buf_status(b);
}

static const char *
read_why(const struct lat_zone_read *r)
{
	switch (r->why) {
	case LAT_READ_VIEW_OK: return "the stored view";
	case LAT_READ_NO_VIEW: return "no stored view";
	case LAT_READ_STALE: return "the view was dropped after a failed write or read";
	case LAT_READ_STARTUP: return "the controller's first cycle";
	case LAT_READ_FLAG: return "--full-scan";
	case LAT_READ_EVERY: return "full_scan_every";
	case LAT_READ_COUNT: return "the record count differs from the view";
	case LAT_READ_TAGS: return "the zone tags differ from the view";
	case LAT_READ_NO_COUNT: return "GetHostedZone gave no record count";
	case LAT_READ_MANY: return "more names to change than a full read has pages";
	}
	return "?";
}

static const char *
read_code(const struct lat_zone_read *r)
{
	static const char *const codes[] = { "view", "no_view", "stale", "startup", "full_scan_flag",
		"full_scan_every", "count_differs", "tags_differ", "no_count", "many_changes" };

	return (size_t)r->why < sizeof(codes) / sizeof(codes[0]) ? codes[r->why] : "?";
}

void
lat_planfmt_read(struct lat_buf *b, const struct lat_zone_read *r)
{
	if (!r->full) {
		lat_buf_addf(b, "stored view of age %ld cycle%s, %lld s (record count %ld unchanged); %ld name%s "
		    "re-read", r->age_cycles, r->age_cycles == 1 ? "" : "s", (long long)r->age_s, r->zone_count,
		    r->targeted, r->targeted == 1 ? "" : "s");
		return;
	}
	lat_buf_addf(b, "whole zone (%s", read_why(r));
	if (r->why == LAT_READ_COUNT)
		lat_buf_addf(b, ": %ld, the view %ld", r->zone_count, r->view_count);
	if (r->why == LAT_READ_EVERY)
		lat_buf_addf(b, " is %ld", r->every);
	lat_buf_adds(b, ")");
}

/* One line: which reads the cycle made of the zone (issue 11). */
static void
read_text(const struct lat_zone_read *r, struct lat_buf *b)
{
	lat_buf_adds(b, "  read: ");
	lat_planfmt_read(b, r);
	lat_buf_addc(b, '\n');
}

static void
zone_text(const struct lat_plan_zone *z, struct lat_buf *b, struct esc *e)
{
	lat_buf_addf(b, "zone %s (%s)\n", esc(e, z->id, ""), esc(e, z->name, ""));
	read_text(&z->read, b);
	if (z->nchanges + z->ntag_adds + z->ntag_removes == 0)
		lat_buf_adds(b, "  no changes\n");
	for (size_t i = 0; i < z->nchanges; i++) {
		const struct lat_plan_change *c = &z->changes[i];

		lat_buf_addf(b, "  %c %s %s ", kind_sign(c->kind), esc(e, c->rrset.name, ""), esc(e, c->rrset.type, ""));
		/* An update shows the live record it overwrites: what a reviewer must see before approving. */
		if (c->kind == LAT_CHANGE_UPDATE) {
			struct lat_buf rec = { 0 };

			lat_planfmt_record(&rec, &c->before);
			lat_buf_addf(b, " %s ", esc(e, lat_buf_str(&rec), ""));
			lat_buf_cleanup(&rec);
		}
		lat_buf_adds(b, "-> ");
		target(b, e, &c->rrset);
		if (strcmp(c->rrset.type, "CNAME") == 0 && c->rrset.ttl >= 0)
			lat_buf_addf(b, " TTL %ld", c->rrset.ttl);
		/* Issue 12: which kind of Lattice resource the record is for. */
		lat_buf_addf(b, "\n      %s%s%s: %s\n", c->service_arn ? lat_resource_label(lat_resource_kind_of_arn(
		    c->service_arn)) : "", c->service_arn ? " " : "", esc(e, c->service_arn, "-"), esc(e, c->reason, ""));
	}
	for (size_t i = 0; i < z->ntag_adds; i++)
		lat_buf_addf(b, "  + tag %s = %s\n", esc(e, z->tag_adds[i].key, ""), esc(e, z->tag_adds[i].value, ""));
	for (size_t i = 0; i < z->ntag_removes; i++)
		lat_buf_addf(b, "  - tag %s\n", esc(e, z->tag_removes[i].key, ""));
	if (z->safety_blocked)
		lat_buf_addf(b, "  ! held back by the safety threshold: %s\n", esc(e, z->safety_reason, ""));
}

static void
notes_text(struct lat_buf *b, struct esc *e, const char *title, const struct lat_plan_note *v, size_t n)
{
	if (n == 0)
		return;
	lat_buf_addf(b, "\n%s:\n", title);
	for (size_t i = 0; i < n; i++)
		lat_buf_addf(b, "  %s %s: %s\n", esc(e, v[i].name, "-"), esc(e, v[i].service_arn, "-"),
		    esc(e, v[i].reason, ""));
}

int
lat_planfmt_text(const struct lat_plan *p, struct lat_buf *b)
{
	struct esc e = { 0 };
	size_t failed = 0;

	for (size_t i = 0; i < p->nzones; i++)
		zone_text(&p->zones[i], b, &e);
	notes_text(b, &e, "Adopt (records already there, now owned: adopt: alias-match)", p->adopted, p->nadopted);
	notes_text(b, &e, "Skipped (no records)", p->skipped, p->nskipped);
	if (p->nconflicts > 0) {
		lat_buf_adds(b, "\nConflicts (the newest service wins the name, unless said otherwise):\n");
		for (size_t i = 0; i < p->nconflicts; i++) {
			const struct lat_plan_conflict *c = &p->conflicts[i];

			if (c->winner_arn == NULL)
				lat_buf_addf(b, "  %s: %s gets nothing: %s\n", esc(&e, c->name, ""), esc(&e, c->loser_arn, ""),
				    esc(&e, c->reason, ""));
			else
				lat_buf_addf(b, "  %s: %s wins over %s%s%s%s\n", esc(&e, c->name, ""), esc(&e, c->winner_arn, ""),
				    esc(&e, c->loser_arn, ""), c->reason ? " (" : "", esc(&e, c->reason, ""), c->reason ? ")" : "");
		}
	}
	notes_text(b, &e, "Held (kept as they are)", p->held, p->nheld);
	notes_text(b, &e, "Blocked (no ownership tag could be written)", p->blocked, p->nblocked);
	for (size_t i = 0; i < p->naccounts; i++)
		failed += !p->accounts[i].ok;
	if (failed > 0) {
		lat_buf_adds(b, "\nAccounts not listed (their DNS is held):\n");
		for (size_t i = 0; i < p->naccounts; i++)
			if (!p->accounts[i].ok)
				lat_buf_addf(b, "  %s %s: %s\n", esc(&e, p->accounts[i].id, ""),
				    esc(&e, p->accounts[i].region, ""), esc(&e, p->accounts[i].error, "unknown error"));
	}
	lat_buf_addf(b, "\nPlan: %ld to create, %ld to update, %ld to delete; tags: +%ld -%ld.",
	    p->summary.create, p->summary.update, p->summary.del, p->summary.tags_add, p->summary.tags_remove);
	if (p->summary.adopt > 0)
		lat_buf_addf(b, " Adopt %ld.", p->summary.adopt);
	if (p->safety_blocked) {
		size_t held = 0;

		for (size_t i = 0; i < p->nzones; i++)
			held += p->zones[i].safety_blocked ? p->zones[i].nchanges : 0;
		lat_buf_addf(b, " Held back by the safety threshold: %zu record change%s; --force applies them.",
		    held, held == 1 ? "" : "s");
	}
	lat_buf_addc(b, '\n');
	esc_cleanup(&e);
	return lat_buf_status(b);
}

/* sha256 over one canonical line per change, so two plans can be compared by one value. */
static void
checksum(const struct lat_plan *p, char out[72])
{
	struct lat_buf b = { 0 };
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	static const char hx[] = "0123456789abcdef";

	for (size_t i = 0; i < p->nzones; i++) {
		const struct lat_plan_zone *z = &p->zones[i];

		for (size_t j = 0; j < z->nchanges; j++) {
			lat_buf_addf(&b, "%s %s %s %s ", z->id, kind_word(z->changes[j].kind), z->changes[j].rrset.name,
			    z->changes[j].rrset.type);
			target(&b, NULL, &z->changes[j].rrset);
			lat_buf_addc(&b, '\n');
		}
		for (size_t j = 0; j < z->ntag_adds; j++)
			lat_buf_addf(&b, "%s tag+ %s %s\n", z->id, z->tag_adds[j].key, z->tag_adds[j].value);
		for (size_t j = 0; j < z->ntag_removes; j++)
			lat_buf_addf(&b, "%s tag- %s\n", z->id, z->tag_removes[j].key);
	}
	EVP_Digest(b.p ? b.p : "", b.len, md, &len, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (unsigned int i = 0; i < 32; i++) {
		out[7 + 2 * i] = hx[md[i] >> 4];
		out[8 + 2 * i] = hx[md[i] & 15];
	}
	out[71] = '\0';
	lat_buf_cleanup(&b);
}

static cJSON *
notes_json(const struct lat_plan_note *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; a != NULL && i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToArray(a, o);
		cJSON_AddStringToObject(o, "service_arn", v[i].service_arn ? v[i].service_arn : "");
		cJSON_AddStringToObject(o, "name", v[i].name ? v[i].name : "");
		cJSON_AddStringToObject(o, "reason", v[i].reason ? v[i].reason : "");
	}
	return a;
}

static void
alias_json(cJSON *o, const struct lat_rrset *r)
{
	cJSON *at = cJSON_AddObjectToObject(o, "alias_target");

	cJSON_AddStringToObject(at, "hosted_zone_id", r->alias_zone_id ? r->alias_zone_id : "");
	cJSON_AddStringToObject(at, "dns_name", r->alias_dns_name);
	cJSON_AddBoolToObject(at, "evaluate_target_health", r->alias_eval_health);
}

/* The live record an update overwrites or a delete removes, as it is now. */
static void
before_json(cJSON *e, const struct lat_rrset *r)
{
	cJSON *o = cJSON_AddObjectToObject(e, "before");
	struct lat_buf t = { 0 };

	if (r->alias_dns_name != NULL) {
		alias_json(o, r);
		return;
	}
	target(&t, NULL, r);
	cJSON_AddStringToObject(o, "values", lat_buf_str(&t));
	if (r->ttl >= 0)
		cJSON_AddNumberToObject(o, "ttl", (double)r->ttl);
	lat_buf_cleanup(&t);
}

static cJSON *
zone_json(const struct lat_plan_zone *z)
{
	cJSON *o = cJSON_CreateObject(), *ch = cJSON_CreateArray(), *tg = cJSON_CreateArray(), *rd;

	cJSON_AddStringToObject(o, "id", z->id);
	cJSON_AddStringToObject(o, "name", z->name);
	cJSON_AddItemToObject(o, "changes", ch);
	cJSON_AddItemToObject(o, "tag_changes", tg);
	cJSON_AddBoolToObject(o, "safety_blocked", z->safety_blocked);
	rd = cJSON_AddObjectToObject(o, "read");
	cJSON_AddStringToObject(rd, "kind", z->read.full ? "full" : "view");
	cJSON_AddStringToObject(rd, "reason", read_code(&z->read));
	cJSON_AddNumberToObject(rd, "age_cycles", (double)z->read.age_cycles);
	cJSON_AddNumberToObject(rd, "age_seconds", (double)z->read.age_s);
	cJSON_AddNumberToObject(rd, "record_count", (double)z->read.zone_count);
	cJSON_AddNumberToObject(rd, "view_record_count", (double)z->read.view_count);
	cJSON_AddNumberToObject(rd, "full_scan_every", (double)z->read.every);
	cJSON_AddNumberToObject(rd, "targeted_reads", (double)z->read.targeted);
	if (z->safety_blocked && z->safety_reason != NULL)
		cJSON_AddStringToObject(o, "safety_reason", z->safety_reason);
	for (size_t i = 0; i < z->nchanges; i++) {
		const struct lat_plan_change *c = &z->changes[i];
		cJSON *e = cJSON_CreateObject();
		struct lat_buf t = { 0 };

		cJSON_AddItemToArray(ch, e);
		cJSON_AddStringToObject(e, "action", kind_word(c->kind));
		cJSON_AddStringToObject(e, "name", c->rrset.name);
		cJSON_AddStringToObject(e, "type", c->rrset.type);
		target(&t, NULL, &c->rrset);
		if (c->rrset.alias_dns_name != NULL)
			alias_json(e, &c->rrset);
		else
			cJSON_AddStringToObject(e, "values", lat_buf_str(&t));
		if (c->kind == LAT_CHANGE_UPDATE)
			before_json(e, &c->before);
		else if (c->kind == LAT_CHANGE_DELETE)
			before_json(e, &c->rrset);
		lat_buf_cleanup(&t);
		if (strcmp(c->rrset.type, "CNAME") == 0 && c->rrset.ttl >= 0 && c->kind != LAT_CHANGE_DELETE)
			cJSON_AddNumberToObject(e, "ttl", (double)c->rrset.ttl);
		cJSON_AddStringToObject(e, "service_arn", c->service_arn ? c->service_arn : "");
		cJSON_AddStringToObject(e, "resource_kind", lat_resource_json_kind(lat_resource_kind_of_arn(c->service_arn)));
		cJSON_AddStringToObject(e, "reason", c->reason ? c->reason : "");
	}
	for (size_t i = 0; i < z->ntag_adds + z->ntag_removes; i++) {
		int add = i < z->ntag_adds;
		const struct lat_plan_tag *t = add ? &z->tag_adds[i] : &z->tag_removes[i - z->ntag_adds];
		cJSON *e = cJSON_CreateObject();

		cJSON_AddItemToArray(tg, e);
		cJSON_AddStringToObject(e, "action", add ? "add" : "remove");
		cJSON_AddStringToObject(e, "key", t->key);
		if (add)
			cJSON_AddStringToObject(e, "value", t->value);
	}
	return o;
}

int
lat_planfmt_json(const struct lat_plan *p, const struct lat_api_counts *calls, struct lat_buf *b)
{
	cJSON *j = cJSON_CreateObject(), *zones, *acc, *sum, *api, *conf, *safe;
	char sum256[72];
	char *text;

	if (j == NULL)
		return LAT_ENOMEM;
	cJSON_AddNumberToObject(j, "format_version", 1);
	zones = cJSON_AddArrayToObject(j, "zones");
	for (size_t i = 0; i < p->nzones; i++)
		cJSON_AddItemToArray(zones, zone_json(&p->zones[i]));
	cJSON_AddItemToObject(j, "skipped", notes_json(p->skipped, p->nskipped));
	cJSON_AddItemToObject(j, "adopted", notes_json(p->adopted, p->nadopted));
	conf = cJSON_AddArrayToObject(j, "conflicts");
	for (size_t i = 0; i < p->nconflicts; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToArray(conf, o);
		cJSON_AddStringToObject(o, "name", p->conflicts[i].name);
		if (p->conflicts[i].winner_arn != NULL)
			cJSON_AddStringToObject(o, "winner_arn", p->conflicts[i].winner_arn);
		else
			cJSON_AddNullToObject(o, "winner_arn");
		cJSON_AddStringToObject(o, "loser_arn", p->conflicts[i].loser_arn);
		if (p->conflicts[i].reason != NULL)
			cJSON_AddStringToObject(o, "reason", p->conflicts[i].reason);
	}
	cJSON_AddItemToObject(j, "held", notes_json(p->held, p->nheld));
	cJSON_AddItemToObject(j, "blocked", notes_json(p->blocked, p->nblocked));
	acc = cJSON_AddArrayToObject(j, "accounts");
	for (size_t i = 0; i < p->naccounts; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToArray(acc, o);
		cJSON_AddStringToObject(o, "id", p->accounts[i].id);
		cJSON_AddStringToObject(o, "region", p->accounts[i].region);
		cJSON_AddStringToObject(o, "status", p->accounts[i].ok ? "ok" : "failed");
		if (p->accounts[i].error != NULL)
			cJSON_AddStringToObject(o, "error", p->accounts[i].error);
		else
			cJSON_AddNullToObject(o, "error");
	}
	sum = cJSON_AddObjectToObject(j, "summary");
	cJSON_AddNumberToObject(sum, "create", (double)p->summary.create);
	cJSON_AddNumberToObject(sum, "update", (double)p->summary.update);
	cJSON_AddNumberToObject(sum, "delete", (double)p->summary.del);
	cJSON_AddNumberToObject(sum, "tags_add", (double)p->summary.tags_add);
	cJSON_AddNumberToObject(sum, "tags_remove", (double)p->summary.tags_remove);
	cJSON_AddNumberToObject(sum, "adopt", (double)p->summary.adopt);
	safe = cJSON_AddObjectToObject(j, "safety");
	cJSON_AddBoolToObject(safe, "blocked", p->safety_blocked);
	api = cJSON_AddObjectToObject(j, "api_calls");
	for (size_t i = 0; calls != NULL && i < calls->n; i++)
		cJSON_AddNumberToObject(api, calls->v[i].name, (double)calls->v[i].calls);
	checksum(p, sum256);
	cJSON_AddStringToObject(j, "checksum", sum256);
	text = cJSON_Print(j);
	cJSON_Delete(j);
	if (text == NULL)
		return LAT_ENOMEM;
	lat_buf_adds(b, text);
	lat_buf_addc(b, '\n');
	free(text);
	return lat_buf_status(b);
}
