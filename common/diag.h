/* diag.h - error codes and the diagnostic a failing call writes its one message into. */
#ifndef LAT_DIAG_H
#define LAT_DIAG_H

#include <stddef.h>

#define LAT_WUR __attribute__((warn_unused_result))

/* Internal functions that unit tests reach: static in release builds. */
#ifdef LAT_TESTING
#define LAT_TESTABLE
#else
#define LAT_TESTABLE static
#endif

/*
 * Functions return int: 0 on success, a negative enum lat_err on failure.
 * Results go through out-parameters.
 */
enum lat_err {
	LAT_OK = 0,
	LAT_ENOMEM = -1,     /* allocation failed */
	LAT_EINVAL = -2,     /* bad argument or input */
	LAT_ELIMIT = -3,     /* a size cap was reached */
	LAT_EIO = -4,        /* file or socket I/O */
	LAT_EPARSE = -5,     /* malformed XML/JSON/YAML/INI */
	LAT_ECONFIG = -6,    /* invalid configuration */
	LAT_ETRANSPORT = -7, /* connection, TLS, timeout: no HTTP answer */
	LAT_EAWS = -8,       /* AWS answered with an error (see lat_diag.aws) */
	LAT_ECREDS = -9,     /* no credentials could be found or refreshed */
	LAT_ESTATE = -10,    /* state database */
	LAT_ENOTFOUND = -11, /* the thing asked for does not exist */
	LAT_ECANCELED = -12, /* stopped by a signal or the caller */
	LAT_EBUSY = -13,     /* another holder has the lock */
};

const char *lat_err_name(int err); /* "ENOMEM", ... for logs */

/*
 * What AWS said when a call failed. Plain data, so that it can travel in a
 * diag up to the controller, which decides (hold an account, split a batch)
 * on the code. Parsed by providers/aws/awserr.c. All strings owned, any may
 * be NULL.
 */
struct lat_aws_error {
	char *operation;   /* "route53 ChangeResourceRecordSets" style: service and operation */
	char *endpoint;    /* host the call went to */
	char *account;     /* account id the call acted in, when known */
	long status;       /* HTTP status; 0 when no answer */
	char *code;        /* AWS error code: "Throttling", "InvalidChangeBatch", ... */
	char *message;     /* AWS's message (InvalidChangeBatch: "[m1, m2]", in either wire form) */
	char *request_id;  /* x-amzn-RequestId or the body's RequestId */
	int attempts;      /* how many attempts were made */
	long retry_after_s; /* a JSON body's retryAfterSeconds (Lattice's ThrottlingException); 0 when absent */
};

struct lat_aws_error *lat_aws_error_new(void);
void lat_aws_error_free(struct lat_aws_error *e);

/*
 * The first error wins (curl's failf): the message is written once, where
 * the cause is known, and callers above only add context with
 * lat_diag_prefix(). A zeroed struct is a valid empty diag.
 *
 * Secrets never go into a diag: callers format ids and names, never keys,
 * tokens or signatures.
 */
struct lat_diag {
	int err;                    /* 0 or the first enum lat_err set */
	char *msg;                  /* owned; NULL until set */
	struct lat_aws_error *aws;  /* owned; set when err == LAT_EAWS (and for retried throttles) */
};

void lat_diag_init(struct lat_diag *d);
void lat_diag_cleanup(struct lat_diag *d);  /* frees; the diag is empty again */
/* Sets err and the message unless d already holds an error. Returns err. d may be NULL. */
int lat_diag_set(struct lat_diag *d, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prepends "<prefix>: " to the message already set (no-op when none). */
void lat_diag_prefix(struct lat_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Moves src's content into dst (if dst is empty) and empties src. */
void lat_diag_move(struct lat_diag *dst, struct lat_diag *src);
/* The message, or "" when none. Never NULL. */
const char *lat_diag_msg(const struct lat_diag *d);

#endif
