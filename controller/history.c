/* history.c - `latticedns history`: who changed a name, when, from what to what. */
#include "controller/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "common/timefmt.h"
#include "controller/config.h"
#include "controller/dnsname.h"
#include "state/store.h"

/* What the rows are printed into: text lines, or a JSON array built whole. */
struct out {
	int json;
	long n;
	struct lat_buf text;
	cJSON *arr;
};

static void
add_str(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static int
row_json(struct out *o, const struct lat_history_row *r)
{
	cJSON *e = cJSON_CreateObject();
	struct lat_buf t = { 0 };

	if (e == NULL || !cJSON_AddItemToArray(o->arr, e)) {
		cJSON_Delete(e);
		return LAT_ENOMEM;
	}
	lat_time_format_iso8601(&t, r->submitted_ms);
	add_str(e, "time", lat_buf_str(&t));
	lat_buf_cleanup(&t);
	add_str(e, "status", r->status);
	add_str(e, "zone", r->zone_id);
	add_str(e, "action", r->action);
	add_str(e, "name", r->name);
	add_str(e, "type", r->type);
	add_str(e, "before", r->before);
	add_str(e, "after", r->after);
	add_str(e, "service_arn", r->service_arn);
	add_str(e, "account", r->account);
	add_str(e, "change_id", r->change_id);
	cJSON_AddNumberToObject(e, "run", (double)r->run_id);
	return 0;
}

static int
row(void *arg, const struct lat_history_row *r)
{
	struct out *o = arg;

	o->n++;
	if (o->json)
		return row_json(o, r);
	lat_time_format_iso8601(&o->text, r->submitted_ms);
	lat_buf_addf(&o->text, "  %s %s %s  (zone %s, change %s, %s, run %lld)\n      %s -> %s\n"
	    "      service %s, account %s\n", r->action, r->type, r->name, r->zone_id, r->change_id,
	    r->status, (long long)r->run_id, r->before ? r->before : "(none)", r->after ? r->after : "(none)",
	    r->service_arn ? r->service_arn : "-", r->account ? r->account : "-");
	return lat_buf_status(&o->text);
}

/* --since: a duration back from now (24h) or an ISO 8601 time. */
static int
since_ms(const char *s, int64_t now_ms, int64_t *out, struct lat_diag *d)
{
	int64_t ms;

	*out = 0;
	if (s == NULL)
		return 0;
	if (lat_config_parse_duration(s, &ms, NULL) == 0) {
		*out = now_ms - ms;
		return 0;
	}
	if (lat_time_parse_iso8601(s, out, NULL) == 0)
		return 0;
	return lat_diag_set(d, LAT_EINVAL, "--since \"%s\": neither a duration (24h, 90m) nor an ISO 8601 time "
	    "(2024-05-01T10:00:00Z)", s);
}

/* The database the flags or the config name; a missing file is an error here, not a new database. */
static int
state_path(const struct lat_cli *cli, char **out, struct lat_diag *d)
{
	struct lat_config cfg = { 0 };
	int rc = 0;

	*out = NULL;
	if (cli->state_path != NULL) {
		*out = strdup(cli->state_path);
	} else if ((rc = lat_config_load(cli->config_path, &cfg, d)) == 0) {
		*out = cfg.state_path;
		cfg.state_path = NULL;
	} else {
		lat_diag_prefix(d, "history reads the state database the config names (or pass --state)");
	}
	lat_config_cleanup(&cfg);
	if (rc == 0 && *out == NULL)
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	if (rc == 0 && access(*out, F_OK) != 0)
		rc = lat_diag_set(d, LAT_ENOTFOUND, "state database %s does not exist: no change has been recorded "
		    "there; pass --state or -c with the controller's configuration", *out);
	return rc;
}

static int
history(const struct lat_cli *cli, int64_t now_ms, struct out *o, struct lat_diag *d)
{
	struct lat_history_query q = { .zone_id = cli->zone };
	struct lat_buf name = { 0 };
	struct lat_state *st = NULL;
	char *path = NULL;
	int rc;

	if (cli->zone != NULL && strncmp(cli->zone, "/hostedzone/", 12) == 0)
		q.zone_id = cli->zone + 12;
	if (cli->name != NULL) {
		lat_dnsname_normalize(cli->name, &name);
		if (lat_buf_status(&name) != 0) {
			rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
			goto out;
		}
		q.name = lat_buf_str(&name);
	}
	if ((rc = since_ms(cli->since, now_ms, &q.since_ms, d)) != 0 || (rc = state_path(cli, &path, d)) != 0 ||
	    (rc = lat_state_open(path, &st, d)) != 0)
		goto out;
	rc = lat_state_history(st, &q, row, o, d);
out:
	lat_state_close(st);
	free(path);
	lat_buf_cleanup(&name);
	return rc;
}

int
lat_history_run(const struct lat_cli *cli, int64_t now_ms)
{
	struct out o = { .json = cli->output == LAT_OUT_JSON };
	struct lat_diag d = { 0 };
	int rc;

	if (o.json && (o.arr = cJSON_CreateArray()) == NULL) {
		fprintf(stderr, "latticedns history: out of memory\n");
		return LAT_EXIT_FATAL;
	}
	rc = history(cli, now_ms, &o, &d);
	if (rc != 0) {
		fprintf(stderr, "latticedns history: %s\n", lat_diag_msg(&d));
	} else if (o.json) {
		char *text = cJSON_Print(o.arr);

		if (text == NULL) {
			fprintf(stderr, "latticedns history: out of memory\n");
			rc = LAT_ENOMEM;
		} else {
			printf("%s\n", text);
		}
		free(text);
	} else if (o.n == 0) {
		fputs("no recorded change matches\n", stdout);
	} else {
		fputs(lat_buf_str(&o.text), stdout);
	}
	cJSON_Delete(o.arr);
	lat_buf_cleanup(&o.text);
	lat_diag_cleanup(&d);
	return rc == 0 ? LAT_EXIT_OK : LAT_EXIT_FATAL;
}
