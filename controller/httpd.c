/* httpd.c - /metrics, /healthz and /readyz on libmicrohttpd's own thread. */
#include "controller/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "controller/metrics.h"
#include "common/clock.h"

struct lat_httpd {
	struct lat_httpd_opts o;
	struct MHD_Daemon *mhd;
	int fd;
	char *bound;
};

/* A page larger than this is a bug (the registry holds a few hundred series), not a scrape to serve. */
#define PAGE_MAX ((size_t)8 * 1024 * 1024)

static const char usage_ipv[] = "write it as HOST:PORT with a numeric address, :PORT for every interface, "
    "or [IPv6]:PORT, e.g. :7979 or 127.0.0.1:7979";

int
lat_httpd_parse_address(const char *s, struct sockaddr_storage *out, socklen_t *len, struct lat_diag *d)
{
	const char *colon = strrchr(s, ':');
	char *host = NULL, *end = NULL;
	long port;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (colon == NULL || colon[1] == '\0')
		return lat_diag_set(d, LAT_EINVAL, "metrics address \"%s\": no port; %s", s, usage_ipv);
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || port < 0 || port > 65535)
		return lat_diag_set(d, LAT_EINVAL, "metrics address \"%s\": port \"%s\" is not 0-65535; %s",
		    s, colon + 1, usage_ipv);
	if (colon == s) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;

		a6->sin6_family = AF_INET6;
		a6->sin6_addr = in6addr_any;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return 0;
	}
	if (s[0] == '[' && colon > s + 1 && colon[-1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;

		host = strndup(s + 1, (size_t)(colon - s - 2));
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		if (host != NULL && inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			rc = lat_diag_set(d, LAT_EINVAL, "metrics address \"%s\": \"%s\" is not an IPv6 address; %s",
			    s, host, usage_ipv);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)out;

		host = strndup(s, (size_t)(colon - s));
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof(*a4);
		if (host != NULL && inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			rc = lat_diag_set(d, LAT_EINVAL, "metrics address \"%s\": \"%s\" is not a numeric IPv4 address; %s",
			    s, host, usage_ipv);
	}
	if (host == NULL)
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	free(host);
	return rc;
}

static enum MHD_Result
reply(struct MHD_Connection *conn, unsigned int status, const char *type, struct lat_buf *body)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (lat_buf_status(body) != 0) {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		lat_buf_cleanup(body);
		lat_buf_adds(body, "out of memory\n");
	}
	r = MHD_create_response_from_buffer(body->len, (void *)lat_buf_str(body), MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* /healthz and /readyz: "ok", or 503 with the reason, so `kubectl describe` shows why. */
static enum MHD_Result
verdict(struct MHD_Connection *conn, int good, struct lat_buf *why)
{
	struct lat_buf b = { 0 };
	enum MHD_Result ret;

	if (good)
		lat_buf_adds(&b, "ok\n");
	else
		lat_buf_addf(&b, "%s\n", lat_buf_str(why));
	ret = reply(conn, good ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", &b);
	lat_buf_cleanup(&b);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method, const char *version,
    const char *upload, size_t *upload_size, void **req_cls)
{
	struct lat_httpd *h = cls;
	struct lat_buf b, why = { 0 };
	enum MHD_Result ret;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)req_cls;
	lat_buf_init(&b, PAGE_MAX);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		lat_buf_adds(&b, "only GET and HEAD\n");
		ret = reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", &b);
	} else if (strcmp(url, "/metrics") == 0) {
		lat_metrics_format(h->o.metrics, &b);
		ret = reply(conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", &b);
	} else if (strcmp(url, "/healthz") == 0) {
		int64_t now = h->o.clock->now_ms(h->o.clock->ctx);

		ret = verdict(conn, lat_metrics_live(h->o.metrics, now, &why), &why);
	} else if (strcmp(url, "/readyz") == 0) {
		ret = verdict(conn, lat_metrics_ready(h->o.metrics, &why), &why);
	} else {
		lat_buf_adds(&b, "not found; the endpoints are /metrics, /healthz and /readyz\n");
		ret = reply(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", &b);
	}
	lat_buf_cleanup(&b);
	lat_buf_cleanup(&why);
	return ret;
}

/* Binds the socket here, not in libmicrohttpd, so a port in use is reported with its cause. */
static int
listen_on(const char *addr, const struct sockaddr_storage *ss, socklen_t len, int *fd, struct lat_diag *d)
{
	int one = 1, zero = 0;

	*fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*fd < 0)
		return lat_diag_set(d, LAT_EIO, "metrics address \"%s\": socket: %s", addr, strerror(errno));
	setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* ":PORT" means every interface: IPv4 too on the IPv6 socket. */
	if (ss->ss_family == AF_INET6)
		setsockopt(*fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(*fd, (const struct sockaddr *)ss, len) != 0 || listen(*fd, 64) != 0) {
		int e = errno;

		close(*fd);
		*fd = -1;
		return lat_diag_set(d, LAT_EIO, "metrics address \"%s\": %s%s", addr, strerror(e),
		    e == EADDRINUSE ? "; another process listens there: pick another port (--metrics-address)" : "");
	}
	return 0;
}

static char *
bound_name(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char ip[INET6_ADDRSTRLEN] = "";
	struct lat_buf b = { 0 };

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return NULL;
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		lat_buf_addf(&b, "[%s]:%u", ip, (unsigned)ntohs(a->sin6_port));
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		lat_buf_addf(&b, "%s:%u", ip, (unsigned)ntohs(a->sin_port));
	}
	return lat_buf_take(&b);
}

int
lat_httpd_start(const struct lat_httpd_opts *o, struct lat_httpd **out, struct lat_diag *d)
{
	struct lat_httpd *h = calloc(1, sizeof(*h));
	struct sockaddr_storage ss;
	socklen_t len = 0;
	int rc;

	*out = NULL;
	if (h == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	h->o = *o;
	h->fd = -1;
	if ((rc = lat_httpd_parse_address(o->address, &ss, &len, d)) != 0)
		goto fail;
	if ((rc = listen_on(o->address, &ss, len, &h->fd, d)) != 0 && o->address[0] == ':') {
		/*
		 * ":PORT" on a host (or pod) without IPv6: every IPv4 interface
		 * is what was meant. The IPv4 attempt's error, if any, is the one reported.
		 */
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
		uint16_t port = ((struct sockaddr_in6 *)&ss)->sin6_port;

		memset(&ss, 0, sizeof(ss));
		a4->sin_family = AF_INET;
		a4->sin_addr.s_addr = htonl(INADDR_ANY);
		a4->sin_port = port;
		lat_diag_cleanup(d);
		rc = listen_on(o->address, &ss, sizeof(*a4), &h->fd, d);
	}
	if (rc != 0)
		goto fail;
	if ((h->bound = bound_name(h->fd)) == NULL) {
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
		goto fail;
	}
	/* A scrape that stalls is dropped after 10 s; a handful of scrapers at once is plenty. */
	h->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL, handle, h,
	    MHD_OPTION_LISTEN_SOCKET, h->fd, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)32, MHD_OPTION_END);
	if (h->mhd == NULL) {
		rc = lat_diag_set(d, LAT_EIO, "metrics address \"%s\": the HTTP server did not start", o->address);
		goto fail;
	}
	*out = h;
	return 0;
fail:
	lat_httpd_stop(h);
	return rc;
}

const char *
lat_httpd_address(const struct lat_httpd *h)
{
	return h->bound;
}

void
lat_httpd_stop(struct lat_httpd *h)
{
	if (h == NULL)
		return;
	if (h->mhd != NULL)
		MHD_stop_daemon(h->mhd);   /* closes the listen socket it was given */
	else if (h->fd >= 0)
		close(h->fd);
	free(h->bound);
	free(h);
}
