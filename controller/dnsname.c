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

/* The label of n bytes at name + at: 0, or -1 with why set. */
static int
check_label(const char *name, size_t at, size_t n, struct lat_buf *why)
{
	const char *l = name + at;

	if (n == 0) {
		lat_buf_adds(why, "has an empty label (a dot at the start or two dots in a row); separate labels "
		    "with single dots, like payments.corp.internal");
		return -1;
	}
	if (n > 63) {
		lat_buf_addf(why, "has a label of %zu characters; a DNS label holds at most 63", n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)l[i];

		if (c == '*') {
			lat_buf_adds(why, "holds a wildcard, which means nothing here: a domain already allows its "
			    "subdomains; write the domain itself, like corp.internal");
			return -1;
		}
		if (!isalnum(c) && c != '-' && c != '_') {
			lat_buf_addf(why, "has a character a DNS name cannot hold (byte 0x%02x at position %zu); use "
			    "letters, digits, '-' and '_' between dots", c, at + i + 1);
			return -1;
		}
	}
	if (l[0] == '-' || l[n - 1] == '-') {
		lat_buf_addf(why, "has a label that starts or ends with '-' (\"%.*s\"); a label begins and ends "
		    "with a letter or digit", (int)n, l);
		return -1;
	}
	return 0;
}

int
lat_dnsname_check(const char *name, struct lat_buf *why)
{
	size_t n = strlen(name);

	if (n == 0) {
		lat_buf_adds(why, "is empty; write the domain this account may use, like payments.corp.internal");
		return -1;
	}
	if (strcmp(name, ".") == 0) {
		lat_buf_adds(why, "is the DNS root, which would allow every name; write the domain this account "
		    "may use, like payments.corp.internal");
		return -1;
	}
	if (name[n - 1] == '.')
		n--;
	if (n > 253) {
		lat_buf_addf(why, "is %zu characters long; a DNS name holds at most 253", n);
		return -1;
	}
	for (size_t start = 0;;) {
		const char *dot = memchr(name + start, '.', n - start);
		size_t len = dot ? (size_t)(dot - (name + start)) : n - start;

		if (check_label(name, start, len, why) != 0)
			return -1;
		if (dot == NULL)
			return 0;
		start += len + 1;
	}
}

static int lattice_under(const char *name, const char *mid);

int
lat_dnsname_is_lattice(const char *name)
{
	/* A service's generated name, or (issue 12) a resource configuration association's. */
	return lattice_under(name, ".vpc-lattice-svcs.") || lattice_under(name, ".vpc-lattice-rsc.");
}

static int
lattice_under(const char *name, const char *mid)
{
	static const char end[] = ".on.aws";
	size_t n = name ? strlen(name) : 0, e = sizeof(end) - 1, m = strlen(mid);
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
