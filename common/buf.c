/* buf.c - the growable buffer: append, cap, take. */
#include "common/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
lat_buf_init(struct lat_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
lat_buf_cleanup(struct lat_buf *b)
{
	size_t max = b->max;

	free(b->p);
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
lat_buf_reset(struct lat_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->p)
		b->p[0] = '\0';
}

static int
fail(struct lat_buf *b, int err)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = err;
	return err;
}

/* Makes room for n more bytes plus the NUL. */
static int
grow(struct lat_buf *b, size_t n)
{
	size_t max = b->max ? b->max : LAT_BUF_DEFAULT_MAX;
	size_t need, ncap;
	char *np;

	if (b->err)
		return b->err;
	if (n > max || b->len > max - n)
		return fail(b, LAT_ELIMIT);
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	if (ncap > max + 1)
		ncap = max + 1;
	np = realloc(b->p, ncap);
	if (!np)
		return fail(b, LAT_ENOMEM);
	b->p = np;
	b->cap = ncap;
	return 0;
}

int
lat_buf_add(struct lat_buf *b, const void *p, size_t n)
{
	int rc = grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
lat_buf_adds(struct lat_buf *b, const char *s)
{
	return lat_buf_add(b, s, strlen(s));
}

int
lat_buf_addc(struct lat_buf *b, char c)
{
	return lat_buf_add(b, &c, 1);
}

int
lat_buf_vaddf(struct lat_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	if (b->err)
		return b->err;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return fail(b, LAT_EINVAL);
	if ((rc = grow(b, (size_t)n)) != 0)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
lat_buf_addf(struct lat_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lat_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int
lat_buf_add_json_escaped(struct lat_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u; u++) {
		switch (*u) {
		case '"': lat_buf_add(b, "\\\"", 2); break;
		case '\\': lat_buf_add(b, "\\\\", 2); break;
		case '\n': lat_buf_add(b, "\\n", 2); break;
		case '\r': lat_buf_add(b, "\\r", 2); break;
		case '\t': lat_buf_add(b, "\\t", 2); break;
		default:
			if (*u < 0x20)
				lat_buf_addf(b, "\\u%04x", *u);
			else
				lat_buf_addc(b, (char)*u);
		}
	}
	return b->err;
}

/* The length of the valid UTF-8 sequence at u (1-4), or 0 when it is not one. */
static size_t
utf8_len(const unsigned char *u)
{
	size_t n;
	unsigned min;
	unsigned cp;

	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2, min = 0x80, cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, min = 0x800, cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, min = 0x10000, cp = u[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
lat_buf_add_text_escaped(struct lat_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		size_t n = utf8_len(u);

		if (*u == '\n')
			lat_buf_add(b, "\\n", 2);
		else if (*u == '\r')
			lat_buf_add(b, "\\r", 2);
		else if (*u == '\t')
			lat_buf_add(b, "\\t", 2);
		else if (*u < 0x20 || *u == 0x7f || n == 0)
			lat_buf_addf(b, "\\x%02x", *u);
		else if (n == 2 && u[0] == 0xc2 && u[1] < 0xa0)
			lat_buf_addf(b, "\\u%04x", u[1]);
		else
			lat_buf_add(b, u, n);
		u += n ? n : 1;
	}
	return b->err;
}

int
lat_buf_add_xml_escaped(struct lat_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': lat_buf_adds(b, "&amp;"); break;
		case '<': lat_buf_adds(b, "&lt;"); break;
		case '>': lat_buf_adds(b, "&gt;"); break;
		case '"': lat_buf_adds(b, "&quot;"); break;
		case '\'': lat_buf_adds(b, "&apos;"); break;
		default: lat_buf_addc(b, *s);
		}
	}
	return b->err;
}

const char *
lat_buf_str(const struct lat_buf *b)
{
	return b->p ? b->p : "";
}

int
lat_buf_status(const struct lat_buf *b)
{
	return b->err;
}

char *
lat_buf_take(struct lat_buf *b)
{
	char *p;

	if (b->err) {
		lat_buf_cleanup(b);
		return NULL;
	}
	p = b->p ? b->p : strdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}
