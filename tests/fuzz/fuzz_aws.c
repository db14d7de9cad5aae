/*
 * fuzz_aws.c - libFuzzer: AWS answers through the real clients. Byte 0 picks
 * the operation (Route 53 XML, Lattice and Tagging JSON, STS XML, Lattice resource
 * configurations and their associations), byte 1 the
 * HTTP status (a 2xx answer is parsed by the operation, any other by
 * awserr.c); the rest is the body. Paged listings see the same page again
 * until the transport runs dry, so continuation tokens are exercised too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/types.h"
#include "providers/aws/client.h"
#include "providers/aws/creds.h"
#include "providers/aws/lattice.h"
#include "providers/aws/rescfg.h"
#include "providers/aws/route53.h"
#include "providers/aws/sts.h"
#include "providers/aws/tagging.h"
#include "tests/fuzz/fuzz_answers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *service;
	enum lat_aws_protocol proto;
} clients[] = {
	{ "route53", LAT_PROTO_REST_XML }, { "vpc-lattice", LAT_PROTO_REST_JSON },
	{ "tagging", LAT_PROTO_JSON }, { "sts", LAT_PROTO_QUERY },
};

static void
run(int op, struct lat_aws_client *c)
{
	struct lat_diag d = { 0 };

	switch (op) {
	case 0: {
		struct lat_r53_zone z;

		if (lat_r53_get_hosted_zone(c, "Z0123456789ABCDEFGHIJ", &z, &d) == 0)
			lat_r53_zone_cleanup(&z);
		break;
	}
	case 1: {
		struct lat_rrset_list l = { 0 };

		(void)lat_r53_list_rrsets(c, "Z0123456789ABCDEFGHIJ", &l, &d);
		lat_rrset_list_cleanup(&l);
		break;
	}
	case 2: {
		char *status = NULL;

		(void)lat_r53_get_change(c, "C0123", &status, &d);
		free(status);
		break;
	}
	case 3: {
		struct lat_tags t = { 0 };

		(void)lat_r53_list_tags(c, "Z0123456789ABCDEFGHIJ", &t, &d);
		lat_tags_cleanup(&t);
		break;
	}
	case 4: {
		struct lat_rrset r = { .name = (char *)"a.corp.internal.", .type = (char *)"A", .ttl = -1,
			.alias_zone_id = (char *)"Z03867022NOYBCTG0GJR1", .alias_dns_name = (char *)"x.on.aws." };
		struct lat_r53_change ch = { LAT_R53_UPSERT, &r };
		char *id = NULL, *status = NULL;

		(void)lat_r53_change_rrsets(c, "Z0123456789ABCDEFGHIJ", &ch, 1, "fuzz", &id, &status, &d);
		free(id);
		free(status);
		break;
	}
	case 5: {
		struct lat_service_list l = { 0 };

		(void)lat_lattice_list_services(c, "111122223333", "us-east-1", &l, &d);
		lat_service_list_cleanup(&l);
		break;
	}
	case 6: {
		struct lat_tags t = { 0 };

		(void)lat_lattice_list_tags(c, "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1", &t, &d);
		lat_tags_cleanup(&t);
		break;
	}
	case 7: {
		struct lat_tagged_list l = { 0 };

		(void)lat_tagging_get_resources(c, "vpc-lattice:service", "NewService", &l, &d);
		lat_tagged_list_cleanup(&l);
		break;
	}
	case 8: {
		struct lat_sts_assume a = { .role_arn = "arn:aws:iam::111122223333:role/r", .session_name = "fuzz" };
		struct lat_creds cr = { 0 };

		(void)lat_sts_assume_role(c, &a, &cr, &d);
		lat_creds_cleanup(&cr);
		break;
	}
	case 10: {
		struct lat_service_list l = { 0 };

		(void)lat_rescfg_list(c, "111122223333", "us-east-1", &l, &d);
		lat_service_list_cleanup(&l);
		break;
	}
	case 11: {
		/* Associations, then (one has private DNS) the verification status, from the same answers. */
		struct lat_service r = { .kind = LAT_RES_RESCFG, .arn = strdup("arn:aws:vpc-lattice:us-east-1:"
			"111122223333:resourceconfiguration/rcfg-1"), .id = strdup("rcfg-1"),
			.custom_domain = strdup("db.corp.internal") };

		(void)lat_rescfg_read_details(c, &r, &d);
		lat_service_cleanup(&r);
		break;
	}
	default: {
		char *account = NULL, *arn = NULL;

		(void)lat_sts_get_caller_identity(c, &account, &arn, &d);
		free(account);
		free(arn);
		break;
	}
	}
	lat_diag_cleanup(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 200, 200, 200, 400, 403, 404, 409, 500, 503, 302, 204 };
	static const int service_of[] = { 0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 1, 1 };
	struct fuzz_answers f;
	struct lat_creds_provider *creds = NULL;
	struct lat_aws_client *c = NULL;
	int op;

	if (size < 2)
		return 0;
	op = data[0] % 12;
	fuzz_answers_init(&f, statuses[data[1] % (sizeof(statuses) / sizeof(statuses[0]))], data + 2, size - 2);
	if (data[1] & 0x80)
		f.error_type = "ValidationException:http://internal.amazon.com/";
	struct lat_aws_client_opts o = {
		.service = clients[service_of[op]].service, .protocol = clients[service_of[op]].proto,
		.region = "us-east-1", .endpoint = "https://fuzz.invalid", .account = "111122223333",
		.transport = &f.t, .clock = fuzz_clock(), .max_attempts = 2,
	};

	if (lat_creds_static_new("AKIAFUZZ", "fuzz-secret", NULL, &creds, NULL) != 0)
		return 0;
	o.creds = creds;
	if (lat_aws_client_new(&o, &c, NULL) == 0)
		run(op, c);
	lat_aws_client_free(c);
	lat_creds_provider_free(creds);
	return 0;
}
