/* test_store.c - the SQLite state: private file, migrations, the run lock, the ledger, runs and the journal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "state/store.h"

#ifndef LAT_SOURCE_DIR
#define LAT_SOURCE_DIR "."
#endif

struct db {
	char dir[64];
	char path[128];
};

static void
db_init(struct db *x)
{
	snprintf(x->dir, sizeof(x->dir), "/tmp/lat-store-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/state.db", x->dir);
}

static void
db_cleanup(struct db *x)
{
	char p[160];

	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", x->path, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(p);
	}
	rmdir(x->dir);
}

/* One value from the file, read behind the store's back, as an operator with sqlite3 would. */
static long long
query_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static int
nmigrations(void)
{
	int n = 0;

	while (lat_state_migration(n) != NULL)
		n++;
	return n;
}

static void
test_file_is_private_and_migrated(void **state)
{
	struct db x;
	struct lat_state *st;
	struct stat sb;
	mode_t old = umask(0);     /* even with a permissive umask */

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	umask(old);
	assert_int_equal(stat(x.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(lat_state_version(st), nmigrations());
	lat_state_close(st);
	/* Opening again migrates nothing and keeps the version. */
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	assert_int_equal(lat_state_version(st), nmigrations());
	lat_state_close(st);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
	    "('owned_records','inventory','runs','run_api_calls','change_journal','run_lock','change_records')"), 7);
	db_cleanup(&x);
}

