/* timefmt.h - ISO 8601 and SigV4 timestamps, to and from milliseconds since the epoch (UTC). */
#ifndef LAT_TIMEFMT_H
#define LAT_TIMEFMT_H

#include <stdint.h>

#include "common/buf.h"
#include "common/diag.h"

/*
 * Accepts what AWS returns: 2024-05-01T10:00:00Z, with fractional seconds
 * (2024-05-01T10:00:00.123Z) and numeric offsets (+00:00, -0500).
 */
LAT_WUR int lat_time_parse_iso8601(const char *s, int64_t *ms_out, struct lat_diag *d);
/* 2024-05-01T10:00:00Z (UTC, no fraction). */
int lat_time_format_iso8601(struct lat_buf *b, int64_t ms);
/* 20150830T123600Z, SigV4's X-Amz-Date. */
int lat_time_format_amz(struct lat_buf *b, int64_t secs);

#endif
