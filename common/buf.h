/* buf.h - the one growable string/byte buffer of latticedns (after curl's dynbuf). */
#ifndef LAT_BUF_H
#define LAT_BUF_H

#include <stddef.h>
#include <stdarg.h>

#include "common/diag.h"

/*
 * A buffer owns its bytes. It always keeps a NUL after the content, so
 * lat_buf_str() is a valid C string. Every buffer has a hard size cap set at
 * init: an append that would pass it, or a failed allocation, frees the
 * content and leaves the buffer "failed"; later appends are no-ops that
 * return the same error, so a builder appends freely and checks once at the
 * end (lat_buf_status() or the last append's return). That is why the
 * appends are not warn_unused_result: ignoring one is safe by design.
 *
 * A zeroed struct lat_buf is a valid empty buffer with the default cap.
 */
struct lat_buf {
	char *p;       /* content, NUL-terminated; NULL while empty */
	size_t len;    /* bytes of content, without the NUL */
	size_t cap;    /* bytes allocated */
	size_t max;    /* hard cap on len; 0 means LAT_BUF_DEFAULT_MAX */
	int err;       /* 0, or the error that failed the buffer */
};

#define LAT_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

void lat_buf_init(struct lat_buf *b, size_t max);
void lat_buf_cleanup(struct lat_buf *b);      /* frees; the buffer is empty and usable again */
void lat_buf_reset(struct lat_buf *b);        /* length 0, keeps the allocation and clears err */

int lat_buf_add(struct lat_buf *b, const void *p, size_t n);
int lat_buf_adds(struct lat_buf *b, const char *s);
int lat_buf_addc(struct lat_buf *b, char c);
int lat_buf_addf(struct lat_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int lat_buf_vaddf(struct lat_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends s with JSON string escaping, without the surrounding quotes. */
int lat_buf_add_json_escaped(struct lat_buf *b, const char *s);
/*
 * Appends s for a line a person reads (the text plan, text logs): control
 * characters cannot start a forged line or drive a terminal. C0 controls and
 * DEL become \n \r \t or \xNN, C1 controls (U+0080-U+009F) \u00NN, a byte
 * that is not UTF-8 \xNN; everything else, backslash included (Route 53
 * writes "*" as \052), is kept. The one escaping of spoke-supplied text.
 */
int lat_buf_add_text_escaped(struct lat_buf *b, const char *s);
/* Appends s with XML text/attribute escaping (&, <, >, ", '). */
int lat_buf_add_xml_escaped(struct lat_buf *b, const char *s);

/* The content as a C string; "" for an empty or failed buffer. Never NULL. */
const char *lat_buf_str(const struct lat_buf *b);
/* 0, or the error that failed the buffer. */
int lat_buf_status(const struct lat_buf *b);
/*
 * Moves the content out: returns a malloc'd NUL-terminated string the caller
 * frees (an empty string for an empty buffer), or NULL if the buffer failed or
 * the allocation fails. The buffer is left empty.
 */
char *lat_buf_take(struct lat_buf *b);

#endif
