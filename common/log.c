/* log.c - text or JSON log lines, whole lines under a mutex. */
#include "common/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"

/* Settings derived from the parsed config; written before threads start or on reload. */
static struct {
	enum lat_log_level level;
	enum lat_log_format format;
	FILE *out;
} settings = { LAT_LOG_INFO, LAT_LOG_TEXT, NULL };

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
lat_log_setup(enum lat_log_level level, enum lat_log_format format, FILE *out)
{
	pthread_mutex_lock(&log_mu);
	settings.level = level;
	settings.format = format;
	settings.out = out;
	pthread_mutex_unlock(&log_mu);
}

int
lat_log_enabled(enum lat_log_level level)
{
	return level >= settings.level;
}

int
lat_log_level_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, level_names[i]) == 0)
			return i;
	if (strcmp(s, "warning") == 0)
		return LAT_LOG_WARN;
	return -1;
}

int
lat_log_format_parse(const char *s)
{
	if (strcmp(s, "text") == 0)
		return LAT_LOG_TEXT;
	if (strcmp(s, "json") == 0)
		return LAT_LOG_JSON;
	return -1;
}

static void
add_timestamp(struct lat_buf *b)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	lat_buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

static void
add_fields(struct lat_buf *b, const struct lat_log_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!f[i].is_int && f[i].s == NULL)
			continue;
		lat_buf_adds(b, ",\"");
		lat_buf_add_json_escaped(b, f[i].key);
		if (f[i].is_int) {
			lat_buf_addf(b, "\":%lld", f[i].i);
		} else {
			lat_buf_adds(b, "\":\"");
			lat_buf_add_json_escaped(b, f[i].s);
			lat_buf_addc(b, '"');
		}
	}
}

static void vlog(enum lat_log_level level, const char *event, const struct lat_log_field *f, size_t n,
    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void
vlog(enum lat_log_level level, const char *event, const struct lat_log_field *f, size_t n,
    const char *fmt, va_list ap)
{
	struct lat_buf msg, line;
	FILE *out;

	if (!lat_log_enabled(level))
		return;
	lat_buf_init(&msg, 256 * 1024);
	lat_buf_init(&line, 512 * 1024);
	lat_buf_vaddf(&msg, fmt, ap);
	if (settings.format == LAT_LOG_JSON) {
		lat_buf_adds(&line, "{\"ts\":\"");
		add_timestamp(&line);
		lat_buf_addf(&line, "\",\"level\":\"%s\",\"event\":\"", level_names[level]);
		lat_buf_add_json_escaped(&line, event);
		lat_buf_addc(&line, '"');
		add_fields(&line, f, n);
		lat_buf_adds(&line, ",\"msg\":\"");
		lat_buf_add_json_escaped(&line, lat_buf_str(&msg));
		lat_buf_adds(&line, "\"}\n");
	} else {
		add_timestamp(&line);
		/* One event, one line: a newline or an escape in a name from a spoke cannot forge another. */
		lat_buf_addf(&line, " %-5s %s: ", level_names[level], event);
		lat_buf_add_text_escaped(&line, lat_buf_str(&msg));
		lat_buf_addc(&line, '\n');
	}
	pthread_mutex_lock(&log_mu);
	out = settings.out ? settings.out : stderr;
	fputs(lat_buf_str(&line), out);
	fflush(out);
	pthread_mutex_unlock(&log_mu);
	lat_buf_cleanup(&msg);
	lat_buf_cleanup(&line);
}

void
lat_log(enum lat_log_level level, const char *event, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, event, NULL, 0, fmt, ap);
	va_end(ap);
}

void
lat_log_fields(enum lat_log_level level, const char *event, const struct lat_log_field *f, size_t n,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, event, f, n, fmt, ap);
	va_end(ap);
}
