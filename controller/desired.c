/* desired.c - the active services and resource configurations, their names and zones, and who wins a contested name. */
#include "controller/desired.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/dnsname.h"
#include "controller/resource.h"

void
lat_desired_cleanup(struct lat_desired_set *s)
{
	for (size_t i = 0; s != NULL && i < s->n; i++)
		free(s->v[i].name);
	for (size_t i = 0; s != NULL && i < s->nlosers; i++)
		free(s->losers[i].name);
	if (s != NULL) {
		free(s->v);
		free(s->losers);
		memset(s, 0, sizeof(*s));
	}
}

int
lat_plan_note_add(struct lat_plan_note **v, size_t *n, const char *arn, const char *name,
    const char *reason)
{
	struct lat_plan_note *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (nv == NULL)
		return LAT_ENOMEM;
	*v = nv;
	nv[*n].service_arn = lat_strdup0(arn);
	nv[*n].name = lat_strdup0(name);
	nv[*n].reason = lat_strdup0(reason);
	(*n)++;
	if ((arn && !nv[*n - 1].service_arn) || (name && !nv[*n - 1].name) || (reason && !nv[*n - 1].reason))
		return LAT_ENOMEM;
	return 0;
}

int
lat_desired_active(const struct lat_core_input *in, const struct lat_service *s)
{
	const char *key, *want, *v;

	lat_resource_selector(in, s, &key, &want);
	v = lat_tags_get(&s->tags, key);
	return v != NULL && strcmp(v, want) == 0 && s->custom_domain != NULL && s->custom_domain[0] != '\0';
}

int
lat_desired_zone_selects(const struct lat_core_zone *z, const struct lat_service *s)
{
	const char *v;

	if (z->style == NULL || z->style->selector_key == NULL)
		return 1;
	v = lat_tags_get(&s->tags, z->style->selector_key);
	return v != NULL && strcmp(v, z->style->selector_value ? z->style->selector_value : "") == 0;
}

/* The zone with the longest name that holds name among the zones of view's view; -1 when none does. */
static long
zone_of(const struct lat_core_input *in, const char *name, size_t view)
{
	long best = -1;
	size_t best_len = 0;

	for (size_t i = 0; i < in->nzones; i++) {
		size_t l = strlen(in->zones[i].name);

		if (lat_style_same_view(in->zones[i].style, in->zones[view].style) &&
		    lat_dnsname_under(name, in->zones[i].name) && l > best_len) {
			best = (long)i;
			best_len = l;
		}
	}
	return best;
}

/* Whether zone i is the first of its view (views are visited in the order their first zone is listed). */
static int
first_of_view(const struct lat_core_input *in, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (lat_style_same_view(in->zones[j].style, in->zones[i].style))
			return 0;
	return 1;
}

/* The configured accounts by id, so each service finds its own in O(log A), not O(A). */
struct account_index {
	const struct lat_core_account **v;
	size_t n;
};

/* By id, then by position: the first configured of a repeated id comes first, as a scan finds it. */
static int
cmp_account(const void *a, const void *b)
{
	const struct lat_core_account *const *x = a, *const *y = b;
	int c = strcmp((*x)->id, (*y)->id);

	return c ? c : (*x < *y ? -1 : *x > *y);
}

static int
account_index_init(struct account_index *ix, const struct lat_core_input *in)
{
	ix->n = in->naccounts;
	ix->v = calloc(ix->n ? ix->n : 1, sizeof(*ix->v));
	if (ix->v == NULL)
		return LAT_ENOMEM;
	for (size_t i = 0; i < ix->n; i++)
		ix->v[i] = &in->accounts[i];
	lat_sort(ix->v, ix->n, sizeof(*ix->v), cmp_account);
	return 0;
}

