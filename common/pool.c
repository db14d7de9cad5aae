/* pool.c - a bounded set of threads draining a job counter. */
#include "common/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pool {
	const struct lat_pool_spec *spec;
	pthread_mutex_t mu;
	size_t next;
	int init_failed;
};

static void
drain(struct pool *p, void *ctx)
{
	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->spec->njobs)
			return;
		p->spec->run(p->spec->job_args, i, ctx);
	}
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	void *ctx = NULL;

	if (p->spec->worker_init && p->spec->worker_init(p->spec->init_arg, &ctx) != 0) {
		pthread_mutex_lock(&p->mu);
		p->init_failed = 1;
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	drain(p, ctx);
	if (p->spec->worker_fini)
		p->spec->worker_fini(ctx);
	return NULL;
}

int
lat_pool_run(const struct lat_pool_spec *spec, struct lat_diag *d)
{
	struct pool p;
	pthread_t *tids;
	size_t n = spec->nthreads, started = 0;

	memset(&p, 0, sizeof(p));
	p.spec = spec;
	if (n > spec->njobs)
		n = spec->njobs;
	if (n <= 1) {
		worker(&p);
		return p.init_failed ? lat_diag_set(d, LAT_ENOMEM, "cannot set up a worker") : 0;
	}
	if (!(tids = calloc(n, sizeof(*tids))))
		return lat_diag_set(d, LAT_ENOMEM, "out of memory starting %zu workers", n);
	pthread_mutex_init(&p.mu, NULL);
	for (; started < n; started++)
		if (pthread_create(&tids[started], NULL, worker, &p) != 0)
			break;
	/* With fewer threads than asked (resource limits), the started ones take every job. */
	if (started == 0)
		worker(&p);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&p.mu);
	free(tids);
	/* A worker whose set-up failed took no job; the others drained the counter. */
	if (p.next < spec->njobs)
		return lat_diag_set(d, LAT_ENOMEM, "no worker could be set up; %zu jobs did not run",
		    spec->njobs - p.next);
	return 0;
}
