/* store.c - the SQLite state store: migrations, the ledger, runs, the journal, the run lock. */
#include "state/store.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/buf.h"
#include "state/store_impl.h"

/* The files of schemas/migrations/, in order; the binary must not need the source tree. */
static const char *const migrations[] = {
"-- 001_initial.sql - the ledger, inventory, runs, the change journal and the run lock.\n"
"-- Embedded in state/store.c (a unit test checks the copy is identical).\n"
"CREATE TABLE owned_records (\n"
"    zone_id        TEXT NOT NULL,\n"
"    name           TEXT NOT NULL,\n"
"    type           TEXT NOT NULL CHECK (type IN ('A', 'AAAA')),\n"
"    alias_zone_id  TEXT,\n"
"    alias_dns_name TEXT,\n"
"    service_arn    TEXT NOT NULL,\n"
"    account        TEXT,\n"
"    since_ms       INTEGER NOT NULL,\n"
"    PRIMARY KEY (zone_id, name, type)\n"
");\n"
"CREATE INDEX owned_records_service ON owned_records (service_arn);\n"
"CREATE TABLE inventory (\n"
"    account      TEXT NOT NULL,\n"
"    region       TEXT NOT NULL,\n"
"    ok           INTEGER NOT NULL,\n"
"    error        TEXT,\n"
"    services     INTEGER NOT NULL DEFAULT 0,\n"
"    checked_ms   INTEGER NOT NULL,\n"
"    last_ok_ms   INTEGER,\n"
"    PRIMARY KEY (account, region)\n"
");\n"
"CREATE TABLE runs (\n"
"    id              INTEGER PRIMARY KEY AUTOINCREMENT,\n"
"    mode            TEXT NOT NULL,\n"
"    started_ms      INTEGER NOT NULL,\n"
"    ended_ms        INTEGER,\n"
"    outcome         TEXT,\n"
"    exit_code       INTEGER,\n"
"    created         INTEGER, updated INTEGER, deleted INTEGER,\n"
"    tags_added      INTEGER, tags_removed INTEGER,\n"
"    skipped         INTEGER, conflicts INTEGER, held INTEGER, failed_accounts INTEGER,\n"
"    error           TEXT\n"
");\n"
"CREATE TABLE run_api_calls (\n"
"    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
"    service    TEXT NOT NULL,\n"
"    operation  TEXT NOT NULL,\n"
"    calls      INTEGER NOT NULL,\n"
"    errors     INTEGER NOT NULL,\n"
"    PRIMARY KEY (run_id, service, operation)\n"
");\n"
"CREATE TABLE change_journal (\n"
"    change_id   TEXT PRIMARY KEY,\n"
"    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
"    zone_id     TEXT NOT NULL,\n"
"    batch       INTEGER NOT NULL,\n"
"    status      TEXT NOT NULL,\n"
"    summary     TEXT,\n"
"    submitted_ms INTEGER NOT NULL,\n"
"    updated_ms  INTEGER NOT NULL\n"
");\n"
"CREATE TABLE run_lock (\n"
"    id         INTEGER PRIMARY KEY CHECK (id = 1),\n"
"    owner      TEXT NOT NULL,\n"
"    pid        INTEGER NOT NULL,\n"
"    since_ms   INTEGER NOT NULL\n"
");\n",
"-- 002_change_records.sql - the audit trail: every change of every batch, the record before and after;\n"
"-- the changes a run's safety threshold held back.\n"
"-- Embedded in state/store.c (a unit test checks the copy is identical).\n"
"-- A row goes with its batch's journal row, and so with its run.\n"
"CREATE TABLE change_records (\n"
"    change_id   TEXT NOT NULL REFERENCES change_journal (change_id) ON DELETE CASCADE,\n"
"    seq         INTEGER NOT NULL,\n"
"    zone_id     TEXT NOT NULL,\n"
"    name        TEXT NOT NULL,\n"
"    type        TEXT NOT NULL,\n"
"    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),\n"
"    before      TEXT,\n"
"    after       TEXT,\n"
"    service_arn TEXT,\n"
"    account     TEXT,\n"
"    PRIMARY KEY (change_id, seq)\n"
");\n"
"CREATE INDEX change_records_name ON change_records (name, zone_id);\n"
"-- A run's created/updated/deleted count what Route 53 accepted; what a safety threshold held back is here.\n"
"ALTER TABLE runs ADD COLUMN safety_held INTEGER;\n",
"-- 003_lock_holder.sql - the run lock row describes its holder: host, boot, pid namespace, interval.\n"
"-- With them a holder on this machine whose pid is gone is known dead at once, and a live holder's\n"
"-- silence is judged by its own interval, not the newcomer's. Embedded in state/store.c.\n"
"ALTER TABLE run_lock ADD COLUMN host TEXT;\n"
"ALTER TABLE run_lock ADD COLUMN boot_id TEXT;\n"
"ALTER TABLE run_lock ADD COLUMN pid_ns TEXT;\n"
"ALTER TABLE run_lock ADD COLUMN interval_ms INTEGER;\n",
"-- 004_zone_view.sql - the last full view of each zone, kept between full reads (issue 11): a\n"
"-- converged cycle checks it against GetHostedZone's record count (and the zone tags) instead of\n"
"-- listing every record. Embedded in state/store.c.\n"
"CREATE TABLE zone_view (\n"
"    zone_id     TEXT PRIMARY KEY,\n"
"    rrset_count INTEGER NOT NULL,\n"
"    read_ms     INTEGER NOT NULL,\n"
"    cycles      INTEGER NOT NULL,\n"
"    has_tags    INTEGER NOT NULL,\n"
"    stale       TEXT\n"
");\n"
"CREATE TABLE zone_view_records (\n"
"    zone_id           TEXT NOT NULL REFERENCES zone_view (zone_id) ON DELETE CASCADE,\n"
"    name              TEXT NOT NULL,\n"
"    type              TEXT NOT NULL,\n"
"    set_identifier    TEXT NOT NULL DEFAULT '',\n"
"    ttl               INTEGER NOT NULL,\n"
"    vals              TEXT,\n"
"    alias_zone_id     TEXT,\n"
"    alias_dns_name    TEXT,\n"
"    alias_eval_health INTEGER NOT NULL,\n"
"    PRIMARY KEY (zone_id, name, type, set_identifier)\n"
");\n"
"CREATE TABLE zone_view_tags (\n"
"    zone_id TEXT NOT NULL REFERENCES zone_view (zone_id) ON DELETE CASCADE,\n"
"    key     TEXT NOT NULL,\n"
"    value   TEXT NOT NULL,\n"
"    PRIMARY KEY (zone_id, key)\n"
");\n",
"-- 005_owned_cname.sql - the ledger also holds CNAME records (zones of style cname or target, issue 12):\n"
"-- for a CNAME row alias_dns_name holds the CNAME's value and alias_zone_id is NULL. SQLite cannot\n"
"-- change a CHECK constraint, so the table is rebuilt with its rows. Embedded in state/store.c.\n"
"CREATE TABLE owned_records_new (\n"
"    zone_id        TEXT NOT NULL,\n"
"    name           TEXT NOT NULL,\n"
"    type           TEXT NOT NULL CHECK (type IN ('A', 'AAAA', 'CNAME')),\n"
"    alias_zone_id  TEXT,\n"
"    alias_dns_name TEXT,\n"
"    service_arn    TEXT NOT NULL,\n"
"    account        TEXT,\n"
"    since_ms       INTEGER NOT NULL,\n"
"    PRIMARY KEY (zone_id, name, type)\n"
");\n"
"INSERT INTO owned_records_new (zone_id, name, type, alias_zone_id, alias_dns_name, service_arn, account, since_ms)\n"
"    SELECT zone_id, name, type, alias_zone_id, alias_dns_name, service_arn, account, since_ms FROM owned_records;\n"
"DROP TABLE owned_records;\n"
"ALTER TABLE owned_records_new RENAME TO owned_records;\n"
"CREATE INDEX owned_records_service ON owned_records (service_arn);\n",
	NULL,
};

