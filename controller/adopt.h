/* adopt.h - adopt: alias-match (issue 10): taking over a name the pipeline's tag-less variants wrote (pure). */
#ifndef LAT_ADOPT_H
#define LAT_ADOPT_H

#include "common/buf.h"
#include "common/diag.h"
#include "controller/desired.h"
#include "controller/diff.h"

/*
 * Whether ds's name is adopted (*adopt 1) in an adopt: alias-match zone: no
 * owner of ours, and its live A and/or AAAA are aliases to exactly ds's
 * dnsEntry. Anything else there: why says what (the caller's buffer), and
 * the name is a conflict.
 */
LAT_WUR int lat_adopt_check(struct lat_diff *zd, const struct lat_desired *ds, int *adopt, struct lat_buf *why);

/* Appends the "adopted, not recreated" note of ds's name to zd->plan->adopted. */
LAT_WUR int lat_adopt_note(struct lat_diff *zd, const struct lat_desired *ds);

#endif
