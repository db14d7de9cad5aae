/* httpd.h - the metrics and health endpoint: /metrics, /healthz, /readyz over libmicrohttpd. */
#ifndef LAT_HTTPD_H
#define LAT_HTTPD_H

#include <stdint.h>
#include <sys/socket.h>

#include "common/diag.h"

struct lat_metrics;
struct lat_clock;

/*
 * Serves the registry on its own thread (libmicrohttpd's internal polling
 * thread): a scrape never waits for a cycle, and a cycle never waits for a
 * scrape, as the registry holds its mutex only while copying numbers.
 * Everything borrowed must outlive lat_httpd_stop().
 */
struct lat_httpd_opts {
	const char *address;             /* "HOST:PORT", ":PORT" (every interface) or "[V6]:PORT"; port 0: any free one */
	struct lat_metrics *metrics;
	const struct lat_clock *clock;   /* for the liveness verdict */
};

struct lat_httpd;

/* Parses the address and binds; d names the address and the fix (port in use, not an IP). */
LAT_WUR int lat_httpd_start(const struct lat_httpd_opts *o, struct lat_httpd **out, struct lat_diag *d);
/* The address actually bound ("127.0.0.1:40123"), for the start line. */
const char *lat_httpd_address(const struct lat_httpd *h);
/* Stops the thread and closes the socket; NULL is fine. */
void lat_httpd_stop(struct lat_httpd *h);

/*
 * "HOST:PORT" into a socket address: HOST a numeric IPv4 address, "[IPv6]",
 * or empty for every interface (IPv6 and IPv4 when the host has IPv6).
 * Returns 0, or LAT_EINVAL with d naming the address and the fix. The
 * config check uses it too, so a bad address fails --check-config.
 */
LAT_WUR int lat_httpd_parse_address(const char *s, struct sockaddr_storage *out, socklen_t *len,
    struct lat_diag *d);

#endif
