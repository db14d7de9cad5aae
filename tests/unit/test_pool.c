/* test_pool.c - every job runs exactly once, on at most N workers, each with its own context. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <pthread.h>
#include <cmocka.h>

#include "common/pool.h"

struct counts {
	int ran[200];
	pthread_mutex_t mu;
	int workers;
};

static void
run_job(void *args, size_t i, void *ctx)
{
	struct counts *c = args;

	assert_non_null(ctx);
	pthread_mutex_lock(&c->mu);
	c->ran[i]++;
	pthread_mutex_unlock(&c->mu);
}

static int
winit(void *arg, void **ctx)
{
	struct counts *c = arg;

	pthread_mutex_lock(&c->mu);
	c->workers++;
	pthread_mutex_unlock(&c->mu);
	*ctx = malloc(16);
	return *ctx ? 0 : -1;
}

static void
wfini(void *ctx)
{
	free(ctx);
}

static void
check(size_t nthreads, size_t njobs, int max_workers)
{
	struct counts c = { .mu = PTHREAD_MUTEX_INITIALIZER };
	struct lat_pool_spec s = { nthreads, njobs, run_job, &c, winit, wfini, &c };
	struct lat_diag d = {0};

	assert_int_equal(lat_pool_run(&s, &d), 0);
	for (size_t i = 0; i < njobs; i++)
		assert_int_equal(c.ran[i], 1);
	assert_true(c.workers <= max_workers);
	assert_true(c.workers >= 1);
}

static void
test_counts(void **state)
{
	(void)state;
	check(1, 10, 1);
	check(4, 200, 4);
	check(16, 3, 3);   /* never more workers than jobs */
	check(0, 5, 1);
}

static int
fail_init(void *arg, void **ctx)
{
	(void)arg;
	*ctx = NULL;
	return -1;
}

static void
test_init_failure_reported(void **state)
{
	struct counts c = { .mu = PTHREAD_MUTEX_INITIALIZER };
	struct lat_pool_spec s = { 3, 5, run_job, &c, fail_init, wfini, &c };
	struct lat_diag d = {0};

	(void)state;
	assert_int_equal(lat_pool_run(&s, &d), LAT_ENOMEM);
	assert_string_equal(lat_diag_msg(&d), "no worker could be set up; 5 jobs did not run");
	lat_diag_cleanup(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_init_failure_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
