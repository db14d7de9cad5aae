/* store_impl.h - the open database, shared by the state modules (store.c, view.c); not for outside state/. */
#ifndef LAT_STORE_IMPL_H
#define LAT_STORE_IMPL_H

#include <sqlite3.h>

struct lat_state {
	sqlite3 *db;
	char *path;
	int locked;
	int readonly;       /* opened by lat_state_open_readonly: reads only */
	char holder[160];   /* "OWNER@HOST pid N #NONCE": who holds the run lock, unique per open */
	/* Where this process runs: a holder row that matches all three is judged by its pid. */
	char host[256];
	char boot_id[64];   /* /proc/sys/kernel/random/boot_id: pids are reused across boots */
	char pid_ns[64];    /* /proc/self/ns/pid: the same pid in another namespace is another process */
};

#endif
