/* timefmt.c - ISO 8601 parsing and formatting without the locale or the TZ environment. */
#include "common/timefmt.h"

#include <ctype.h>
#include <string.h>

/* Reads exactly n digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm): no timegm, no TZ. */
static int64_t
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static int
parse_offset(const char **p, int64_t *off_ms)
{
	int sign, hh, mm = 0;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*off_ms = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &hh) != 0)
		return -1;
	if (**p == ':')
		(*p)++;
	if (isdigit((unsigned char)**p) && digits(p, 2, &mm) != 0)
		return -1;
	*off_ms = sign * ((int64_t)hh * 3600 + mm * 60) * 1000;
	return 0;
}

int
lat_time_parse_iso8601(const char *s, int64_t *ms_out, struct lat_diag *d)
{
	const char *p = s;
	int y, mo, dd, hh, mi, ss, frac = 0, scale = 1000;
	int64_t off = 0;

	if (s == NULL || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &dd) || (*p != 'T' && *p != 't' && *p != ' '))
		goto bad;
	p++;
	if (digits(&p, 2, &hh) || *p++ != ':' || digits(&p, 2, &mi) || *p++ != ':' || digits(&p, 2, &ss))
		goto bad;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		while (isdigit((unsigned char)*p)) {
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
			p++;
		}
	}
	if (parse_offset(&p, &off) != 0 || *p != '\0')
		goto bad;
	if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 60)
		goto bad;
	*ms_out = ((days_from_civil(y, mo, dd) * 86400 + hh * 3600 + mi * 60 + ss) * 1000) + frac - off;
	return 0;
bad:
	return lat_diag_set(d, LAT_EPARSE, "timestamp \"%s\" is not ISO 8601 (like 2024-05-01T10:00:00Z)",
	    s ? s : "(null)");
}

/* Civil date of a day count (the inverse of days_from_civil). */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
format(struct lat_buf *b, int64_t secs, int amz)
{
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t rem = secs - days * 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (amz)
		return lat_buf_addf(b, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, (int)(rem / 3600),
		    (int)(rem / 60 % 60), (int)(rem % 60));
	return lat_buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
	    (int)(rem / 60 % 60), (int)(rem % 60));
}

int
lat_time_format_iso8601(struct lat_buf *b, int64_t ms)
{
	int64_t s = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;

	return format(b, s, 0);
}

int
lat_time_format_amz(struct lat_buf *b, int64_t secs)
{
	return format(b, secs, 1);
}