/* A database of the first release gains the audit trail and keeps its rows. */
static void
test_version_1_database_is_migrated(void **state)
{
	struct db x;
	struct lat_state *st;
	sqlite3 *db;

	(void)state;
	db_init(&x);
	assert_int_equal(sqlite3_open(x.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, lat_state_migration(0), NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1; INSERT INTO runs (mode, started_ms) "
	    "VALUES ('apply', 1)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	assert_int_equal(lat_state_version(st), nmigrations());
	lat_state_close(st);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM change_records"), 0);
	db_cleanup(&x);
}

static void
test_newer_schema_is_refused(void **state)
{
	struct db x;
	struct lat_state *st;
	struct lat_diag d = { 0 };
	sqlite3 *db;

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	lat_state_close(st);
	assert_int_equal(sqlite3_open(x.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lat_state_open(x.path, &st, &d), LAT_ESTATE);
	assert_non_null(strstr(lat_diag_msg(&d), x.path));
	assert_non_null(strstr(lat_diag_msg(&d), "99"));
	lat_diag_cleanup(&d);
	db_cleanup(&x);
}

static void
test_not_a_database_is_named(void **state)
{
	struct db x;
	struct lat_state *st;
	struct lat_diag d = { 0 };
	FILE *f;

	(void)state;
	db_init(&x);
	assert_non_null(f = fopen(x.path, "w"));
	fputs("this is a text file, not a database, and it is long enough to have a header........", f);
	fclose(f);
	assert_int_equal(lat_state_open(x.path, &st, &d), LAT_ESTATE);
	assert_non_null(strstr(lat_diag_msg(&d), x.path));
	assert_non_null(strstr(lat_diag_msg(&d), "not an SQLite database"));
	lat_diag_cleanup(&d);
	db_cleanup(&x);
}

static int
is_sql(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0;
}

/* The files of schemas/migrations/, sorted: migration i is file i. */
static int
migration_files(struct dirent ***list)
{
	char dir[512];
	int n;

	snprintf(dir, sizeof(dir), "%s/schemas/migrations", LAT_SOURCE_DIR);
	n = scandir(dir, list, is_sql, alphasort);
	assert_true(n > 0);
	return n;
}

static char *
slurp(const char *path)
{
	char *text;
	FILE *f;
	long n;

	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_non_null(text = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static void
test_embedded_migration_is_the_schemas_file(void **state)
{
	struct dirent **files;
	int n = migration_files(&files);

	(void)state;
	for (int i = 0; i < n; i++) {
		char path[768], *text;

		snprintf(path, sizeof(path), "%s/schemas/migrations/%s", LAT_SOURCE_DIR, files[i]->d_name);
		text = slurp(path);
		assert_non_null(lat_state_migration(i));
		if (strcmp(lat_state_migration(i), text) != 0)
			fail_msg("the migration embedded in state/store.c at %d is not %s", i, path);
		free(text);
		free(files[i]);
	}
	free(files);
	assert_null(lat_state_migration(n));
}

struct seen_rows {
	int n;
	char what[4][160];
};

static int
collect_row(void *arg, const struct lat_history_row *r)
{
	struct seen_rows *s = arg;

	if (s->n < 4)
		snprintf(s->what[s->n], sizeof(s->what[0]), "%s %s %s %s|%s|%s %s", r->action, r->type, r->name,
		    r->before ? r->before : "-", r->after ? r->after : "-", r->change_id, r->status);
	s->n++;
	return 0;
}

static void
test_history_filters_and_orders_the_trail(void **state)
{
	struct db x;
	struct lat_state *st;
	int64_t run;
	struct lat_journal_change c1 = { "C1", 0, "Z1", "api.corp.internal.", "A", "create", NULL, "alias a.on.aws",
		"arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1", "111122223333" };
	struct lat_journal_change c2 = { "C2", 0, "Z1", "api.corp.internal.", "A", "update", "10.0.0.1 TTL 60",
		"alias a.on.aws", NULL, NULL };
	struct lat_journal_change c3 = { "C2", 1, "Z1", "web.corp.internal.", "A", "delete", "alias w.on.aws", NULL,
		NULL, NULL };
	struct seen_rows seen = { 0 };
	struct lat_history_query all = { 0 }, api = { .name = "api.corp.internal." }, late = { .since_ms = 2500 },
		other = { .zone_id = "Z2" };

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	assert_int_equal(lat_state_run_begin(st, 1000, "apply", &run, NULL), 0);
	assert_int_equal(lat_state_journal_add(st, run, "Z1", 1, "C1", "INSYNC", "", 2000, NULL), 0);
	assert_int_equal(lat_state_journal_change(st, &c1, NULL), 0);
	assert_int_equal(lat_state_journal_add(st, run, "Z1", 2, "C2", "PENDING", "", 3000, NULL), 0);
	assert_int_equal(lat_state_journal_change(st, &c3, NULL), 0);
	assert_int_equal(lat_state_journal_change(st, &c2, NULL), 0);
	assert_int_equal(lat_state_history(st, &all, collect_row, &seen, NULL), 0);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.what[0], "create A api.corp.internal. -|alias a.on.aws|C1 INSYNC");
	assert_string_equal(seen.what[1], "update A api.corp.internal. 10.0.0.1 TTL 60|alias a.on.aws|C2 PENDING");
	assert_string_equal(seen.what[2], "delete A web.corp.internal. alias w.on.aws|-|C2 PENDING");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(lat_state_history(st, &api, collect_row, &seen, NULL), 0);
	assert_int_equal(seen.n, 2);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(lat_state_history(st, &late, collect_row, &seen, NULL), 0);
	assert_int_equal(seen.n, 2);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(lat_state_history(st, &other, collect_row, &seen, NULL), 0);
	assert_int_equal(seen.n, 0);
	lat_state_close(st);
	db_cleanup(&x);
}

/* Writes behind the store's back, as a crashed holder or an operator with sqlite3 would leave it. */
static void
exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int
lock_at(struct lat_state *st, int64_t now_ms, int64_t interval_ms, struct lat_buf *taken, struct lat_diag *d)
{
	struct lat_lock_req r = { .owner = "latticedns", .now_ms = now_ms, .interval_ms = interval_ms };

	return lat_state_lock(st, &r, taken, d);
}

#define T0 1700000000000LL
#define MIN_MS (60 * 1000LL)

static void
test_run_lock_excludes_a_second_controller(void **state)
{
	struct db x;
	struct lat_state *a, *b;
	struct lat_diag d = { 0 };
	struct lat_buf taken = { 0 };

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &a, NULL), 0);
	assert_int_equal(lat_state_open(x.path, &b, NULL), 0);
	assert_int_equal(lock_at(a, T0, MIN_MS, &taken, NULL), 0);
	assert_int_equal(taken.len, 0);
	/* Same process, another open (as two pods that are both pid 1 look): still excluded. */
	assert_int_equal(lock_at(b, T0 + 1000, MIN_MS, NULL, &d), LAT_EBUSY);
	assert_non_null(strstr(lat_diag_msg(&d), "is in use by latticedns@"));
	assert_non_null(strstr(lat_diag_msg(&d), "last seen 1 s ago; it is stale after 900 s"));
	assert_non_null(strstr(lat_diag_msg(&d), "two controllers must not share one database"));
	assert_non_null(strstr(lat_diag_msg(&d), "latticedns unlock"));
	lat_diag_cleanup(&d);
	/* The holder refreshes it (the heartbeat); later the other still cannot take it. */
	assert_int_equal(lock_at(a, T0 + 10 * MIN_MS, MIN_MS, &taken, NULL), 0);
	assert_int_equal(taken.len, 0);
	assert_int_equal(lock_at(b, T0 + 20 * MIN_MS, MIN_MS, NULL, NULL), LAT_EBUSY);
	/* Not refreshed for 15 minutes (3 intervals are less): its holder is gone; taken over, and said so. */
	assert_int_equal(lock_at(b, T0 + 26 * MIN_MS, MIN_MS, &taken, NULL), 0);
	assert_non_null(strstr(lat_buf_str(&taken), "latticedns@"));
	assert_non_null(strstr(lat_buf_str(&taken), "last seen 960 s ago"));
	lat_buf_cleanup(&taken);
	/* The old holder's unlock does not release the new holder's lock. */
	lat_state_unlock(a);
	assert_int_equal(lock_at(a, T0 + 27 * MIN_MS, MIN_MS, NULL, NULL), LAT_EBUSY);
	lat_state_unlock(b);
	assert_int_equal(lock_at(a, T0 + 28 * MIN_MS, MIN_MS, &taken, NULL), 0);
	assert_int_equal(taken.len, 0);          /* a released lock is taken, not taken over */
	lat_state_close(a);
	lat_state_close(b);
	db_cleanup(&x);
}

static void
test_run_lock_is_judged_by_the_holders_interval(void **state)
{
	struct db x;
	struct lat_state *daemon, *once;
	struct lat_diag d = { 0 };
	struct lat_buf taken = { 0 };

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &daemon, NULL), 0);
	assert_int_equal(lat_state_open(x.path, &once, NULL), 0);
	/* A live --interval 1h daemon: a --once (60 s) 16 minutes after its last cycle must not take it. */
	assert_int_equal(lock_at(daemon, T0, 60 * MIN_MS, NULL, NULL), 0);
	assert_int_equal(query_int(x.path, "SELECT interval_ms FROM run_lock"), 60 * MIN_MS);
	assert_int_equal(lock_at(once, T0 + 16 * MIN_MS, MIN_MS, NULL, &d), LAT_EBUSY);
	assert_non_null(strstr(lat_diag_msg(&d), "stale after 10800 s without a refresh (3 of its 3600 s"));
	lat_diag_cleanup(&d);
	assert_int_equal(lock_at(once, T0 + 179 * MIN_MS, MIN_MS, NULL, NULL), LAT_EBUSY);
	/* Three of the holder's intervals without a heartbeat: taken over. */
	assert_int_equal(lock_at(once, T0 + 180 * MIN_MS, MIN_MS, &taken, NULL), 0);
	assert_non_null(strstr(lat_buf_str(&taken), "last seen 10800 s ago, more than 3 of its intervals (3600 s)"));
	assert_int_equal(query_int(x.path, "SELECT interval_ms FROM run_lock"), MIN_MS);
	lat_buf_cleanup(&taken);
	lat_state_close(daemon);
	lat_state_close(once);
	db_cleanup(&x);
}

