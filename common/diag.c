/* diag.c - first-error-wins diagnostics and the AWS error record. */
#include "common/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

const char *
lat_err_name(int err)
{
	switch (err) {
	case LAT_OK: return "OK";
	case LAT_ENOMEM: return "ENOMEM";
	case LAT_EINVAL: return "EINVAL";
	case LAT_ELIMIT: return "ELIMIT";
	case LAT_EIO: return "EIO";
	case LAT_EPARSE: return "EPARSE";
	case LAT_ECONFIG: return "ECONFIG";
	case LAT_ETRANSPORT: return "ETRANSPORT";
	case LAT_EAWS: return "EAWS";
	case LAT_ECREDS: return "ECREDS";
	case LAT_ESTATE: return "ESTATE";
	case LAT_ENOTFOUND: return "ENOTFOUND";
	case LAT_ECANCELED: return "ECANCELED";
	case LAT_EBUSY: return "EBUSY";
	}
	return "EUNKNOWN";
}

struct lat_aws_error *
lat_aws_error_new(void)
{
	return calloc(1, sizeof(struct lat_aws_error));
}

void
lat_aws_error_free(struct lat_aws_error *e)
{
	if (!e)
		return;
	free(e->operation);
	free(e->endpoint);
	free(e->account);
	free(e->code);
	free(e->message);
	free(e->request_id);
	free(e);
}

void
lat_diag_init(struct lat_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void
lat_diag_cleanup(struct lat_diag *d)
{
	if (!d)
		return;
	free(d->msg);
	lat_aws_error_free(d->aws);
	memset(d, 0, sizeof(*d));
}

int
lat_diag_set(struct lat_diag *d, int err, const char *fmt, ...)
{
	struct lat_buf b;
	va_list ap;

	if (!d || d->err)
		return err;
	d->err = err;
	lat_buf_init(&b, 64 * 1024);
	va_start(ap, fmt);
	lat_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* On allocation failure the message is lost but the code is kept. */
	d->msg = lat_buf_take(&b);
	return err;
}

void
lat_diag_prefix(struct lat_diag *d, const char *fmt, ...)
{
	struct lat_buf b;
	va_list ap;

	if (!d || !d->err)
		return;
	lat_buf_init(&b, 64 * 1024);
	va_start(ap, fmt);
	lat_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	lat_buf_adds(&b, ": ");
	lat_buf_adds(&b, d->msg ? d->msg : lat_err_name(d->err));
	if (lat_buf_status(&b) == 0) {
		free(d->msg);
		d->msg = lat_buf_take(&b);
	} else {
		lat_buf_cleanup(&b);
	}
}

void
lat_diag_move(struct lat_diag *dst, struct lat_diag *src)
{
	if (!dst->err) {
		*dst = *src;
		memset(src, 0, sizeof(*src));
	} else {
		lat_diag_cleanup(src);
	}
}

const char *
lat_diag_msg(const struct lat_diag *d)
{
	return d && d->msg ? d->msg : "";
}
