/* provider.c - freeing what the provider tables hand out. */
#include "controller/provider.h"

#include <stdlib.h>

void
lat_inv_result_cleanup(struct lat_inv_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].account);
		free(r->v[i].region);
		free(r->v[i].error);
		lat_service_list_cleanup(&r->v[i].services);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

void
lat_inventory_free(struct lat_inventory *inv)
{
	if (inv == NULL)
		return;
	if (inv->free != NULL)
		inv->free(inv->ctx);
	free(inv);
}

void
lat_dns_free(struct lat_dns *dns)
{
	if (dns == NULL)
		return;
	if (dns->free != NULL)
		dns->free(dns->ctx);
	free(dns);
}