/* A pid that existed and is gone: a child that exited and was reaped. */
static long
dead_pid(void)
{
	pid_t p = fork();

	assert_true(p >= 0);
	if (p == 0)
		_exit(0);
	assert_int_equal(waitpid(p, NULL, 0), p);
	return (long)p;
}

static void
test_run_lock_of_a_dead_pid_on_this_host_is_stale_at_once(void **state)
{
	struct db x;
	struct lat_state *a, *b;
	struct lat_buf taken = { 0 };
	char sql[256];
	long pid = dead_pid();

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &a, NULL), 0);
	assert_int_equal(lat_state_open(x.path, &b, NULL), 0);
	/* a's row, as a holder of this host, boot and pid namespace killed with -9 left it. */
	assert_int_equal(lock_at(a, T0, MIN_MS, NULL, NULL), 0);
	snprintf(sql, sizeof(sql), "UPDATE run_lock SET pid = %ld, owner = 'latticedns@here pid %ld #dead'", pid, pid);
	exec_sql(x.path, sql);
	assert_int_equal(lock_at(b, T0 + 1000, MIN_MS, &taken, NULL), 0);
	snprintf(sql, sizeof(sql), "latticedns@here pid %ld #dead: pid %ld is gone on this host", pid, pid);
	assert_non_null(strstr(lat_buf_str(&taken), sql));
	lat_buf_cleanup(&taken);
	assert_int_equal(query_int(x.path, "SELECT pid FROM run_lock"), (long long)getpid());
	/* The same dead pid elsewhere (another host, boot or pid namespace) says nothing: the clock decides. */
	static const char *const elsewhere[] = { "host = 'other-host'", "boot_id = 'another-boot'",
		"pid_ns = 'pid:[1]'", "host = NULL", "boot_id = ''" };
	for (size_t i = 0; i < sizeof(elsewhere) / sizeof(elsewhere[0]); i++) {
		struct lat_diag d = { 0 };

		lat_state_unlock(b);
		assert_int_equal(lock_at(a, T0 + 2000, MIN_MS, NULL, NULL), 0);
		snprintf(sql, sizeof(sql), "UPDATE run_lock SET pid = %ld, owner = 'latticedns@x pid %ld #x', %s",
		    pid, pid, elsewhere[i]);
		exec_sql(x.path, sql);
		assert_int_equal(lock_at(b, T0 + 3000, MIN_MS, NULL, &d), LAT_EBUSY);
		assert_non_null(strstr(lat_diag_msg(&d), "last seen 1 s ago"));
		lat_diag_cleanup(&d);
		assert_int_equal(lock_at(b, T0 + 2000 + 15 * MIN_MS, MIN_MS, NULL, NULL), 0);
		lat_state_unlock(a);     /* not a's any more: leaves b's row */
		assert_int_equal(query_int(x.path, "SELECT count(*) FROM run_lock"), 1);
	}
	lat_state_close(a);
	lat_state_close(b);
	db_cleanup(&x);
}

