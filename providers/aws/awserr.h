/* awserr.h - what AWS said in an error answer, for each of the four protocols. */
#ifndef LAT_AWSERR_H
#define LAT_AWSERR_H

#include "common/diag.h"
#include "providers/aws/client.h"
#include "providers/aws/http.h"

/*
 * Fills e->status, e->code, e->message and e->request_id from an error
 * response (any non-2xx). Never fails: a body that cannot be read leaves
 * the code NULL, and the caller words the message from the status.
 * Query and REST-XML: <ErrorResponse><Error><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>, and Route 53's <InvalidChangeBatch> with its
 * <Messages> (joined by "; "). REST-JSON: the x-amzn-ErrorType header, or
 * "__type"/"code" in the body. JSON 1.1: "__type". Codes lose any
 * "namespace#" prefix and ":suffix".
 */
void lat_awserr_parse(enum lat_aws_protocol proto, const struct lat_http_response *resp,
    struct lat_aws_error *e);

#endif
