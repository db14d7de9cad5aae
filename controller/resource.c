/* resource.c - services and resource configurations: kinds, selectors, and the Lattice name a zone points at. */
#include "controller/resource.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = { "service/svc-", "resourceconfiguration/rcfg-" };

/* The ARN's six fields: f[k] starts field k. */
static int
arn_fields(const char *arn, const char *f[6])
{
	size_t n = 0;

	if (arn == NULL || strncmp(arn, "arn:", 4) != 0)
		return 0;
	f[n++] = arn;
	for (const char *p = arn; *p && n < 6; p++)
		if (*p == ':')
			f[n++] = p + 1;
	return n == 6 && strncmp(f[2], "vpc-lattice:", 12) == 0;
}

int
lat_resource_kind_of_arn(const char *arn)
{
	const char *f[6];

	if (!arn_fields(arn, f))
		return -1;
	for (int k = 0; k < 2; k++)
		if (strncmp(f[5], kinds[k], strlen(kinds[k])) == 0)
			return k;
	return -1;
}

const char *
lat_resource_label(int kind)
{
	return kind == LAT_RES_RESCFG ? "resource configuration" : "service";
}

const char *
lat_resource_json_kind(int kind)
{
	return kind == LAT_RES_RESCFG ? "resource_configuration" : "service";
}

int
lat_resource_parse_arn(const char *arn, char *region, size_t rlen, char *account, size_t alen)
{
	const char *f[6];

	if (lat_resource_kind_of_arn(arn) < 0 || !arn_fields(arn, f))
		return 0;
	snprintf(region, rlen, "%.*s", (int)(f[4] - f[3] - 1), f[3]);
	snprintf(account, alen, "%.*s", (int)(f[5] - f[4] - 1), f[4]);
	return region[0] != '\0' && account[0] != '\0';
}

void
lat_resource_selector(const struct lat_core_input *in, const struct lat_service *s, const char **key,
    const char **value)
{
	*key = in->selector_key;
	*value = in->selector_value;
	if (s->kind == LAT_RES_RESCFG && in->rescfg_selector_key != NULL) {
		*key = in->rescfg_selector_key;
		*value = in->rescfg_selector_value != NULL ? in->rescfg_selector_value : "";
	}
}

/* An association matches a configured service network by id, ARN or name. */
static int
assoc_is(const struct lat_rescfg_assoc *a, const char *sn)
{
	return (a->sn_id && strcmp(a->sn_id, sn) == 0) || (a->sn_arn && strcmp(a->sn_arn, sn) == 0) ||
	    (a->sn_name && strcmp(a->sn_name, sn) == 0);
}

static const char *
rescfg_target(const struct lat_core_input *in, const char *sn, const struct lat_service *s,
    const struct lat_rescfg_assoc **out, char *buf, size_t n)
{
	const struct lat_rescfg_assoc *a = NULL;

	if (sn != NULL) {
		for (size_t i = 0; i < s->nassocs && a == NULL; i++)
			if (assoc_is(&s->assocs[i], sn))
				a = &s->assocs[i];
		if (a == NULL) {
			snprintf(buf, n, "the resource configuration is not associated with service network %s", sn);
			return buf;
		}
	} else if (s->nassocs == 0) {
		return "the resource configuration is associated with no service network";
	} else if (s->nassocs > 1) {
		snprintf(buf, n, "ambiguous: the resource configuration is associated with %zu service networks and "
		    "none is configured; set service_network on the zone or the account", s->nassocs);
		return buf;
	} else {
		a = &s->assocs[0];
	}
	/* Lattice answers the name itself in consumer VPCs: a record of ours would only shadow it. */
	if (a->private_dns && s->verification != NULL && strcmp(s->verification, "VERIFIED") == 0 &&
	    !s->name_from_tag && !in->publish_managed) {
		snprintf(buf, n, "managed by Lattice: the custom domain is verified and private DNS is enabled on the "
		    "association with %s (resource_configurations.publish_managed: true publishes it anyway)",
		    a->sn_name ? a->sn_name : a->sn_id ? a->sn_id : "its service network");
		return buf;
	}
	*out = a;
	return NULL;
}

const char *
lat_resource_target(const struct lat_core_input *in, const struct lat_core_zone *z,
    const struct lat_core_account *acct, const struct lat_service *s, const char **dns, const char **zone,
    char *buf, size_t n)
{
	const struct lat_rescfg_assoc *a = NULL;
	const char *why, *sn = z->style && z->style->service_network ? z->style->service_network :
	    acct ? acct->service_network : NULL;

	*dns = *zone = NULL;
	if (s->kind != LAT_RES_RESCFG) {
		if (s->dns_name == NULL || s->dns_zone_id == NULL)
			return "the service has no dnsEntry yet";
		*dns = s->dns_name;
		*zone = s->dns_zone_id;
		return NULL;
	}
	if ((why = rescfg_target(in, sn, s, &a, buf, n)) != NULL)
		return why;
	if (a->dns_name == NULL || a->dns_zone_id == NULL)
		return "the association has no dnsEntry yet";
	*dns = a->dns_name;
	*zone = a->dns_zone_id;
	return NULL;
}
