/* helper_world.h - a world to plan against (one zone, one account in two regions) and the
 * assertions the core's table tests share (test_plan.c, test_registry.c). */
#ifndef LAT_HELPER_WORLD_H
#define LAT_HELPER_WORLD_H

#include <stdint.h>

#include "controller/model.h"

#define ZONE "Z0123456789ABCDEFGHIJ"
#define LZ "Z03867022NOYBCTG0GJR1"
#define A1 "111122223333"

/* Everything a plan is built from and the plan; world_cleanup frees what the add_ calls made. */
struct world {
	struct lat_service_list svcs;
	struct lat_rrset_list live;
	struct lat_tags tags;
	struct lat_owned_list owned;
	struct lat_core_region regions[2];
	struct lat_core_account acct;
	struct lat_core_zone zone;
	struct lat_core_input in;
	struct lat_plan plan;
};

/* Tags mode, selector NewService=true, safety 30% above 10 records; both regions listed OK. */
void world_init(struct world *w);
void world_cleanup(struct world *w);

/* The service's ARN and Lattice name in eu-west-1 of A1 (one of 8 rotating static buffers). */
char *arn_of(const char *id);
char *alias_of(const char *id);

/* tag: NULL for no NewService key. */
void add_service(struct world *w, const char *id, const char *domain, const char *tag, int64_t created);
void add_live_alias(struct world *w, const char *name, const char *type, const char *target);
void add_live_plain(struct world *w, const char *name, const char *type, const char *value);

/* A zone the pipeline (or a previous cycle) populated for service id: A, AAAA and the tag. */
void populated(struct world *w, const char *id, const char *domain);

/* lat_plan_build into w->plan; fails the test on an error. */
void build(struct world *w);

/* The first zone's changes, one line each as "create a.corp.internal. A", equal to want (NULL-ended). */
void assert_changes(const struct world *w, const char *const *want);

extern const char *const none[];

#endif