static const struct lat_core_account *
account_of(const struct account_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->n;

	if (id == NULL)
		return NULL;
	while (lo < hi) {     /* the first entry whose id is not below id */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && strcmp(ix->v[lo]->id, id) == 0 ? ix->v[lo] : NULL;
}


static int
allowed(const struct lat_core_account *a, const char *name)
{
	if (a == NULL || a->allowed_domains == NULL)
		return 1;
	for (size_t i = 0; i < a->nallowed; i++) {
		struct lat_buf s = { 0 };
		int ok;

		lat_dnsname_normalize(a->allowed_domains[i], &s);
		ok = lat_dnsname_under(name, lat_buf_str(&s));
		lat_buf_cleanup(&s);
		if (ok)
			return 1;
	}
	return 0;
}

static int
cmp_desired(const void *a, const void *b)
{
	const struct lat_desired *x = a, *y = b;
	int c;

	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	/* conflicts: first-owner: the service that holds the name first (holds is 0 otherwise). */
	if (x->holds != y->holds)
		return x->holds > y->holds ? -1 : 1;
	/* Newest first, so the first of a run of one name is its winner; ties by ARN, for determinism. */
	if (x->svc->created_ms != y->svc->created_ms)
		return x->svc->created_ms > y->svc->created_ms ? -1 : 1;
	return -strcmp(x->svc->arn, y->svc->arn);
}

/*
 * What already at the name stops the zone's style from writing there, or
 * NULL. A CNAME shares its name with nothing: an alias zone leaves a CNAME
 * it did not write, and a CNAME zone leaves any record it did not write. A
 * record of ours of the other shape (the zone's style changed) is replaced
 * by the diff, in one batch.
 */
static const char *
blocked_by(const struct lat_core_zone *z, const struct lat_rrindex *live, const char *name, char *buf, size_t n)
{
	size_t k = 0;
	const struct lat_rrset *const *at = lat_rrindex_at(live, name, &k);
	int cname = lat_style_is_cname(z->style);

	for (size_t i = 0; i < k; i++) {
		const struct lat_rrset *r = at[i];
		int is_cname = strcmp(r->type, "CNAME") == 0;

		if (!cname && !is_cname)
			continue;
		if (lat_style_ours(z->style, r))
			continue;
		if (!cname)
			return "a CNAME record holds the name";
		snprintf(buf, n, "a %s record latticedns did not write holds the name, and a CNAME (zones[].style: %s) "
		    "cannot share a name with any other record", r->type, lat_style_name(z->style->kind));
		return buf;
	}
	return NULL;
}

/* Why an active service gets no records in zone zi, or NULL when it gets them (and *dns, *dzone are set). */
static const char *
skip_reason(const struct lat_core_input *in, const struct account_index *accounts, const struct lat_rrindex *live,
    const struct lat_service *s, const char *name, size_t zi, const char **dns, const char **dzone, char *buf, size_t n)
{
	const struct lat_core_zone *z = &in->zones[zi];
	const struct lat_core_account *acct = account_of(accounts, s->account);
	const char *why, *to;

	*dns = *dzone = NULL;
	/* The apex holds the zone's SOA and NS; the pipeline's delete step tries to remove them and fails
	 * half-done (PARITY.md), so latticedns never writes or deletes a zone's apex records. */
	if (strcmp(name, z->name) == 0)
		return "the custom domain is the zone's apex; latticedns never writes a zone's apex records";
	if (!allowed(acct, name))
		return "the custom domain is outside the account's allowed_domains";
	if ((why = blocked_by(z, &live[zi], name, buf, n)) != NULL)
		return why;
	if ((z->style == NULL || z->style->kind != LAT_STYLE_TARGET) &&
	    (why = lat_resource_target(in, z, acct, s, dns, dzone, buf, n)) != NULL)
		return why;
	/* Lattice names resolve to link-local addresses, and only inside a VPC associated with the network. */
	to = lat_style_target_name(z->style, *dns);
	if (z->public_zone && !(z->style && z->style->allow_link_local) && to != NULL && lat_dnsname_is_lattice(to)) {
		snprintf(buf, n, "zone %s is public and %s is a VPC Lattice name (link-local, reachable only inside a "
		    "VPC); publish a proxy's name with style: target, or set allow_link_local: true on the zone", z->id, to);
		return buf;
	}
	return NULL;
}

/* Whether the live record at name is exactly what this zone's style writes for s. */
static int
live_is_for(const struct lat_core_input *in, const struct account_index *accounts, const struct lat_rrindex *live,
    size_t zone, const struct lat_service *s, const char *name)
{
	const struct lat_core_zone *z = &in->zones[zone];
	const char *dns = NULL, *dz = NULL;
	const struct lat_rrset *r;
	struct lat_want w;
	char buf[256];

	if ((z->style == NULL || z->style->kind != LAT_STYLE_TARGET) &&
	    lat_resource_target(in, z, account_of(accounts, s->account), s, &dns, &dz, buf, sizeof(buf)) != NULL)
		return 0;
	lat_style_want(z->style, name, dns, dz, &w);
	r = lat_rrindex_find(&live[zone], name, w.rr[0].type);
	return r != NULL && lat_style_matches(r, &w.rr[0]);
}

/*
 * conflicts: first-owner: how firmly s holds name in zone now. In state
 * mode a ledger row names one service per record (1). In tags mode a
 * conflict's loser carries a tag for the name too (the pipeline's rule), so
 * a tag alone (1) ranks below a tag whose service the live alias points at
 * (2): the holder stays the holder from one cycle to the next.
 */
static int
holds_name(const struct lat_core_input *in, const struct account_index *accounts, const struct lat_rrindex *live,
    size_t zone, const struct lat_service *s, const char *name)
{
	const struct lat_core_zone *z = &in->zones[zone];

	if (in->ownership == LAT_OWN_TAGS) {
		const char *v = lat_tags_get(z->tags, s->arn);
		struct lat_buf n = { 0 };
		int same;

		if (v == NULL)
			return 0;
		same = lat_dnsname_normalize(v, &n) == 0 && strcmp(lat_buf_str(&n), name) == 0;
		lat_buf_cleanup(&n);
		if (!same)
			return 0;
		return live_is_for(in, accounts, live, zone, s, name) ? 2 : 1;
	}
	for (size_t i = 0; in->owned != NULL && i < in->owned->n; i++) {
		const struct lat_owned *o = &in->owned->v[i];

		if (o->service_arn != NULL && strcmp(o->service_arn, s->arn) == 0 && strcmp(o->zone_id, z->id) == 0 &&
		    strcmp(o->name, name) == 0)
			return 1;
	}
	return 0;
}

/*
 * Keeps the first (newest, or with conflicts: first-owner the holder) of
 * each run of one name; the others become conflicts and move to
 * out->losers (which out->v's allocation can hold:
 * winners and losers together never outnumber the entries).
 */
static int
resolve_conflicts(struct lat_desired_set *out, struct lat_plan *plan)
{
	size_t w = 0;

	if ((out->losers = malloc((out->n ? out->n : 1) * sizeof(*out->losers))) == NULL)
		return LAT_ENOMEM;
	for (size_t i = 0; i < out->n; i++) {
		if (w > 0 && out->v[w - 1].zone == out->v[i].zone && strcmp(out->v[w - 1].name, out->v[i].name) == 0) {
			struct lat_plan_conflict *nc = realloc(plan->conflicts, (plan->nconflicts + 1) * sizeof(*nc));

			out->losers[out->nlosers++] = out->v[i];
			if (nc == NULL) {
				/* Keep every name owned exactly once, for lat_desired_cleanup. */
				memmove(&out->v[w], &out->v[i + 1], (out->n - i - 1) * sizeof(*out->v));
				out->n = w + (out->n - i - 1);
				return LAT_ENOMEM;
			}
			plan->conflicts = nc;
			nc[plan->nconflicts].name = lat_strdup0(out->v[i].name);
			nc[plan->nconflicts].winner_arn = lat_strdup0(out->v[w - 1].svc->arn);
			nc[plan->nconflicts].loser_arn = lat_strdup0(out->v[i].svc->arn);
			nc[plan->nconflicts].reason = out->v[w - 1].holds ? lat_strdup0("it holds the name "
			    "(conflicts: first-owner)") : NULL;
			plan->nconflicts++;
			continue;
		}
		out->v[w++] = out->v[i];
	}
	out->n = w;
	return 0;
}

/* Whether a note from index first on already gives this reason. */
static int
noted(const struct lat_plan *plan, size_t first, const char *why)
{
	for (size_t i = first; i < plan->nskipped; i++)
		if (plan->skipped[i].reason != NULL && strcmp(plan->skipped[i].reason, why) == 0)
			return 1;
	return 0;
}

int
lat_desired_build(const struct lat_core_input *in, const struct lat_rrindex *live, struct lat_desired_set *out,
    struct lat_plan *plan, struct lat_diag *d)
{
	size_t n = in->services ? in->services->n : 0, nviews = 0;
	struct account_index accounts = { 0 };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t z = 0; z < in->nzones; z++)
		nviews += first_of_view(in, z);
	/* At most one entry per (service, view). */
	out->v = calloc(n && nviews ? n * nviews : 1, sizeof(*out->v));
	if (out->v == NULL || account_index_init(&accounts, in) != 0) {
		free(out->v);
		out->v = NULL;
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct lat_service *s = &in->services->v[i];
		struct lat_buf name = { 0 };
		size_t first_note = plan->nskipped;
		int placed = 0;

		if (!lat_desired_active(in, s))
			continue;
		if ((rc = lat_dnsname_normalize(s->custom_domain, &name)) != 0)
			break;
		for (size_t v = 0; v < in->nzones && rc == 0; v++) {
			const char *why, *dns, *dzone;
			char buf[384];
			long zone;

			if (!first_of_view(in, v) || (zone = zone_of(in, lat_buf_str(&name), v)) < 0)
				continue;
			placed = 1;
			/* A zone's own selector (only External=true in the public zone) is a choice, not a problem. */
			if (!lat_desired_zone_selects(&in->zones[zone], s))
				continue;
			why = skip_reason(in, &accounts, live, s, lat_buf_str(&name), (size_t)zone, &dns, &dzone, buf,
			    sizeof(buf));
			if (why != NULL) {
				/* Once per resource, however many views skip it for one reason (an ambiguous association). */
				if (!noted(plan, first_note, why))
					rc = lat_plan_note_add(&plan->skipped, &plan->nskipped, s->arn, lat_buf_str(&name), why);
				continue;
			}
			out->v[out->n] = (struct lat_desired){ .svc = s, .zone = (size_t)zone, .dns = dns, .dns_zone = dzone,
				.name = strdup(lat_buf_str(&name)) };
			out->v[out->n].holds = in->conflicts != LAT_CONFLICTS_FIRST_OWNER ? 0 :
			    holds_name(in, &accounts, live, (size_t)zone, s, lat_buf_str(&name));
			if (out->v[out->n++].name == NULL)
				rc = LAT_ENOMEM;
		}
		if (rc == 0 && !placed)
			rc = lat_plan_note_add(&plan->skipped, &plan->nskipped, s->arn, lat_buf_str(&name),
			    "the custom domain is outside every configured zone");
		lat_buf_cleanup(&name);
	}
	free(accounts.v);
	if (rc == 0) {
		lat_sort(out->v, out->n, sizeof(*out->v), cmp_desired);
		rc = resolve_conflicts(out, plan);
	}
	if (rc != 0) {
		lat_desired_cleanup(out);
		return lat_diag_set(d, rc, "out of memory computing the desired records");
	}
	return 0;
}
