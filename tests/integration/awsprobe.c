/*
 * awsprobe.c - the C transport against awsim: AssumeRole into a spoke
 * account, then a signed VPC Lattice call with the role's credentials and
 * signed Route 53 calls with the caller's own, over the real libcurl
 * transport (HTTPS when the endpoint is https, trusting AWS_CA_BUNDLE).
 *
 *   awsprobe ENDPOINT ROLE_ARN ZONE_ID     (keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)
 *
 * Prints what it learned, one fact a line, for tests/integration/ to check.
 * Never prints a key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/env.h"
#include "common/types.h"
#include "providers/aws/client.h"
#include "providers/aws/creds.h"
#include "providers/aws/http.h"
#include "providers/aws/lattice.h"
#include "providers/aws/route53.h"
#include "providers/aws/sts.h"

struct probe {
	const char *endpoint;
	const char *ca;
	struct lat_transport *transport;
};

static int
new_transport(void *arg, struct lat_transport **out, struct lat_diag *d)
{
	const struct probe *p = arg;
	struct lat_http_opts o = { .connect_timeout_ms = 2000, .timeout_ms = 10000, .ca_bundle = p->ca };

	return lat_http_curl_new(&o, out, d);
}

static int
client(struct probe *p, const char *service, enum lat_aws_protocol proto, const char *region,
    const char *account, struct lat_creds_provider *creds, struct lat_aws_client **out, struct lat_diag *d)
{
	struct lat_aws_client_opts o = {
		.service = service, .protocol = proto, .region = region, .endpoint = p->endpoint,
		.account = account, .creds = creds, .transport = p->transport, .max_attempts = 3,
	};

	return lat_aws_client_new(&o, out, d);
}

int
main(int argc, char **argv)
{
	struct probe p = { 0 };
	struct lat_diag d = { 0 };
	struct lat_creds_provider *base = NULL, *role = NULL;
	struct lat_aws_client *sts = NULL, *vl = NULL, *r53 = NULL;
	struct lat_service_list svcs = { 0 };
	struct lat_rrset_list rr = { 0 };
	struct lat_r53_zone zone = { 0 };
	char *account = NULL, *arn = NULL;
	const char *spoke;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: awsprobe ENDPOINT ROLE_ARN ZONE_ID\n");
		return 64;
	}
	p.endpoint = argv[1];
	p.ca = getenv("AWS_CA_BUNDLE");
	spoke = strstr(argv[2], "::") ? strstr(argv[2], "::") + 2 : "";
	if ((rc = lat_http_global_init(&d)) != 0)
		goto out;
	if ((rc = new_transport(&p, &p.transport, &d)) != 0)
		goto out;
	if ((rc = lat_creds_env_new(lat_env_system(), &base, &d)) != 0) {
		if (rc == LAT_ENOTFOUND)
			lat_diag_set(&d, LAT_ECREDS, "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		goto out;
	}
	if ((rc = client(&p, "sts", LAT_PROTO_QUERY, "us-east-1", NULL, base, &sts, &d)) != 0 ||
	    (rc = lat_sts_get_caller_identity(sts, &account, &arn, &d)) != 0)
		goto out;
	printf("caller %s %s\n", account, arn);
	{
		struct lat_assume_role_opts ao = {
			.role_arn = argv[2], .session_name = "awsprobe", .region = "us-east-1",
			.sts_endpoint = p.endpoint, .base = base, .new_transport = new_transport,
			.transport_arg = &p, .max_attempts = 3,
		};
		char acct[13] = { 0 };

		memcpy(acct, spoke, strnlen(spoke, 12));
		if ((rc = lat_creds_assume_role_new(&ao, &role, &d)) != 0 ||
		    (rc = client(&p, "vpc-lattice", LAT_PROTO_REST_JSON, "us-east-1", acct, role, &vl, &d)) != 0 ||
		    (rc = lat_lattice_list_services(vl, acct, "us-east-1", &svcs, &d)) != 0)
			goto out;
	}
	for (size_t i = 0; i < svcs.n; i++)
		printf("service %s %s %s %s\n", svcs.v[i].account, svcs.v[i].name,
		    svcs.v[i].custom_domain ? svcs.v[i].custom_domain : "-", svcs.v[i].dns_name ? svcs.v[i].dns_name : "-");
	if ((rc = client(&p, "route53", LAT_PROTO_REST_XML, "us-east-1", account, base, &r53, &d)) != 0 ||
	    (rc = lat_r53_get_hosted_zone(r53, argv[3], &zone, &d)) != 0 ||
	    (rc = lat_r53_list_rrsets(r53, argv[3], &rr, &d)) != 0)
		goto out;
	printf("zone %s %s private=%d records=%zu\n", zone.id, zone.name, zone.private_zone, rr.n);
	for (size_t i = 0; i < rr.n; i++)
		printf("rrset %s %s\n", rr.v[i].name, rr.v[i].type);
out:
	if (rc != 0)
		fprintf(stderr, "awsprobe: %s\n", lat_diag_msg(&d));
	free(account);
	free(arn);
	lat_r53_zone_cleanup(&zone);
	lat_rrset_list_cleanup(&rr);
	lat_service_list_cleanup(&svcs);
	lat_aws_client_free(r53);
	lat_aws_client_free(vl);
	lat_aws_client_free(sts);
	lat_creds_provider_free(role);
	lat_creds_provider_free(base);
	lat_transport_free(p.transport);
	lat_diag_cleanup(&d);
	lat_http_global_cleanup();
	return rc == 0 ? 0 : 1;
}
