/* sts.h - AWS STS over the query protocol: AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity. */
#ifndef LAT_STS_H
#define LAT_STS_H

#include <stddef.h>

#include "common/diag.h"
#include "providers/aws/client.h"
#include "providers/aws/creds.h"

struct lat_sts_assume {
	const char *role_arn;
	const char *session_name;
	const char *external_id;   /* or NULL */
	int duration_s;            /* 900..43200; 0: 3600 */
};

/* Temporary credentials of the role into *out (owned); c signs with the caller's credentials. */
LAT_WUR int lat_sts_assume_role(struct lat_aws_client *c, const struct lat_sts_assume *a,
    struct lat_creds *out, struct lat_diag *d);

/* The unsigned web-identity exchange (IRSA, EKS Pod Identity's OIDC): endpoint is the STS URL. */
LAT_WUR int lat_sts_assume_role_with_web_identity(struct lat_transport *t, const char *endpoint,
    const struct lat_sts_assume *a, const char *token, struct lat_creds *out, struct lat_diag *d);

/* Who the credentials of c are: account id and ARN (owned). */
LAT_WUR int lat_sts_get_caller_identity(struct lat_aws_client *c, char **account, char **arn,
    struct lat_diag *d);

/* Reads <Credentials> out of an AssumeRole* response body (exposed for tests). */
LAT_WUR int lat_sts_parse_credentials(const char *body, size_t len, const char *what,
    struct lat_creds *out, struct lat_diag *d);

#endif