const char *
lat_state_migration(int i)
{
	int n = (int)(sizeof(migrations) / sizeof(migrations[0])) - 1;

	return i >= 0 && i < n ? migrations[i] : NULL;
}

static int
db_err(struct lat_state *st, struct lat_diag *d, const char *what)
{
	return lat_diag_set(d, LAT_ESTATE, "state database %s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int
exec(struct lat_state *st, const char *sql, const char *what, struct lat_diag *d)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = lat_diag_set(d, LAT_ESTATE, "state database %s: %s: %s", st->path, what,
		    msg ? msg : sqlite3_errmsg(st->db));

		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int
lat_state_version(struct lat_state *st)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
migrate(struct lat_state *st, struct lat_diag *d)
{
	int have = lat_state_version(st), want = 0, rc = 0;

	while (lat_state_migration(want) != NULL)
		want++;
	if (have < 0)
		return db_err(st, d, "reading the schema version");
	if (have > want)
		return lat_diag_set(d, LAT_ESTATE, "state database %s has schema version %d, newer than this "
		    "latticedns knows (%d); run the newer latticedns or point --state elsewhere", st->path, have, want);
	for (int i = have; i < want && rc == 0; i++) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", i + 1);
		if ((rc = exec(st, "BEGIN IMMEDIATE", "starting a migration", d)) != 0)
			break;
		rc = exec(st, lat_state_migration(i), "applying a migration", d);
		if (rc == 0)
			rc = exec(st, pragma, "recording the schema version", d);
		if (rc == 0)
			rc = exec(st, "COMMIT", "committing a migration", d);
		else
			(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

/* Creates the file 0600 before SQLite does, so the ledger is never readable by others, even briefly. */
static int
create_private(const char *path, struct lat_diag *d)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return lat_diag_set(d, LAT_ESTATE, "state database %s: cannot create it (%s); check the directory "
		    "exists and is writable, or pass --state", path, strerror(errno));
	(void)fchmod(fd, 0600);
	close(fd);
	return 0;
}

int
lat_state_open(const char *path, struct lat_state **out, struct lat_diag *d)
{
	struct lat_state *st = calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (st == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	if ((rc = create_private(path, d)) != 0) {
		lat_state_close(st);
		return rc;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		rc = db_err(st, d, "opening");
		lat_state_close(st);
		return rc;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if ((rc = exec(st, "PRAGMA journal_mode = WAL", "not an SQLite database, or unreadable", d)) != 0 ||
	    (rc = exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", "setting pragmas", d)) != 0 ||
	    (rc = migrate(st, d)) != 0) {
		lat_state_close(st);
		return rc;
	}
	/* WAL's side files inherit the main file's mode on most systems; make sure. */
	for (int i = 0; i < 2; i++) {
		struct lat_buf side = { 0 };

		lat_buf_addf(&side, "%s%s", path, i == 0 ? "-wal" : "-shm");
		if (lat_buf_status(&side) == 0)
			(void)chmod(lat_buf_str(&side), 0600);
		lat_buf_cleanup(&side);
	}
	*out = st;
	return 0;
}

static int
open_immutable(struct lat_state *st, struct lat_diag *d)
{
	struct lat_buf uri = { 0 };
	int rc = 0;

	lat_buf_adds(&uri, "file:");
	for (const char *p = st->path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			lat_buf_addf(&uri, "%%%02X", (unsigned char)*p);
		else
			lat_buf_addc(&uri, *p);
	}
	lat_buf_adds(&uri, "?immutable=1");
	if (lat_buf_status(&uri) != 0)
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	else if (sqlite3_open_v2(lat_buf_str(&uri), &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
		rc = db_err(st, d, "opening read-only");
	lat_buf_cleanup(&uri);
	return rc;
}

/*
 * A dry run only reads the ledger and the inventory; a database it cannot
 * write (a read-only copy, a read-only mount, another user's file) is opened
 * as it is, never created or migrated.
 */
int
lat_state_open_readonly(const char *path, struct lat_state **out, struct lat_diag *d)
{
	struct lat_state *st = calloc(1, sizeof(*st));
	int have, want = 0, rc = 0;

	*out = NULL;
	if (st == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	st->readonly = 1;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		rc = db_err(st, d, "opening read-only");
		goto out;
	}
	sqlite3_busy_timeout(st->db, 5000);
	while (lat_state_migration(want) != NULL)
		want++;
	/*
	 * A WAL database read by a process that cannot create its -shm file
	 * (a copy in a read-only place) opens only as immutable: a snapshot,
	 * which is what a dry run needs.
	 */
	if ((have = lat_state_version(st)) < 0) {
		sqlite3_close(st->db);
		st->db = NULL;
		if ((rc = open_immutable(st, d)) != 0)
			goto out;
		have = lat_state_version(st);
	}
	if (have < 0)
		rc = db_err(st, d, "not an SQLite database, or unreadable");
	else if (have != want)
		rc = lat_diag_set(d, LAT_ESTATE, "state database %s is read-only and has schema version %d where "
		    "this latticedns needs %d; a dry run does not migrate it: make it writable or point --state at "
		    "a writable copy", path, have, want);
out:
	if (rc != 0)
		lat_state_close(st);
	else
		*out = st;
	return rc;
}

int
lat_state_readonly(const struct lat_state *st)
{
	return st->readonly;
}

void
lat_state_close(struct lat_state *st)
{
	if (st == NULL)
		return;
	if (st->locked)
		lat_state_unlock(st);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
lat_state_begin(struct lat_state *st, struct lat_diag *d)
{
	return exec(st, "BEGIN IMMEDIATE", "starting a transaction", d);
}

int
lat_state_commit(struct lat_state *st, struct lat_diag *d)
{
	return exec(st, "COMMIT", "committing", d);
}

void
lat_state_rollback(struct lat_state *st)
{
	(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Prepares sql and binds the arguments: 's' text (NULL allowed), 'i' int64, 'l' long. */
static int
prep(struct lat_state *st, sqlite3_stmt **s, const char *sql, const char *types, ...)
{
	va_list ap;
	int i = 1, rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);

	va_start(ap, types);
	for (const char *t = types; rc == SQLITE_OK && *t; t++, i++) {
		if (*t == 's') {
			const char *v = va_arg(ap, const char *);

			rc = v ? sqlite3_bind_text(*s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(*s, i);
		} else if (*t == 'i') {
			rc = sqlite3_bind_int64(*s, i, va_arg(ap, int64_t));
		} else {
			rc = sqlite3_bind_int64(*s, i, (int64_t)va_arg(ap, long));
		}
	}
	va_end(ap);
	return rc;
}

/* Runs a prepared statement to its end. */
static int
run(struct lat_state *st, sqlite3_stmt *s, int prep_rc, const char *what, struct lat_diag *d)
{
	int rc = prep_rc == SQLITE_OK ? sqlite3_step(s) : prep_rc;

	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err(st, d, what);
	return 0;
}

/* Reads the first line of a small system file into out ("" when it cannot). */
static void
read_line(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "re");

	out[0] = '\0';
	if (f == NULL)
		return;
	if (fgets(out, (int)size, f) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	fclose(f);
}

/*
 * The holder is named by host, pid and a random nonce: in containers every
 * controller is pid 1, so a pid alone cannot tell two of them apart.
 */
static void
make_holder(struct lat_state *st, const char *owner)
{
	unsigned char nonce[6] = { 0 };
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd >= 0) {
		if (read(fd, nonce, sizeof(nonce)) != (ssize_t)sizeof(nonce))
			memset(nonce, 0, sizeof(nonce));
		close(fd);
	}
	if (nonce[0] == 0 && nonce[1] == 0) {
		/* No urandom: the address and the clock still differ between two processes. */
		uintptr_t a = (uintptr_t)st ^ (uintptr_t)time(NULL) ^ ((uintptr_t)getpid() << 16);

		memcpy(nonce, &a, sizeof(nonce) < sizeof(a) ? sizeof(nonce) : sizeof(a));
	}
	snprintf(st->host, sizeof(st->host), "localhost");
	(void)gethostname(st->host, sizeof(st->host) - 1);
	st->host[sizeof(st->host) - 1] = '\0';
	read_line("/proc/sys/kernel/random/boot_id", st->boot_id, sizeof(st->boot_id));
	n = readlink("/proc/self/ns/pid", st->pid_ns, sizeof(st->pid_ns) - 1);
	st->pid_ns[n > 0 ? n : 0] = '\0';
	snprintf(st->holder, sizeof(st->holder), "%s@%.64s pid %ld #%02x%02x%02x%02x%02x%02x", owner, st->host,
	    (long)getpid(), nonce[0], nonce[1], nonce[2], nonce[3], nonce[4], nonce[5]);
}

/* The lock row as read; text columns point into the statement (valid until it is finalized). */
struct lock_row {
	const char *holder, *host, *boot_id, *pid_ns;
	long pid;
	int64_t since_ms, interval_ms;
};

static int
lock_row_read(struct lat_state *st, sqlite3_stmt **s, struct lock_row *r)
{
	int rc = prep(st, s, "SELECT owner, host, boot_id, pid_ns, pid, since_ms, interval_ms FROM run_lock "
	    "WHERE id = 1", "");

	memset(r, 0, sizeof(*r));
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(*s)) != SQLITE_ROW)
		return rc;
	r->holder = (const char *)sqlite3_column_text(*s, 0);
	r->host = (const char *)sqlite3_column_text(*s, 1);
	r->boot_id = (const char *)sqlite3_column_text(*s, 2);
	r->pid_ns = (const char *)sqlite3_column_text(*s, 3);
	r->pid = (long)sqlite3_column_int64(*s, 4);
	r->since_ms = sqlite3_column_int64(*s, 5);
	r->interval_ms = sqlite3_column_int64(*s, 6);
	return SQLITE_ROW;
}

static int
same_text(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

/*
 * Whether the holder row r is stale: 1 (why says so), or 0 (why says how
 * long until it would be). A holder on this host, boot and pid namespace
 * whose pid is gone is dead now; any other is judged by its own interval,
 * because a --once with a short interval must not take the lock of a live
 * --interval 1h daemon. A row written before the interval was recorded is
 * judged by the taker's. EPERM from kill() means the pid lives (as another user).
 */
static int
lock_row_stale(const struct lat_state *st, const struct lock_row *r, int64_t now_ms, int64_t taker_interval_ms,
    struct lat_buf *why)
{
	int64_t iv = r->interval_ms > 0 ? r->interval_ms : taker_interval_ms;
	int64_t after = 3 * iv > LAT_STATE_LOCK_MIN_STALE_MS ? 3 * iv : LAT_STATE_LOCK_MIN_STALE_MS;
	int64_t age = now_ms - r->since_ms;

	if (same_text(r->host, st->host) && same_text(r->boot_id, st->boot_id) && same_text(r->pid_ns, st->pid_ns) &&
	    r->pid > 0 && kill((pid_t)r->pid, 0) != 0 && errno == ESRCH) {
		lat_buf_addf(why, "pid %ld is gone on this host (%s, boot %s)", r->pid, st->host, st->boot_id);
		return 1;
	}
	if (age >= after) {
		lat_buf_addf(why, "last seen %lld s ago, more than 3 of its intervals (%lld s) and at least %lld s",
		    (long long)(age / 1000), (long long)(iv / 1000), (long long)(LAT_STATE_LOCK_MIN_STALE_MS / 1000));
		return 1;
	}
	lat_buf_addf(why, "last seen %lld s ago; it is stale after %lld s without a refresh (3 of its %lld s "
	    "intervals, at least %lld s)", (long long)(age / 1000), (long long)(after / 1000), (long long)(iv / 1000),
	    (long long)(LAT_STATE_LOCK_MIN_STALE_MS / 1000));
	return 0;
}

int
lat_state_lock(struct lat_state *st, const struct lat_lock_req *req, struct lat_buf *taken, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	struct lock_row r;
	struct lat_buf why = { 0 };
	int rc;

	if (st->holder[0] == '\0')
		make_holder(st, req->owner);
	if ((rc = lat_state_begin(st, d)) != 0)
		return rc;
	rc = lock_row_read(st, &s, &r);
	if (rc == SQLITE_ROW && (r.holder == NULL || strcmp(r.holder, st->holder) != 0)) {
		if (!lock_row_stale(st, &r, req->now_ms, req->interval_ms, &why)) {
			rc = lat_diag_set(d, LAT_EBUSY, "state database %s is in use by %s, %s; two controllers "
			    "must not share one database (if that holder is dead, `latticedns unlock` removes its "
			    "lock once it is stale, `latticedns unlock --force` at once)", st->path,
			    r.holder ? r.holder : "?", lat_buf_str(&why));
			goto fail;
		}
		if (taken != NULL)
			lat_buf_addf(taken, "%s: %s", r.holder ? r.holder : "?", lat_buf_str(&why));
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = db_err(st, d, "reading the run lock");
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	/* Taking it and refreshing it are the same write: since_ms is the holder's last heartbeat. */
	rc = prep(st, &s, "INSERT OR REPLACE INTO run_lock (id, owner, pid, since_ms, host, boot_id, pid_ns, "
	    "interval_ms) VALUES (1, ?, ?, ?, ?, ?, ?, ?)", "slisssi", st->holder, (long)getpid(), req->now_ms,
	    st->host, st->boot_id, st->pid_ns, req->interval_ms);
	rc = run(st, s, rc, "taking the run lock", d);
	s = NULL;      /* run() finalized it */
	if (rc != 0)
		goto fail;
	if ((rc = lat_state_commit(st, d)) == 0)
		st->locked = 1;
	lat_buf_cleanup(&why);
	return rc;
fail:
	sqlite3_finalize(s);
	lat_state_rollback(st);
	lat_buf_cleanup(&why);
	return rc;
}

int
lat_state_lock_break(struct lat_state *st, int64_t now_ms, int force, struct lat_buf *what, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	struct lock_row r;
	struct lat_buf why = { 0 };
	int rc, stale;

	if (st->holder[0] == '\0')
		make_holder(st, "latticedns");
	if ((rc = lat_state_begin(st, d)) != 0)
		return rc;
	rc = lock_row_read(st, &s, &r);
	if (rc == SQLITE_DONE) {
		rc = lat_diag_set(d, LAT_ENOTFOUND, "state database %s: no controller holds the run lock", st->path);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		rc = db_err(st, d, "reading the run lock");
		goto out;
	}
	/* A row without a recorded interval is judged by the 15-minute floor alone. */
	stale = lock_row_stale(st, &r, now_ms, 0, &why);
	if (!stale && !force) {
		rc = lat_diag_set(d, LAT_EBUSY, "state database %s: the run lock of %s is not stale (%s); stop "
		    "that controller first, or pass --force if you know it is dead", st->path,
		    r.holder ? r.holder : "?", lat_buf_str(&why));
		goto out;
	}
	lat_buf_addf(what, "%s (%s%s)", r.holder ? r.holder : "?", stale ? "" : "not stale, removed by --force: ",
	    lat_buf_str(&why));
	sqlite3_finalize(s);
	s = NULL;
	rc = prep(st, &s, "DELETE FROM run_lock WHERE id = 1", "");
	rc = run(st, s, rc, "removing the run lock", d);
	s = NULL;      /* run() finalized it */
	if (rc == 0)
		rc = lat_state_commit(st, d);
out:
	sqlite3_finalize(s);
	if (rc != 0)
		lat_state_rollback(st);
	lat_buf_cleanup(&why);
	return rc;
}

void
lat_state_unlock(struct lat_state *st)
{
	sqlite3_stmt *s = NULL;

	if (st == NULL || !st->locked)
		return;
	/* Only our own row: a controller that took over a stale lock keeps it. */
	if (prep(st, &s, "DELETE FROM run_lock WHERE id = 1 AND owner = ?", "s", st->holder) == SQLITE_OK)
		(void)sqlite3_step(s);
	sqlite3_finalize(s);
	st->locked = 0;
}

static char *
col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

int
lat_state_owned_load(struct lat_state *st, const char *zone_id, struct lat_owned_list *out, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "SELECT zone_id, name, type, alias_zone_id, alias_dns_name, service_arn, account, "
	    "since_ms FROM owned_records WHERE zone_id = ? ORDER BY name, type", "s", zone_id);

	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct lat_owned o = {
			.zone_id = col(s, 0), .name = col(s, 1), .type = col(s, 2), .alias_zone_id = col(s, 3),
			.alias_dns_name = col(s, 4), .service_arn = col(s, 5), .account = col(s, 6),
			.since_ms = sqlite3_column_int64(s, 7),
		};

		if (o.zone_id == NULL || o.name == NULL || o.type == NULL || lat_owned_list_push(out, &o) != 0) {
			lat_owned_cleanup(&o);
			sqlite3_finalize(s);
			return lat_diag_set(d, LAT_ENOMEM, "out of memory reading the ledger");
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, d, "reading the ledger");
}

int
lat_state_owned_put(struct lat_state *st, const struct lat_owned *o, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "INSERT INTO owned_records (zone_id, name, type, alias_zone_id, alias_dns_name, "
	    "service_arn, account, since_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (zone_id, name, type) "
	    "DO UPDATE SET alias_zone_id = excluded.alias_zone_id, alias_dns_name = excluded.alias_dns_name, "
	    "service_arn = excluded.service_arn, account = excluded.account", "sssssssi", o->zone_id, o->name,
	    o->type, o->alias_zone_id, o->alias_dns_name, o->service_arn, o->account, o->since_ms);

	return run(st, s, rc, "writing the ledger", d);
}

int
lat_state_owned_delete(struct lat_state *st, const char *zone_id, const char *name, const char *type,
    struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "DELETE FROM owned_records WHERE zone_id = ? AND name = ? AND type = ?", "sss",
	    zone_id, name, type);

	return run(st, s, rc, "deleting from the ledger", d);
}

int
lat_state_inventory_put(struct lat_state *st, const char *account, const char *region, int ok,
    const char *error, long nservices, int64_t now_ms, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "INSERT INTO inventory (account, region, ok, error, services, checked_ms, last_ok_ms) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?3 THEN ?6 END) ON CONFLICT (account, region) DO UPDATE SET "
	    "ok = excluded.ok, error = excluded.error, services = excluded.services, checked_ms = excluded.checked_ms, "
	    "last_ok_ms = COALESCE(excluded.last_ok_ms, inventory.last_ok_ms)", "sslsli", account, region, (long)ok,
	    error, nservices, now_ms);

	return run(st, s, rc, "recording the inventory", d);
}

int
lat_state_inventory_get(struct lat_state *st, const char *account, const char *region, int *ok,
    long *nservices, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "SELECT ok, services FROM inventory WHERE account = ? AND region = ?", "ss",
	    account, region);

	*ok = -1;
	*nservices = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ok = sqlite3_column_int(s, 0) != 0;
		*nservices = (long)sqlite3_column_int64(s, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, d, "reading the inventory");
}

int
lat_state_run_begin(struct lat_state *st, int64_t now_ms, const char *mode, int64_t *run_id, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "INSERT INTO runs (mode, started_ms) VALUES (?, ?)", "si", mode, now_ms);

	if ((rc = run(st, s, rc, "recording the run", d)) != 0)
		return rc;
	*run_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
lat_state_run_end(struct lat_state *st, int64_t run_id, int64_t now_ms, const struct lat_run_summary *r,
    struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "UPDATE runs SET ended_ms = ?, outcome = ?, exit_code = ?, created = ?, updated = ?, "
	    "deleted = ?, tags_added = ?, tags_removed = ?, skipped = ?, conflicts = ?, held = ?, "
	    "failed_accounts = ?, error = ?, safety_held = ? WHERE id = ?", "isllllllllllsli", now_ms, r->outcome,
	    (long)r->exit_code, r->create, r->update, r->del, r->tags_add, r->tags_remove, r->skipped, r->conflicts,
	    r->held, r->failed_accounts, r->error, r->safety_held, run_id);

	return run(st, s, rc, "closing the run record", d);
}

int
lat_state_prune_runs(struct lat_state *st, long keep, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "DELETE FROM runs WHERE id <= (SELECT max(id) FROM runs) - ? "
	    "AND id NOT IN (SELECT run_id FROM change_journal)", "l", keep);

	return run(st, s, rc, "pruning old run records", d);
}

int
lat_state_run_api_calls(struct lat_state *st, int64_t run_id, const char *service, const char *operation,
    long calls, long errors, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "INSERT INTO run_api_calls (run_id, service, operation, calls, errors) VALUES "
	    "(?, ?, ?, ?, ?) ON CONFLICT (run_id, service, operation) DO UPDATE SET calls = excluded.calls, "
	    "errors = excluded.errors", "issll", run_id, service, operation, calls, errors);

	return run(st, s, rc, "recording API calls", d);
}

int
lat_state_journal_add(struct lat_state *st, int64_t run_id, const char *zone_id, int batch,
    const char *change_id, const char *status, const char *summary, int64_t now_ms, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "INSERT OR REPLACE INTO change_journal (change_id, run_id, zone_id, batch, status, "
	    "summary, submitted_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "sislssii", change_id, run_id,
	    zone_id, (long)batch, status, summary, now_ms, now_ms);

	return run(st, s, rc, "recording a change", d);
}

int
lat_state_journal_change(struct lat_state *st, const struct lat_journal_change *c, struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "INSERT INTO change_records (change_id, seq, zone_id, name, type, action, before, "
	    "after, service_arn, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "slssssssss", c->change_id,
	    (long)c->seq, c->zone_id, c->name, c->type, c->action, c->before, c->after, c->service_arn, c->account);

	return run(st, s, rc, "recording a change in the audit trail", d);
}

