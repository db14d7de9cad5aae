/* pool.h - run a set of independent jobs on at most N threads, each thread with its own context. */
#ifndef LAT_POOL_H
#define LAT_POOL_H

#include <stddef.h>

#include "common/diag.h"

/*
 * Why per-thread contexts: an HTTP transport (a curl handle and its
 * connection cache) is used by one thread at a time, so each worker builds
 * its own once and reuses it for all the jobs it takes.
 *
 * run(job_arg, worker_ctx) is called once per job; jobs are taken in index
 * order. worker_init(init_arg, &ctx) builds a worker's context (may be NULL);
 * worker_fini frees it. lat_pool_run returns when every job has run; a job
 * reports its own outcome through its arg. With nthreads <= 1, everything
 * runs on the calling thread (deterministic, used by tests).
 */
struct lat_pool_spec {
	size_t nthreads;
	size_t njobs;
	void (*run)(void *job_args, size_t index, void *worker_ctx);
	void *job_args;
	int (*worker_init)(void *init_arg, void **ctx);
	void (*worker_fini)(void *ctx);
	void *init_arg;
};

LAT_WUR int lat_pool_run(const struct lat_pool_spec *spec, struct lat_diag *d);

#endif