static void
test_unlock_removes_only_a_stale_lock_unless_forced(void **state)
{
	struct db x;
	struct lat_state *a, *op;
	struct lat_diag d = { 0 };
	struct lat_buf what = { 0 };
	char sql[128];

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &a, NULL), 0);
	assert_int_equal(lat_state_open(x.path, &op, NULL), 0);
	assert_int_equal(lat_state_lock_break(op, T0, 0, &what, &d), LAT_ENOTFOUND);
	assert_non_null(strstr(lat_diag_msg(&d), "no controller holds the run lock"));
	lat_diag_cleanup(&d);
	/* A live holder (this process, another open) is not removed ... */
	assert_int_equal(lock_at(a, T0, MIN_MS, NULL, NULL), 0);
	assert_int_equal(lat_state_lock_break(op, T0 + 5 * MIN_MS, 0, &what, &d), LAT_EBUSY);
	assert_non_null(strstr(lat_diag_msg(&d), "is not stale (last seen 300 s ago"));
	assert_non_null(strstr(lat_diag_msg(&d), "--force"));
	lat_diag_cleanup(&d);
	assert_int_equal(what.len, 0);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM run_lock"), 1);
	/* ... unless forced. */
	assert_int_equal(lat_state_lock_break(op, T0 + 5 * MIN_MS, 1, &what, NULL), 0);
	assert_non_null(strstr(lat_buf_str(&what), "not stale, removed by --force"));
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM run_lock"), 0);
	lat_buf_cleanup(&what);
	/* A dead holder of this host goes without --force. */
	assert_int_equal(lock_at(a, T0, MIN_MS, NULL, NULL), 0);
	snprintf(sql, sizeof(sql), "UPDATE run_lock SET pid = %ld", dead_pid());
	exec_sql(x.path, sql);
	assert_int_equal(lat_state_lock_break(op, T0 + 1000, 0, &what, NULL), 0);
	assert_non_null(strstr(lat_buf_str(&what), "is gone on this host"));
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM run_lock"), 0);
	lat_buf_cleanup(&what);
	lat_state_close(a);
	lat_state_close(op);
	db_cleanup(&x);
}