/* A column borrowed from the statement, valid until the next step. */
static const char *
text_at(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int
lat_state_history(struct lat_state *st, const struct lat_history_query *q, lat_history_fn fn, void *arg,
    struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "SELECT j.submitted_ms, j.updated_ms, j.run_id, j.status, r.zone_id, r.name, r.type, "
	    "r.action, r.before, r.after, r.service_arn, r.account, r.change_id FROM change_records r "
	    "JOIN change_journal j ON j.change_id = r.change_id "
	    "WHERE (?1 IS NULL OR r.zone_id = ?1) AND (?2 IS NULL OR r.name = ?2) AND j.submitted_ms >= ?3 "
	    "ORDER BY j.submitted_ms, j.run_id, j.batch, r.seq", "ssi", q->zone_id, q->name, q->since_ms);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(s);
		return db_err(st, d, "reading the audit trail");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct lat_history_row r = {
			.submitted_ms = sqlite3_column_int64(s, 0), .updated_ms = sqlite3_column_int64(s, 1),
			.run_id = sqlite3_column_int64(s, 2), .status = text_at(s, 3), .zone_id = text_at(s, 4),
			.name = text_at(s, 5), .type = text_at(s, 6), .action = text_at(s, 7), .before = text_at(s, 8),
			.after = text_at(s, 9), .service_arn = text_at(s, 10), .account = text_at(s, 11), .change_id = text_at(s, 12),
		};

		if ((rc = fn(arg, &r)) != 0) {
			sqlite3_finalize(s);
			return lat_diag_set(d, rc, "out of memory printing the audit trail");
		}
	}
	if (rc != SQLITE_DONE) {
		rc = db_err(st, d, "reading the audit trail");
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	return 0;
}

int
lat_state_journal_set_status(struct lat_state *st, const char *change_id, const char *status, int64_t now_ms,
    struct lat_diag *d)
{
	sqlite3_stmt *s = NULL;
	int rc = prep(st, &s, "UPDATE change_journal SET status = ?, updated_ms = ? WHERE change_id = ?", "sis",
	    status, now_ms, change_id);

	return run(st, s, rc, "updating a change", d);
}
