/* fuzz_config.c - libFuzzer: latticedns.yaml through lat_config_parse (every input must end in OK or a located error). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "controller/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lat_config c;
	struct lat_diag d = { 0 };

	if (lat_config_parse((const char *)data, size, "fuzz.yaml", &c, &d) == 0)
		lat_config_cleanup(&c);
	else if (strncmp(lat_diag_msg(&d), "fuzz.yaml:", 10) != 0 && strcmp(lat_diag_msg(&d), "out of memory") != 0)
		__builtin_trap();    /* an error that does not say where */
	lat_diag_cleanup(&d);
	return 0;
}