static void
owned(struct lat_owned *o, const char *name, const char *type, const char *target, int64_t since)
{
	memset(o, 0, sizeof(*o));
	o->zone_id = (char *)"Z0123456789ABCDEFGHIJ";
	o->name = (char *)name;
	o->type = (char *)type;
	o->alias_zone_id = (char *)"Z03867022NOYBCTG0GJR1";
	o->alias_dns_name = (char *)target;
	o->service_arn = (char *)"arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0";
	o->account = (char *)"111122223333";
	o->since_ms = since;
}

static void
test_ledger_put_update_delete(void **state)
{
	struct db x;
	struct lat_state *st;
	struct lat_owned o;
	struct lat_owned_list l = { 0 };

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	assert_int_equal(lat_state_begin(st, NULL), 0);
	owned(&o, "b.corp.internal.", "A", "one.on.aws.", 1000);
	assert_int_equal(lat_state_owned_put(st, &o, NULL), 0);
	owned(&o, "a.corp.internal.", "AAAA", "one.on.aws.", 1000);
	assert_int_equal(lat_state_owned_put(st, &o, NULL), 0);
	assert_int_equal(lat_state_commit(st, NULL), 0);
	/* An update changes the target and keeps the first write's time. */
	owned(&o, "b.corp.internal.", "A", "two.on.aws.", 9000);
	assert_int_equal(lat_state_owned_put(st, &o, NULL), 0);
	assert_int_equal(lat_state_owned_load(st, "Z0123456789ABCDEFGHIJ", &l, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "a.corp.internal.");                /* ordered by name */
	assert_string_equal(l.v[1].alias_dns_name, "two.on.aws.");
	assert_int_equal(l.v[1].since_ms, 1000);
	assert_string_equal(l.v[1].service_arn,
	    "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0");
	lat_owned_list_cleanup(&l);
	/* A rolled-back transaction leaves nothing. */
	assert_int_equal(lat_state_begin(st, NULL), 0);
	assert_int_equal(lat_state_owned_delete(st, "Z0123456789ABCDEFGHIJ", "a.corp.internal.", "AAAA", NULL), 0);
	lat_state_rollback(st);
	assert_int_equal(lat_state_owned_load(st, "Z0123456789ABCDEFGHIJ", &l, NULL), 0);
	assert_int_equal(l.n, 2);
	lat_owned_list_cleanup(&l);
	assert_int_equal(lat_state_owned_delete(st, "Z0123456789ABCDEFGHIJ", "a.corp.internal.", "AAAA", NULL), 0);
	assert_int_equal(lat_state_owned_load(st, "Z0123456789ABCDEFGHIJ", &l, NULL), 0);
	assert_int_equal(l.n, 1);
	lat_owned_list_cleanup(&l);
	assert_int_equal(lat_state_owned_load(st, "ZOTHERZONE0000", &l, NULL), 0);
	assert_int_equal(l.n, 0);
	lat_state_close(st);
	db_cleanup(&x);
}

static void
test_runs_api_calls_inventory_and_journal(void **state)
{
	struct db x;
	struct lat_state *st;
	int64_t run;
	struct lat_run_summary s = { .outcome = "undone", .exit_code = 3, .create = 4, .update = 1, .del = 2,
		.tags_add = 2, .tags_remove = 1, .failed_accounts = 1, .error = "one account failed to list" };

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	assert_int_equal(lat_state_run_begin(st, 5000, "apply", &run, NULL), 0);
	assert_true(run > 0);
	assert_int_equal(lat_state_run_api_calls(st, run, "route53", "ChangeResourceRecordSets", 3, 2, NULL), 0);
	assert_int_equal(lat_state_inventory_put(st, "111122223333", "us-east-1", 1, NULL, 12, 5100, NULL), 0);
	assert_int_equal(lat_state_inventory_put(st, "444455556666", "us-east-1", 0, "AccessDenied", 0, 5100, NULL), 0);
	{
		/* The sanity gate's question: what did the last listing of (account, region) find? */
		int ok = 9;
		long n = 9;

		assert_int_equal(lat_state_inventory_get(st, "111122223333", "us-east-1", &ok, &n, NULL), 0);
		assert_int_equal(ok, 1);
		assert_int_equal(n, 12);
		assert_int_equal(lat_state_inventory_get(st, "444455556666", "us-east-1", &ok, &n, NULL), 0);
		assert_int_equal(ok, 0);
		assert_int_equal(lat_state_inventory_get(st, "111122223333", "eu-west-1", &ok, &n, NULL), 0);
		assert_int_equal(ok, -1);
		assert_int_equal(n, 0);
	}
	assert_int_equal(lat_state_journal_add(st, run, "Z0123456789ABCDEFGHIJ", 1, "C0123", "PENDING",
	    "+4 ~1 -2", 5200, NULL), 0);
	assert_int_equal(lat_state_journal_set_status(st, "C0123", "INSYNC", 5300, NULL), 0);
	assert_int_equal(lat_state_run_end(st, run, 6000, &s, NULL), 0);
	lat_state_close(st);
	assert_int_equal(query_int(x.path, "SELECT exit_code FROM runs"), 3);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM runs WHERE outcome = 'undone' AND ended_ms = 6000"), 1);
	assert_int_equal(query_int(x.path, "SELECT calls FROM run_api_calls WHERE operation = 'ChangeResourceRecordSets'"), 3);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM change_journal WHERE change_id = 'C0123' AND "
	    "status = 'INSYNC'"), 1);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM inventory WHERE ok = 0"), 1);
	db_cleanup(&x);
}

