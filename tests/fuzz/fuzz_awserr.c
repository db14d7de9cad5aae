/* fuzz_awserr.c - libFuzzer: an AWS error answer through lat_awserr_parse, for each protocol. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/diag.h"
#include "providers/aws/awserr.h"
#include "providers/aws/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lat_http_header h = { (char *)"x-amzn-ErrorType", NULL };
	struct lat_http_response resp = { .status = 400 };
	struct lat_aws_error *e;
	size_t hlen = 0;

	if (size < 1)
		return 0;
	/* Byte 0: protocol and status; with bit 7, the body up to the first newline is the header's value. */
	resp.status = (data[0] & 0x40) ? 503 : 400;
	if (data[0] & 0x80) {
		const uint8_t *nl = memchr(data + 1, '\n', size - 1);

		hlen = nl ? (size_t)(nl - (data + 1)) : size - 1;
		if ((h.value = strndup((const char *)data + 1, hlen)) == NULL)
			return 0;
		resp.headers = &h;
		resp.nheaders = 1;
		hlen++;
	}
	if (1 + hlen < size)
		lat_buf_add(&resp.body, data + 1 + hlen, size - 1 - hlen);
	if ((e = lat_aws_error_new()) != NULL) {
		lat_awserr_parse((enum lat_aws_protocol)(data[0] % 4), &resp, e);
		lat_aws_error_free(e);
	}
	lat_buf_cleanup(&resp.body);
	free(h.value);
	return 0;
}
