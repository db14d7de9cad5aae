/* dnsname.h - DNS names as Route 53 stores them, and the comparisons the core makes on them. */
#ifndef LAT_DNSNAME_H
#define LAT_DNSNAME_H

#include "common/buf.h"

/*
 * Route 53 stores a name in lower case with a trailing dot and writes any
 * character outside [a-z0-9-_.] as a three-digit octal escape ("*" is
 * "\052"). Comparing names after this normalisation is what the pipeline
 * failed to do (it missed names with upper case). An escape already
 * present is kept. Appends to out.
 */
int lat_dnsname_normalize(const char *name, struct lat_buf *out);
/* 1 when name (normalised) is suffix itself or below it, on a label boundary. */
int lat_dnsname_under(const char *name, const char *suffix);
/*
 * Whether name is a domain of at least one label that a rule can mean:
 * not empty, not the root, no empty label, labels of 1-63 letters, digits,
 * '-' or '_' (no '-' at either end), 253 characters at most, one optional
 * trailing dot, no wildcard (a domain already stands for its subdomains).
 * 0 when it is; otherwise -1 and why gets what is wrong and what to write,
 * to follow the quoted name in a message.
 */
int lat_dnsname_check(const char *name, struct lat_buf *why);
/* Alias targets compare case-insensitively, with or without the trailing dot. */
int lat_dnsname_equal_loose(const char *a, const char *b);
/*
 * 1 when name is a VPC Lattice generated name: a service's
 * "<label(s)>.vpc-lattice-svcs.<region>.on.aws" or a resource configuration
 * association's "<label(s)>.vpc-lattice-rsc.<region>.on.aws" (any case,
 * trailing dot or not). Both resolve to link-local addresses, inside a VPC only.
 */
int lat_dnsname_is_lattice(const char *name);

#endif