static void
test_old_runs_are_pruned_but_not_those_that_changed_dns(void **state)
{
	struct db x;
	struct lat_state *st;
	int64_t run;

	(void)state;
	db_init(&x);
	assert_int_equal(lat_state_open(x.path, &st, NULL), 0);
	for (int i = 1; i <= 10; i++) {
		assert_int_equal(lat_state_run_begin(st, 1000 * i, "apply", &run, NULL), 0);
		assert_int_equal(lat_state_run_api_calls(st, run, "route53", "GetHostedZone", 1, 0, NULL), 0);
		if (i == 2)
			assert_int_equal(lat_state_journal_add(st, run, "Z0123456789ABCDEFGHIJ", 1, "C2", "INSYNC",
			    "+2", 2000, NULL), 0);
	}
	assert_int_equal(lat_state_prune_runs(st, 3, NULL), 0);
	lat_state_close(st);
	/* The latest 3 (8..10) stay, and run 2, which changed DNS; their API counts with them. */
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM runs"), 4);
	assert_int_equal(query_int(x.path, "SELECT min(id) FROM runs"), 2);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM runs WHERE id BETWEEN 3 AND 7"), 0);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM run_api_calls"), 4);
	assert_int_equal(query_int(x.path, "SELECT count(*) FROM change_journal"), 1);
	db_cleanup(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_is_private_and_migrated),
		cmocka_unit_test(test_newer_schema_is_refused),
		cmocka_unit_test(test_version_1_database_is_migrated),
		cmocka_unit_test(test_not_a_database_is_named),
		cmocka_unit_test(test_embedded_migration_is_the_schemas_file),
		cmocka_unit_test(test_history_filters_and_orders_the_trail),
		cmocka_unit_test(test_run_lock_excludes_a_second_controller),
		cmocka_unit_test(test_run_lock_is_judged_by_the_holders_interval),
		cmocka_unit_test(test_run_lock_of_a_dead_pid_on_this_host_is_stale_at_once),
		cmocka_unit_test(test_unlock_removes_only_a_stale_lock_unless_forced),
		cmocka_unit_test(test_ledger_put_update_delete),
		cmocka_unit_test(test_runs_api_calls_inventory_and_journal),
		cmocka_unit_test(test_old_runs_are_pruned_but_not_those_that_changed_dns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
