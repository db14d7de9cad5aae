/* lattice_impl.h - private to the VPC Lattice modules (lattice.c, rescfg.c): one JSON reading and one
 * pager for every Lattice list, so services and resource configurations fail a listing alike. */
#ifndef LAT_LATTICE_IMPL_H
#define LAT_LATTICE_IMPL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "common/diag.h"
#include "providers/aws/client.h"

/* The string member k of o, copied (free it), or NULL when absent, not a string, or empty. */
char *lat_lattice_jstr(const cJSON *o, const char *k);

/*
 * Parses a list answer, which must be an object with its items list (a 200
 * without it is a failed listing, never "nothing there"). Returns the
 * document (cJSON_Delete it) with *items inside it, or NULL with d set
 * naming op and who.
 */
cJSON *lat_lattice_parse_items(const char *body, size_t len, const char *op, const char *who,
    const cJSON **items, struct lat_diag *d);

/* One paginated GET list: every page of 100 through parse. Strings borrowed. */
struct lat_lattice_pager {
	const char *op;
	const char *path;
	const char *query;       /* without maxResults/nextToken; "" or "k=v&" */
	const char *who;         /* for messages: "account 1111..., us-east-1" */
	int (*parse)(void *arg, const struct lat_http_response *resp, char **next, struct lat_diag *d);
	void *arg;
};

/* A repeated nextToken or more than 10000 pages fails the listing. */
LAT_WUR int lat_lattice_page_all(struct lat_aws_client *c, const struct lat_lattice_pager *p, struct lat_diag *d);

#endif
