/* dnsname.c - Route 53's spelling of names: lower case, trailing dot, octal escapes. */
#include "controller/dnsname.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

int
lat_dnsname_normalize(const char *name, struct lat_buf *out)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '\\' && i + 3 < n + 1 && isdigit((unsigned char)name[i + 1]) &&
		    isdigit((unsigned char)name[i + 2]) && isdigit((unsigned char)name[i + 3])) {
			lat_buf_add(out, name + i, 4);
			i += 3;
		} else if (isupper(c)) {
			lat_buf_addc(out, (char)tolower(c));
		} else if (islower(c) || isdigit(c) || c == '-' || c == '_' || c == '.') {
			lat_buf_addc(out, (char)c);
		} else {
			lat_buf_addf(out, "\\%03o", c);
		}
	}
	if (n == 0 || name[n - 1] != '.')
		lat_buf_addc(out, '.');
	return lat_buf_status(out);
}

int
lat_dnsname_under(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	if (s == 0 || s > n)
		return 0;
	if (strcmp(name + n - s, suffix) != 0)
		return 0;
	return n == s || name[n - s - 1] == '.' || suffix[0] == '.';
}

int
lat_dnsname_equal_loose(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return a == b;
	la = strlen(a);
	lb = strlen(b);
	if (la > 0 && a[la - 1] == '.')
		la--;
	if (lb > 0 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

int
lat_dnsname_is_lattice(const char *name)
{
	static const char mid[] = ".vpc-lattice-svcs.", end[] = ".on.aws";
	size_t n = name ? strlen(name) : 0, e = sizeof(end) - 1, m = sizeof(mid) - 1;
	const char *region;

	if (n > 0 && name[n - 1] == '.')
		n--;
	/* At least "x" + mid + one region label + end. */
	if (n < 1 + m + 1 + e || strncasecmp(name + n - e, end, e) != 0)
		return 0;
	/* The region is the one label between mid and end. */
	region = name + n - e;
	while (region > name && region[-1] != '.')
		region--;
	if (region == name + n - e || region - name < (ptrdiff_t)(m + 1))
		return 0;
	return strncasecmp(region - m, mid, m) == 0 && region - m > name;
}
