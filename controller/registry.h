/* registry.h - ownership: txt: the TXT record that says which owner and service own a name (pure). */
#ifndef LAT_REGISTRY_H
#define LAT_REGISTRY_H

#include <stddef.h>

#include "common/buf.h"
#include "common/diag.h"
#include "common/types.h"
#include "controller/model.h"

/*
 * For every name latticedns owns in ownership: txt there is one TXT record
 * set at <txt_prefix><name> with exactly one value:
 *
 *   "heritage=latticedns,owner=<owner_id>,arn=<service ARN>"
 *
 * quoted as Route 53 wants a TXT string (at most 255 characters between the
 * quotes). It is written and deleted in the same change batch as the A and
 * AAAA it owns, so the zone itself is the registry: nothing is lost with
 * the state database, and several controllers (owner ids) share a zone.
 *
 * The parser is strict on purpose: a value it does not recognise exactly
 * (another format, a hand edit) is never taken for ours; it is left alone
 * and reported. That designs out external-dns's pains: a user's TXT at the
 * name is never overwritten, another owner's names are never touched.
 */

#define LAT_REGISTRY_DEFAULT_PREFIX "_latticedns."
#define LAT_REGISTRY_TTL 300
#define LAT_REGISTRY_MAX_STRING 255     /* one TXT character-string */

enum lat_reg_kind {
	LAT_REG_NONE = 0,           /* no TXT record set at the registry name */
	LAT_REG_OURS,               /* heritage=latticedns and owner = our owner_id */
	LAT_REG_OTHER_OWNER,        /* heritage=latticedns, another owner_id: another controller's */
	LAT_REG_FOREIGN_HERITAGE,   /* heritage=<something else> (external-dns...): not ours */
	LAT_REG_UNPARSABLE,         /* heritage=latticedns but not exactly our format */
	LAT_REG_USER,               /* any other TXT: a user's own record at that name */
};

/* What a registry TXT says; owner and arn are malloc'd (NULL unless parsed). */
struct lat_reg_entry {
	enum lat_reg_kind kind;
	char *owner;
	char *arn;
};

void lat_reg_entry_cleanup(struct lat_reg_entry *e);

/* Appends the quoted TXT value for (owner, arn). */
int lat_registry_format(struct lat_buf *out, const char *owner, const char *arn);
/* Appends the registry name of name (normalised, as Route 53 stores it): prefix + name. */
int lat_registry_name(struct lat_buf *out, const char *prefix, const char *name);
/*
 * The owned name behind a registry name: name without prefix (both
 * normalised); 0 and out filled when name starts with prefix and something
 * is left, -1 otherwise.
 */
int lat_registry_owned_name(const char *prefix, const char *name, struct lat_buf *out);
/*
 * Classifies the TXT record set txt (NULL: none) against owner_id. For
 * OURS and OTHER_OWNER, out->owner and out->arn are set. Returns 0, or
 * LAT_ENOMEM.
 */
LAT_WUR int lat_registry_classify(const struct lat_rrset *txt, const char *owner_id, struct lat_reg_entry *out);
/* A human phrase for a kind that is not ours ("a TXT record of another owner (net-dev)"...), appended. */
int lat_registry_describe(struct lat_buf *out, const struct lat_reg_entry *e);

/*
 * The registry of zone z as the core reads it: every live TXT record set
 * under prefix that is ours becomes an owned row (zone, owned name, type
 * "TXT", service ARN) appended to owned; one that is latticedns's but does
 * not parse, or another tool's, is left alone and reported in plan->held.
 * Another owner's and users' TXT records are not reported here (only when
 * a service wants their name: a conflict).
 */
LAT_WUR int lat_registry_collect(const struct lat_core_zone *z, const char *owner_id, const char *prefix,
    struct lat_owned_list *owned, struct lat_plan *plan);

/*
 * Config checks; 0 when valid, else -1 and why gets what is wrong and what
 * to write. owner_id: 1-63 of [A-Za-z0-9._-]. txt_prefix: 1-63 of
 * [a-z0-9_-] and '.', no empty label, not starting with '.'; ending in '.'
 * it is labels of their own ("_latticedns."), otherwise it is glued to the
 * name's first label ("reg-").
 */
int lat_registry_check_owner(const char *owner, struct lat_buf *why);
int lat_registry_check_prefix(const char *prefix, struct lat_buf *why);

#endif
