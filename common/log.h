/* log.h - the process log: text or JSON lines on stderr, one level threshold. */
#ifndef LAT_LOG_H
#define LAT_LOG_H

#include <stdio.h>

enum lat_log_level { LAT_LOG_DEBUG, LAT_LOG_INFO, LAT_LOG_WARN, LAT_LOG_ERROR };
enum lat_log_format { LAT_LOG_TEXT, LAT_LOG_JSON };

/*
 * Only main and the loop log; library code returns diagnostics instead.
 * The settings come from the parsed config and flags (set before threads
 * start, and again on reload); lines are written whole under a mutex so
 * worker threads never interleave. Callers never pass secrets: messages are
 * built from ids, names and diag messages, which hold none by construction.
 */
void lat_log_setup(enum lat_log_level level, enum lat_log_format format, FILE *out);
int lat_log_enabled(enum lat_log_level level);
/* event: a short stable word ("cycle", "apply", "account") that JSON consumers filter on. */
void lat_log(enum lat_log_level level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * A field of a structured line: in JSON a key of its own ("zone":"Z1",
 * "created":3), so a log pipeline filters on it; in text the message says
 * it in words. A string field whose value is NULL is left out.
 */
struct lat_log_field {
	const char *key;
	const char *s;       /* a string field, or NULL with is_int */
	long long i;
	int is_int;
};
#define LAT_LOG_S(k, v) ((struct lat_log_field){ (k), (v), 0, 0 })
#define LAT_LOG_I(k, v) ((struct lat_log_field){ (k), NULL, (long long)(v), 1 })

/* lat_log with fields; the message is still required: it is what the text format prints. */
void lat_log_fields(enum lat_log_level level, const char *event, const struct lat_log_field *f, size_t n,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "debug" ... "error" → level; returns -1 when unknown. */
int lat_log_level_parse(const char *s);
int lat_log_format_parse(const char *s);

#endif
