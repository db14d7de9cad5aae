/* awssetup.h - what the AWS providers need from the config and the process, in one struct. */
#ifndef LAT_AWSSETUP_H
#define LAT_AWSSETUP_H

#include <signal.h>
#include <stddef.h>

#include "common/env.h"
#include "providers/aws/client.h"
#include "providers/aws/http.h"

struct lat_creds_provider;
struct lat_sigkeys;

/*
 * Everything borrowed: main builds it from the parsed config and keeps it
 * alive while the providers built from it live.
 */
struct lat_aws_setup {
	const struct lat_env *env;            /* endpoint overrides (AWS_ENDPOINT_URL…) */
	const char *home_region;              /* STS calls and the DNS account's region */
	struct lat_creds_provider *base;      /* the controller's own credentials (the default chain) */
	struct lat_http_opts http;            /* timeouts, the CA bundle */
	int max_attempts;                     /* per call, retries included */
	double route53_rps;                   /* Route 53 requests per second for the DNS account */
	int route53_burst;                    /* how many of them may go at once (bucket capacity) */
	size_t concurrency;                   /* (account, region) listings at once */
	int tag_source_lattice;               /* 1: ListTagsForResource per service; 0: Tagging GetResources */
	const char *dns_role_arn;             /* the DNS account's role, or NULL: base credentials */
	const char *dns_external_id;
	const struct lat_clock *clock;        /* NULL: the system clock */
	volatile sig_atomic_t *cancel;        /* a stop signal; may be NULL */
	const struct lat_aws_observer *observer;   /* every HTTP attempt, for the metrics; may be NULL */
	struct lat_sigkeys *sigkeys;          /* signing keys shared by every client; may be NULL */
};

#endif
