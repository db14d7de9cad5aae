/* adopt.c - adopt: alias-match: a name whose aliases already point at the service is taken over, not rewritten. */
#include <stddef.h>

#include "common/buf.h"
#include "controller/adopt.h"
#include "controller/desired.h"
#include "controller/dnsname.h"
#include "controller/recstyle.h"
#include "controller/resource.h"

/*
 * adopt: alias-match (issue 10): a name nothing of ours owns, whose live A
 * and/or AAAA are aliases to exactly the service's dnsEntry (zone id and
 * name, compared as Route 53 normalises them), was written by the pipeline's
 * tag-less variants: it is this service's, adopted (registry entry written,
 * a missing AAAA created), never recreated. Anything else at the name is a
 * conflict, left as it is. *adopt says whether it applies.
 */
int
lat_adopt_check(struct lat_diff *zd, const struct lat_desired *ds, int *adopt, struct lat_buf *why)
{
	const struct lat_service *s = ds->svc;
	int seen = 0;

	*adopt = 0;
	/* Issue 12: only an alias zone's records are the pipeline's; the target is the one the zone points at. */
	if (zd->z->adopt != LAT_ADOPT_ALIAS_MATCH || lat_diff_owned_at(zd, ds->name) || ds->dns == NULL ||
	    (zd->z->style != NULL && zd->z->style->kind != LAT_STYLE_ALIAS))
		return 0;
	for (size_t t = 0; t < 2; t++) {
		const struct lat_rrset *live = lat_rrindex_find(zd->live, ds->name, lat_diff_types[t]);

		if (live == NULL)
			continue;
		seen++;
		if (live->alias_dns_name == NULL || live->alias_zone_id == NULL || live->set_identifier != NULL ||
		    !lat_dnsname_equal_loose(live->alias_zone_id, ds->dns_zone) ||
		    !lat_dnsname_equal_loose(live->alias_dns_name, ds->dns)) {
			lat_buf_addf(why, "the %s record at the name is not an alias to the %s's dnsEntry %s "
			    "(zone %s); adopt: alias-match leaves it as it is", live->type, lat_resource_label(s->kind),
			    ds->dns, ds->dns_zone);
			return lat_buf_status(why);
		}
	}
	*adopt = seen > 0;
	return 0;
}

int
lat_adopt_note(struct lat_diff *zd, const struct lat_desired *ds)
{
	struct lat_buf why = { 0 };
	int rc, a = lat_rrindex_find(zd->live, ds->name, "A") != NULL,
	    aaaa = lat_rrindex_find(zd->live, ds->name, "AAAA") != NULL;

	lat_buf_addf(&why, "its %s alias%s already point%s to the %s's dnsEntry %s: adopted, not recreated%s",
	    a && aaaa ? "A and AAAA" : a ? "A" : "AAAA", a && aaaa ? "es" : "", a && aaaa ? "" : "s",
	    lat_resource_label(ds->svc->kind),
	    ds->dns, a && aaaa ? "" : a ? "; the missing AAAA is created" : "; the missing A is created");
	rc = lat_buf_status(&why);
	if (rc == 0)
		rc = lat_plan_note_add(&zd->plan->adopted, &zd->plan->nadopted, ds->svc->arn, ds->name,
		    lat_buf_str(&why));
	lat_buf_cleanup(&why);
	return rc;
}
