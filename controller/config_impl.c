/* config_impl.c - the config modules' shared parse helpers: the located error, the did-you-mean, the typed getters. */
#include "controller/config_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The longest message reported whole (escaping may triple it). */
#define CONFIG_MAX_MESSAGE 320

void
lat_cfg_err(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, const char *fmt, ...)
{
	struct lat_buf msg = { 0 };
	va_list ap;

	/* Past the first few the rest are counted: the report must fit one diag (64 KiB). */
	if (p->nerrs++ >= LAT_CFG_MAX_ERRORS)
		return;
	lat_buf_addf(&p->errs, "%s%s:%zu:%zu: %s: ", p->nerrs > 1 ? "\n" : "", p->file,
	    n ? n->start_mark.line + 1 : 1, n ? n->start_mark.column + 1 : 1, path);
	va_start(ap, fmt);
	lat_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/* A value of megabytes is cut in its middle, keeping the start and the fix at the end. */
	if (msg.len > CONFIG_MAX_MESSAGE + 64) {
		memmove(msg.p + CONFIG_MAX_MESSAGE / 2 + 5, msg.p + msg.len - CONFIG_MAX_MESSAGE / 2,
		    CONFIG_MAX_MESSAGE / 2 + 1);
		memcpy(msg.p + CONFIG_MAX_MESSAGE / 2, " ... ", 5);
		msg.len = CONFIG_MAX_MESSAGE + 5;
	}
	/* A quoted value may hold a newline or an escape: one error stays one line. */
	lat_buf_add_text_escaped(&p->errs, lat_buf_str(&msg));
	lat_buf_cleanup(&msg);
}

const char *
lat_cfg_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int
levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(int) * (lb + 1));
	}
	return prev[lb];
}

void
lat_cfg_unknown_key(struct lat_cfg_parse *p, const yaml_node_t *k, const char *path, const char *const *known)
{
	const char *best = NULL;
	int bd = 3;

	/* [a]: 1 or {a: b}: 1 is valid YAML; there is no name to suggest from. */
	if (lat_cfg_scalar(k) == NULL) {
		lat_cfg_err(p, k, path, "a key must be a plain word, not a list or a mapping; write key: value");
		return;
	}
	for (size_t i = 0; known[i] != NULL; i++) {
		int dd = levenshtein(lat_cfg_scalar(k), known[i]);

		if (dd < bd)
			bd = dd, best = known[i];
	}
	if (best != NULL)
		lat_cfg_err(p, k, path, "unknown key \"%s\"; did you mean \"%s\"?", lat_cfg_scalar(k), best);
	else
		lat_cfg_err(p, k, path, "unknown key \"%s\"; see examples/latticedns.multi-account.yaml", lat_cfg_scalar(k));
}

char *
lat_cfg_path_join(const char *base, const char *key)
{
	struct lat_buf b = { 0 };

	lat_buf_addf(&b, "%s%s%s", base, *base ? "." : "", key);
	return lat_buf_take(&b);
}

int
lat_cfg_get_string(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, char **out)
{
	const char *s = lat_cfg_scalar(n);

	if (s == NULL) {
		lat_cfg_err(p, n, path, "expected a string");
		return -1;
	}
	free(*out);
	*out = strdup(s);
	return *out ? 0 : -1;
}

int
lat_cfg_get_string_spec(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path,
    const struct lat_cfg_strspec *sp, char **out)
{
	size_t len;

	if (lat_cfg_get_string(p, n, path, out) != 0)
		return -1;
	len = strlen(*out);
	if (len < sp->lo || len > sp->hi)
		lat_cfg_err(p, n, path, "\"%s\" has %zu character%s; write %s", *out, len, len == 1 ? "" : "s", sp->what);
	else if (sp->charset != NULL && strspn(*out, sp->charset) != len)
		lat_cfg_err(p, n, path, "\"%s\" holds '%c', which is not allowed; write %s", *out, (*out)[strspn(*out,
		    sp->charset)], sp->what);
	else
		return 0;
	free(*out);
	*out = NULL;
	return -1;
}

int
lat_cfg_get_int(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, long lo, long hi, int *out)
{
	const char *s = lat_cfg_scalar(n);
	char *end = NULL;
	long v;

	errno = 0;
	v = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
		lat_cfg_err(p, n, path, "\"%s\" must be a whole number from %ld to %ld", s ? s : "?", lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int
lat_cfg_get_bool(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path, int *out)
{
	const char *s = lat_cfg_scalar(n);

	if (s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
		*out = strcmp(s, "true") == 0;
		return 0;
	}
	lat_cfg_err(p, n, path, "\"%s\" must be true or false", s ? s : "?");
	return -1;
}


int
lat_cfg_is_map(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path)
{
	if (n != NULL && n->type == YAML_MAPPING_NODE)
		return 1;
	lat_cfg_err(p, n, path, "expected a mapping (key: value lines)");
	return 0;
}

int
lat_cfg_is_seq(struct lat_cfg_parse *p, const yaml_node_t *n, const char *path)
{
	if (n != NULL && n->type == YAML_SEQUENCE_NODE && n->data.sequence.items.top > n->data.sequence.items.start)
		return 1;
	lat_cfg_err(p, n, path, "expected a non-empty list");
	return 0;
}

/* A service network as Lattice names it: sn-..., its ARN, or its name (1-63; an ARN up to 2048). */
const struct lat_cfg_strspec lat_cfg_service_network_spec = { 1, 2048, NULL,
	"the service network whose association to publish: its id (sn-...), ARN or name" };
