/* config.c - latticedns.yaml through libyaml's document API; every error collected with its location. */
#include "controller/config.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "common/buf.h"
#include "controller/dnsname.h"
#include "controller/httpd.h"
#include "controller/registry.h"
#include "providers/aws/region.h"

/* Errors reported in full (the rest are counted), and the longest one (escaping may triple it). */
#define CONFIG_MAX_ERRORS 50
#define CONFIG_MAX_MESSAGE 320

/* The parse in progress: the document, the file's name, and the errors so far. */
struct cparse {
	yaml_document_t *doc;
	const char *file;
	struct lat_buf errs;
	int nerrs;
	struct lat_config *c;
	int have_zones, have_accounts;   /* the key was written (its own errors already said what is wrong) */
	const yaml_node_t *ownership_node;   /* where ownership: was written, for owner_id's error */
};

__attribute__((format(printf, 4, 5))) static void
err(struct cparse *p, const yaml_node_t *n, const char *path, const char *fmt, ...)
{
	struct lat_buf msg = { 0 };
	va_list ap;

	/* Past the first few the rest are counted: the report must fit one diag (64 KiB). */
	if (p->nerrs++ >= CONFIG_MAX_ERRORS)
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

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A plain (unquoted) scalar: YAML would read 012345 as a number and lose the zero. */
static int
plain(const yaml_node_t *n)
{
	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
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

static void
unknown_key(struct cparse *p, const yaml_node_t *k, const char *path, const char *const *known)
{
	const char *best = NULL;
	int bd = 3;

	/* [a]: 1 or {a: b}: 1 is valid YAML; there is no name to suggest from. */
	if (scalar(k) == NULL) {
		err(p, k, path, "a key must be a plain word, not a list or a mapping; write key: value");
		return;
	}
	for (size_t i = 0; known[i] != NULL; i++) {
		int dd = levenshtein(scalar(k), known[i]);

		if (dd < bd)
			bd = dd, best = known[i];
	}
	if (best != NULL)
		err(p, k, path, "unknown key \"%s\"; did you mean \"%s\"?", scalar(k), best);
	else
		err(p, k, path, "unknown key \"%s\"; see examples/latticedns.multi-account.yaml", scalar(k));
}

static char *
path_join(const char *base, const char *key)
{
	struct lat_buf b = { 0 };

	lat_buf_addf(&b, "%s%s%s", base, *base ? "." : "", key);
	return lat_buf_take(&b);
}

static int
get_string(struct cparse *p, const yaml_node_t *n, const char *path, char **out)
{
	const char *s = scalar(n);

	if (s == NULL) {
		err(p, n, path, "expected a string");
		return -1;
	}
	free(*out);
	*out = strdup(s);
	return *out ? 0 : -1;
}

/*
 * A string of lo to hi characters from a set (NULL: any); what says what to
 * write. On a bad value *out is freed, so nothing invalid is ever used.
 */
struct strspec {
	size_t lo, hi;
	const char *charset;
	const char *what;
};

static int
get_string_spec(struct cparse *p, const yaml_node_t *n, const char *path, const struct strspec *sp, char **out)
{
	size_t len;

	if (get_string(p, n, path, out) != 0)
		return -1;
	len = strlen(*out);
	if (len < sp->lo || len > sp->hi)
		err(p, n, path, "\"%s\" has %zu character%s; write %s", *out, len, len == 1 ? "" : "s", sp->what);
	else if (sp->charset != NULL && strspn(*out, sp->charset) != len)
		err(p, n, path, "\"%s\" holds '%c', which is not allowed; write %s", *out, (*out)[strspn(*out,
		    sp->charset)], sp->what);
	else
		return 0;
	free(*out);
	*out = NULL;
	return -1;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* IAM's own rule for ExternalId (sts AssumeRole: 2-1224 of [\w+=,.@:/-]). */
static const struct strspec external_id_spec = { 2, 1224, ALNUM "_+=,.@:/-",
	"the external id the role's trust policy requires: 2 to 1224 letters, digits or _+=,.@:/-" };

static int
get_int(struct cparse *p, const yaml_node_t *n, const char *path, long lo, long hi, int *out)
{
	const char *s = scalar(n);
	char *end = NULL;
	long v;

	errno = 0;
	v = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
		err(p, n, path, "\"%s\" must be a whole number from %ld to %ld", s ? s : "?", lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int
lat_config_parse_duration(const char *s, int64_t *ms, struct lat_diag *d)
{
	const char *p = s;
	int64_t total = 0;

	if (s == NULL || *s == '\0')
		goto bad;
	while (*p != '\0') {
		char *end;
		long long v;
		int64_t unit;

		if (!isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno != 0 || v > 1000000000LL)
			goto bad;
		if (strncmp(end, "ms", 2) == 0)
			unit = 1, end += 2;
		else if (*end == 's')
			unit = 1000, end++;
		else if (*end == 'm')
			unit = 60000, end++;
		else if (*end == 'h')
			unit = 3600000, end++;
		else
			goto bad;
		total += v * unit;
		p = end;
	}
	*ms = total;
	return 0;
bad:
	return lat_diag_set(d, LAT_EINVAL, "duration \"%s\": write a number with a unit, like 30s, 5m, 1h or 1m30s",
	    s ? s : "");
}

#define FOR_PAIRS(p, map, pair) \
	for (yaml_node_pair_t *pair = (map)->data.mapping.pairs.start; pair < (map)->data.mapping.pairs.top; pair++)
#define KEY(p, pair) yaml_document_get_node((p)->doc, (pair)->key)
#define VAL(p, pair) yaml_document_get_node((p)->doc, (pair)->value)

static int
is_map(struct cparse *p, const yaml_node_t *n, const char *path)
{
	if (n != NULL && n->type == YAML_MAPPING_NODE)
		return 1;
	err(p, n, path, "expected a mapping (key: value lines)");
	return 0;
}

static int
is_seq(struct cparse *p, const yaml_node_t *n, const char *path)
{
	if (n != NULL && n->type == YAML_SEQUENCE_NODE && n->data.sequence.items.top > n->data.sequence.items.start)
		return 1;
	err(p, n, path, "expected a non-empty list");
	return 0;
}

/* The CLI and the console show zone ids as "/hostedzone/Z…": accept that form as it is pasted. */
static void
strip_zone_prefix(char *id)
{
	static const char prefix[] = "/hostedzone/";

	if (strncmp(id, prefix, sizeof(prefix) - 1) == 0)
		memmove(id, id + sizeof(prefix) - 1, strlen(id + sizeof(prefix) - 1) + 1);
}

static int
all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
region_check(const char *s, struct lat_buf *why)
{
	if (lat_region_valid(s))
		return 0;
	lat_buf_adds(why, "is not a region name like eu-west-1");
	return -1;
}

static int
valid_role_arn(const char *s)
{
	const char *p;

	if (strncmp(s, "arn:aws:iam::", 13) == 0)
		p = s + 13;
	else if (strncmp(s, "arn:aws-cn:iam::", 16) == 0)
		p = s + 16;
	else if (strncmp(s, "arn:aws-us-gov:iam::", 20) == 0)
		p = s + 20;
	else
		return 0;
	for (int i = 0; i < 12; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	return strncmp(p + 12, ":role/", 6) == 0 && p[18] != '\0';
}

/* A service network as Lattice names it: sn-..., its ARN, or its name (1-63; an ARN up to 2048). */
static const struct strspec service_network_spec = { 1, 2048, NULL,
	"the service network whose association to publish: its id (sn-...), ARN or name" };

static void
role_arn(struct cparse *p, const yaml_node_t *n, const char *path, char **out)
{
	if (get_string(p, n, path, out) == 0 && !valid_role_arn(*out))
		err(p, n, path, "\"%s\" is not an IAM role ARN; write arn:aws:iam::<12-digit account>:role/<name>", *out);
}

static void
string_list(struct cparse *p, const yaml_node_t *n, const char *path, char ***out, size_t *nout,
    int (*check)(const char *, struct lat_buf *why))
{
	if (!is_seq(p, n, path))
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(p->doc, *it);
		char *s = NULL, **v;

		if (get_string(p, e, path, &s) != 0)
			continue;
		if (check != NULL) {
			struct lat_buf why = { 0 };

			if (check(s, &why) != 0) {
				err(p, e, path, "\"%s\" %s", s, lat_buf_str(&why));
				lat_buf_cleanup(&why);
				free(s);
				continue;
			}
			lat_buf_cleanup(&why);
		}
		if ((v = realloc(*out, (*nout + 1) * sizeof(*v))) == NULL) {
			free(s);
			return;
		}
		*out = v;
		v[(*nout)++] = s;
	}
}

static void
account_id(struct cparse *p, const yaml_node_t *n, const char *path, char **out)
{
	if (get_string(p, n, path, out) != 0)
		return;
	if (!all_digits(*out, 12))
		err(p, n, path, "\"%s\" is not a 12-digit AWS account id", *out);
	else if (plain(n))
		err(p, n, path, "write the account id in quotes (\"%s\"): YAML reads bare digits as a number "
		    "and would drop leading zeros", *out);
}

/*
 * A role in another account lists that account's services as this one's:
 * the plan would delete this account's records as "the service was
 * deleted" (issue 9). The role's account must be the id.
 */
static void
role_in_account(struct cparse *p, const yaml_node_t *n, const char *path, const struct lat_config_account *a)
{
	const char *acct;
	char *sub;

	if (!valid_role_arn(a->role_arn) || !all_digits(a->id, 12))
		return;     /* already reported */
	acct = strstr(a->role_arn, ":iam::") + 6;
	if (strncmp(acct, a->id, 12) == 0)
		return;
	sub = path_join(path, "role_arn");
	err(p, n, sub, "\"%s\" is a role in account %.12s, not in this account (%s); latticedns would list "
	    "account %.12s's services as %s's: use a role of account %s", a->role_arn, acct, a->id, acct, a->id,
	    a->id);
	free(sub);
}

static void
parse_account(struct cparse *p, const yaml_node_t *n, const char *path, struct lat_config_account *a)
{
	static const char *const known[] = { "id", "role_arn", "external_id", "regions", "allowed_domains",
		"service_network", NULL };
	const yaml_node_t *role_node = NULL;

	if (!is_map(p, n, path))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k);
		char *sub = path_join(path, key ? key : "?");

		if (key == NULL)
			unknown_key(p, k, path, known);
		else if (strcmp(key, "id") == 0)
			account_id(p, v, sub, &a->id);
		else if (strcmp(key, "role_arn") == 0) {
			role_arn(p, v, sub, &a->role_arn);
			role_node = v;
		} else if (strcmp(key, "external_id") == 0)
			(void)get_string_spec(p, v, sub, &external_id_spec, &a->external_id);
		else if (strcmp(key, "regions") == 0)
			string_list(p, v, sub, &a->regions, &a->nregions, region_check);
		else if (strcmp(key, "allowed_domains") == 0)
			string_list(p, v, sub, &a->allowed_domains, &a->nallowed, lat_dnsname_check);
		else if (strcmp(key, "service_network") == 0)
			(void)get_string_spec(p, v, sub, &service_network_spec, &a->service_network);
		else
			unknown_key(p, k, path, known);
		free(sub);
	}
	if (a->id == NULL)
		err(p, n, path, "id is required (the account's 12-digit id, in quotes)");
	else if (a->role_arn != NULL && role_node != NULL)
		role_in_account(p, role_node, path, a);
	if (a->nregions == 0 && p->c->region != NULL) {
		/* Filled in later with the home region when the list is absent. */
	}
}

static void
parse_accounts(struct cparse *p, const yaml_node_t *n)
{
	size_t i = 0;

	if (!is_seq(p, n, "accounts"))
		return;
	p->c->accounts = calloc((size_t)(n->data.sequence.items.top - n->data.sequence.items.start),
	    sizeof(*p->c->accounts));
	if (p->c->accounts == NULL)
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
		struct lat_buf path = { 0 };

		lat_buf_addf(&path, "accounts[%zu]", i);
		parse_account(p, yaml_document_get_node(p->doc, *it), lat_buf_str(&path), &p->c->accounts[i]);
		p->c->naccounts = i + 1;
		for (size_t j = 0; j < i; j++)
			if (p->c->accounts[i].id && p->c->accounts[j].id &&
			    strcmp(p->c->accounts[i].id, p->c->accounts[j].id) == 0)
				err(p, yaml_document_get_node(p->doc, *it), lat_buf_str(&path),
				    "account %s is listed twice (also accounts[%zu]); list its regions once",
				    p->c->accounts[i].id, j);
		lat_buf_cleanup(&path);
	}
}

static int
valid_zone_id(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32 || s[0] != 'Z')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

#include "controller/config_zone.inc"

static void
parse_zones(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "id", "adopt", "view", "style", "ttl", "target", "selector",
		"service_network", "allow_link_local", NULL };
	size_t i = 0;

	if (!is_seq(p, n, "zones"))
		return;
	p->c->zones = calloc((size_t)(n->data.sequence.items.top - n->data.sequence.items.start), sizeof(*p->c->zones));
	if (p->c->zones == NULL)
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
		yaml_node_t *z = yaml_document_get_node(p->doc, *it);
		struct lat_buf path = { 0 };

		lat_buf_addf(&path, "zones[%zu]", i);
		p->c->nzones = i + 1;
		if (is_map(p, z, lat_buf_str(&path))) {
			FOR_PAIRS(p, z, pair) {
				yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
				char *sub = path_join(lat_buf_str(&path), scalar(k) ? scalar(k) : "?");

				if (scalar(k) && strcmp(scalar(k), "id") == 0) {
					if (get_string(p, v, sub, &p->c->zones[i].id) == 0)
						strip_zone_prefix(p->c->zones[i].id);
					if (p->c->zones[i].id != NULL && !valid_zone_id(p->c->zones[i].id))
						err(p, v, sub, "\"%s\" is not a Route 53 hosted zone id (Z followed by "
						    "upper-case letters and digits)", p->c->zones[i].id);
				} else if (scalar(k) && strcmp(scalar(k), "adopt") == 0) {
					const char *a = scalar(v);

					if (a != NULL && strcmp(a, "alias-match") == 0)
						p->c->zones[i].adopt = LAT_ADOPT_ALIAS_MATCH;
					else if (a != NULL && strcmp(a, "none") == 0)
						p->c->zones[i].adopt = LAT_ADOPT_NONE;
					else
						err(p, v, sub, "use none (the default) or alias-match (an existing alias to "
						    "exactly the service's dnsEntry is adopted, not recreated)");
				} else {
					zone_style_key(p, k, v, lat_buf_str(&path), sub, known, &p->c->zones[i].style);
				}
				free(sub);
			}
			if (p->c->zones[i].id == NULL)
				err(p, z, lat_buf_str(&path), "id is required (the hosted zone id, Z...)");
			zone_style_check(p, z, lat_buf_str(&path), &p->c->zones[i].style);
		}
		for (size_t j = 0; j < i; j++)
			if (p->c->zones[i].id && p->c->zones[j].id && strcmp(p->c->zones[i].id, p->c->zones[j].id) == 0)
				err(p, z, lat_buf_str(&path), "zone %s is listed twice", p->c->zones[i].id);
		lat_buf_cleanup(&path);
	}
}

static void
parse_selector(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "tag", "value", NULL };
	/* AWS's tag limits: a key of 1-128 characters, a value of at most 256. */
	static const struct strspec tag_spec = { 1, 128, NULL,
		"the tag key a service carries to opt in (1 to 128 characters), like NewService" };
	static const struct strspec value_spec = { 0, 256, NULL, "a tag value of at most 256 characters" };

	if (!is_map(p, n, "selector"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "";

		if (strcmp(key, "tag") == 0)
			(void)get_string_spec(p, v, "selector.tag", &tag_spec, &p->c->selector_key);
		else if (strcmp(key, "value") == 0)
			(void)get_string_spec(p, v, "selector.value", &value_spec, &p->c->selector_value);
		else
			unknown_key(p, k, "selector", known);
	}
}

static void
parse_dns_account(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "role_arn", "external_id", NULL };

	if (!is_map(p, n, "dns_account"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "";

		if (strcmp(key, "role_arn") == 0)
			role_arn(p, v, "dns_account.role_arn", &p->c->dns_role_arn);
		else if (strcmp(key, "external_id") == 0)
			(void)get_string_spec(p, v, "dns_account.external_id", &external_id_spec, &p->c->dns_external_id);
		else
			unknown_key(p, k, "dns_account", known);
	}
}

static void
parse_safety(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "max_delete_percent", "min_records_for_threshold", NULL };

	if (!is_map(p, n, "safety"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "";

		if (strcmp(key, "max_delete_percent") == 0)
			(void)get_int(p, v, "safety.max_delete_percent", 0, 100, &p->c->max_delete_percent);
		else if (strcmp(key, "min_records_for_threshold") == 0)
			(void)get_int(p, v, "safety.min_records_for_threshold", 0, 1000000, &p->c->min_records_for_threshold);
		else
			unknown_key(p, k, "safety", known);
	}
}

static void
parse_rps(struct cparse *p, const yaml_node_t *n)
{
	const char *s = scalar(n);
	char *end = NULL;
	double v = s ? strtod(s, &end) : 0;

	if (s == NULL || end == s || *end != '\0' || !(v > 0) || v > 1000)
		err(p, n, "aws.route53_rps", "\"%s\" must be a number of requests per second above 0 "
		    "(Route 53 allows 5 per account)", s ? s : "?");
	else
		p->c->route53_rps = v;
}

/*
 * A CA bundle that is not there would fail every TLS handshake of every
 * cycle with a message about certificates: say so here, where it is written.
 */
static void
ca_bundle(struct cparse *p, const yaml_node_t *v)
{
	struct stat sb;

	if (get_string(p, v, "aws.ca_bundle", &p->c->ca_bundle) != 0)
		return;
	if (p->c->ca_bundle[0] == '\0')
		err(p, v, "aws.ca_bundle", "\"\" is empty; write the path of a PEM file of CA certificates, or "
		    "remove the key");
	else if (stat(p->c->ca_bundle, &sb) != 0 || access(p->c->ca_bundle, R_OK) != 0)
		err(p, v, "aws.ca_bundle", "\"%s\": %s; write the path of a readable PEM file of CA certificates, "
		    "or remove the key", p->c->ca_bundle, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		err(p, v, "aws.ca_bundle", "\"%s\" is not a regular file; write the path of a PEM file of CA "
		    "certificates", p->c->ca_bundle);
	else
		return;
	free(p->c->ca_bundle);
	p->c->ca_bundle = NULL;
}

static void
parse_aws(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "max_attempts", "route53_rps", "route53_burst", "concurrency",
		"ca_bundle", "tag_source", "region", "timeout", NULL };

	if (!is_map(p, n, "aws"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "";
		char *s = NULL;

		if (strcmp(key, "max_attempts") == 0) {
			(void)get_int(p, v, "aws.max_attempts", 1, 20, &p->c->max_attempts);
		} else if (strcmp(key, "route53_rps") == 0) {
			parse_rps(p, v);
		} else if (strcmp(key, "route53_burst") == 0) {
			(void)get_int(p, v, "aws.route53_burst", 1, 1000, &p->c->route53_burst);
		} else if (strcmp(key, "concurrency") == 0) {
			(void)get_int(p, v, "aws.concurrency", 1, 256, &p->c->concurrency);
		} else if (strcmp(key, "timeout") == 0) {
			struct lat_diag e = { 0 };

			if (get_string(p, v, "aws.timeout", &s) == 0 && (lat_config_parse_duration(s, &p->c->timeout_ms, &e)
			    != 0 || p->c->timeout_ms < 1000 || p->c->timeout_ms > 300000))
				err(p, v, "aws.timeout", "\"%s\" is not a duration from 1s to 5m; write it like 10s", s);
			lat_diag_cleanup(&e);
			free(s);
		} else if (strcmp(key, "ca_bundle") == 0) {
			ca_bundle(p, v);
		} else if (strcmp(key, "region") == 0) {
			if (get_string(p, v, "aws.region", &p->c->region) == 0 && !lat_region_valid(p->c->region))
				err(p, v, "aws.region", "\"%s\" is not a region name like us-east-1", p->c->region);
			p->c->region_set = 1;
		} else if (strcmp(key, "tag_source") == 0) {
			if (get_string(p, v, "aws.tag_source", &s) == 0) {
				if (strcmp(s, "tagging-api") == 0)
					p->c->tag_source = LAT_TAGSRC_TAGGING;
				else if (strcmp(s, "lattice") == 0)
					p->c->tag_source = LAT_TAGSRC_LATTICE;
				else
					err(p, v, "aws.tag_source", "\"%s\": use tagging-api or lattice", s);
			}
			free(s);
		} else {
			unknown_key(p, k, "aws", known);
		}
	}
}

static void
parse_log(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "level", "format", NULL };

	if (!is_map(p, n, "log"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "", *s = scalar(v);

		if (strcmp(key, "level") == 0 && s && (!strcmp(s, "debug") || !strcmp(s, "info") ||
		    !strcmp(s, "warn") || !strcmp(s, "error")))
			(void)get_string(p, v, "log.level", &p->c->log_level);
		else if (strcmp(key, "level") == 0)
			err(p, v, "log.level", "use debug, info, warn or error");
		else if (strcmp(key, "format") == 0 && s && (!strcmp(s, "text") || !strcmp(s, "json")))
			(void)get_string(p, v, "log.format", &p->c->log_format);
		else if (strcmp(key, "format") == 0)
			err(p, v, "log.format", "use text or json");
		else
			unknown_key(p, k, "log", known);
	}
}

/*
 * The endpoint's address is checked here, with the config's line, so a
 * typo fails --check-config rather than the start of the controller.
 */
static void
parse_metrics(struct cparse *p, const yaml_node_t *n)
{
	static const char *const known[] = { "address", "cycle_timeout", NULL };
	struct lat_diag d = { 0 };
	char *s = NULL;

	if (!is_map(p, n, "metrics"))
		return;
	FOR_PAIRS(p, n, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "";
		struct sockaddr_storage ss;
		socklen_t len;

		if (strcmp(key, "address") == 0) {
			if (get_string(p, v, "metrics.address", &p->c->metrics_address) == 0 &&
			    lat_httpd_parse_address(p->c->metrics_address, &ss, &len, &d) != 0)
				err(p, v, "metrics.address", "%s", lat_diag_msg(&d));
		} else if (strcmp(key, "cycle_timeout") == 0) {
			if (get_string(p, v, "metrics.cycle_timeout", &s) == 0 &&
			    (lat_config_parse_duration(s, &p->c->cycle_timeout_ms, &d) != 0 ||
			    p->c->cycle_timeout_ms < 1000))
				err(p, v, "metrics.cycle_timeout", "\"%s\" is not a duration of at least 1s; write it "
				    "like 30s, 5m or 1h", s);
			free(s);
			s = NULL;
		} else {
			unknown_key(p, k, "metrics", known);
		}
		lat_diag_cleanup(&d);
	}
}

static void
parse_top_scalar(struct cparse *p, const char *key, const yaml_node_t *v)
{
	struct lat_diag d = { 0 };
	char *s = NULL;

	if (strcmp(key, "state") == 0) {
		static const struct strspec state_spec = { 1, 4096, NULL,
			"the path of the state database, like /var/lib/latticedns/state.db" };

		(void)get_string_spec(p, v, "state", &state_spec, &p->c->state_path);
	} else if (strcmp(key, "interval") == 0) {
		if (get_string(p, v, "interval", &s) == 0 &&
		    (lat_config_parse_duration(s, &p->c->interval_ms, &d) != 0 || p->c->interval_ms < 1000))
			err(p, v, "interval", "\"%s\" is not a duration of at least 1s; write it like 30s, 5m or 1h", s);
	} else if (strcmp(key, "ownership") == 0) {
		if (get_string(p, v, "ownership", &s) == 0) {
			if (strcmp(s, "tags") == 0)
				p->c->ownership = LAT_OWN_TAGS;
			else if (strcmp(s, "state") == 0)
				p->c->ownership = LAT_OWN_STATE;
			else if (strcmp(s, "txt") == 0)
				p->c->ownership = LAT_OWN_TXT;
			else
				err(p, v, "ownership", "\"%s\": use tags (zone tags, as the pipeline), txt (TXT records "
				    "in the zone, with owner_id) or state (the SQLite ledger only)", s);
			p->ownership_node = v;
		}
	} else if (strcmp(key, "owner_id") == 0) {
		struct lat_buf why = { 0 };

		if (get_string(p, v, "owner_id", &p->c->owner_id) == 0 &&
		    lat_registry_check_owner(p->c->owner_id, &why) != 0)
			err(p, v, "owner_id", "\"%s\" %s", p->c->owner_id, lat_buf_str(&why));
		lat_buf_cleanup(&why);
	} else if (strcmp(key, "txt_prefix") == 0) {
		struct lat_buf why = { 0 };

		if (get_string(p, v, "txt_prefix", &s) == 0) {
			if (lat_registry_check_prefix(s, &why) != 0) {
				err(p, v, "txt_prefix", "\"%s\" %s", s, lat_buf_str(&why));
			} else {
				free(p->c->txt_prefix);
				p->c->txt_prefix = s;
				s = NULL;
			}
		}
		lat_buf_cleanup(&why);
	} else if (strcmp(key, "zone_tag_limit") == 0) {
		(void)get_int(p, v, "zone_tag_limit", 1, 50, &p->c->zone_tag_limit);
	} else if (strcmp(key, "full_scan_every") == 0) {
		(void)get_int(p, v, "full_scan_every", 1, 1000000, &p->c->full_scan_every);
	} else if (strcmp(key, "overwrite") == 0 && get_string(p, v, "overwrite", &s) == 0) {
		if (strcmp(s, "any") == 0 || strcmp(s, "owned-only") == 0)
			p->c->overwrite = strcmp(s, "any") == 0 ? LAT_OVERWRITE_ANY : LAT_OVERWRITE_OWNED_ONLY;
		else
			err(p, v, "overwrite", "\"%s\": use any (an existing record at a wanted name is replaced, as "
			    "the pipeline) or owned-only (only records latticedns owns are replaced)", s);
	} else if (strcmp(key, "conflicts") == 0 && get_string(p, v, "conflicts", &s) == 0) {
		if (strcmp(s, "newest") == 0 || strcmp(s, "first-owner") == 0)
			p->c->conflicts = strcmp(s, "newest") == 0 ? LAT_CONFLICTS_NEWEST : LAT_CONFLICTS_FIRST_OWNER;
		else
			err(p, v, "conflicts", "\"%s\": use newest (the newest service wins a contested name, as the "
			    "pipeline) or first-owner (the service that holds the name keeps it)", s);
	}
	free(s);
	lat_diag_cleanup(&d);
}

/*
 * YAML keys are unique, but libyaml keeps both of a repeated key and the
 * second would silently override the first: report it, at the repeat.
 */
static void
check_duplicates(struct cparse *p, const yaml_node_t *n, const char *path, int depth)
{
	if (n == NULL || depth > 32)
		return;
	if (n->type == YAML_SEQUENCE_NODE) {
		size_t i = 0;

		for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
			struct lat_buf sub = { 0 };

			lat_buf_addf(&sub, "%s[%zu]", path, i);
			check_duplicates(p, yaml_document_get_node(p->doc, *it), lat_buf_str(&sub), depth + 1);
			lat_buf_cleanup(&sub);
		}
		return;
	}
	if (n->type != YAML_MAPPING_NODE)
		return;
	FOR_PAIRS(p, n, pair) {
		const char *key = scalar(KEY(p, pair));
		char *sub;

		if (key == NULL)
			continue;
		for (yaml_node_pair_t *prev = n->data.mapping.pairs.start; prev < pair; prev++) {
			const char *pk = scalar(KEY(p, prev));

			if (pk != NULL && strcmp(pk, key) == 0) {
				err(p, KEY(p, pair), *path ? path : "(top level)", "\"%s\" is given twice (first at line "
				    "%zu); keep one", key, KEY(p, prev)->start_mark.line + 1);
				break;
			}
		}
		sub = path_join(path, key);
		check_duplicates(p, VAL(p, pair), sub ? sub : path, depth + 1);
		free(sub);
	}
}

static void
parse_root(struct cparse *p, const yaml_node_t *root)
{
	static const char *const known[] = { "state", "interval", "selector", "ownership", "zones",
		"dns_account", "accounts", "safety", "zone_tag_limit", "aws", "log", "metrics", "overwrite",
		"conflicts", "full_scan_every", "owner_id", "txt_prefix", "resource_configurations", NULL };

	if (!is_map(p, root, "(top level)"))
		return;
	FOR_PAIRS(p, root, pair) {
		yaml_node_t *k = KEY(p, pair), *v = VAL(p, pair);
		const char *key = scalar(k) ? scalar(k) : "";

		if (!strcmp(key, "state") || !strcmp(key, "interval") || !strcmp(key, "ownership") ||
		    !strcmp(key, "zone_tag_limit") || !strcmp(key, "overwrite") || !strcmp(key, "conflicts") ||
		    !strcmp(key, "full_scan_every") || !strcmp(key, "owner_id") || !strcmp(key, "txt_prefix"))
			parse_top_scalar(p, key, v);
		else if (strcmp(key, "selector") == 0)
			parse_selector(p, v);
		else if (strcmp(key, "zones") == 0) {
			/* A repeat is reported by check_duplicates; parsing it too would lose the first list. */
			if (!p->have_zones)
				parse_zones(p, v);
			p->have_zones = 1;
		} else if (strcmp(key, "dns_account") == 0)
			parse_dns_account(p, v);
		else if (strcmp(key, "accounts") == 0) {
			if (!p->have_accounts)
				parse_accounts(p, v);
			p->have_accounts = 1;
		} else if (strcmp(key, "safety") == 0)
			parse_safety(p, v);
		else if (strcmp(key, "aws") == 0)
			parse_aws(p, v);
		else if (strcmp(key, "log") == 0)
			parse_log(p, v);
		else if (strcmp(key, "metrics") == 0)
			parse_metrics(p, v);
		else if (strcmp(key, "resource_configurations") == 0)
			parse_rescfg(p, v);
		else
			unknown_key(p, k, "(top level)", known);
	}
	if (!p->have_zones)
		err(p, root, "zones", "at least one hosted zone is required (zones: [{id: Z...}])");
	if (!p->have_accounts)
		err(p, root, "accounts", "at least one account is required (accounts: [{id: \"111122223333\", "
		    "role_arn: ..., regions: [...]}])");
	/* The registry's records name their owner: without one, two controllers could not share a zone. */
	if (p->c->ownership == LAT_OWN_TXT && p->c->owner_id == NULL)
		err(p, p->ownership_node, "ownership", "\"txt\" needs owner_id, the name this controller writes in "
		    "its TXT records (one per controller sharing a zone): add owner_id: net-prod");
}

static int
set_defaults(struct lat_config *c)
{
	c->interval_ms = 60000;
	c->cycle_timeout_ms = 10 * 60 * 1000;
	c->ownership = LAT_OWN_TAGS;
	c->max_delete_percent = 30;
	c->min_records_for_threshold = 10;
	c->zone_tag_limit = 50;
	c->full_scan_every = 10;
	c->max_attempts = 3;
	c->timeout_ms = 30000;
	c->route53_rps = 5;
	c->route53_burst = 1;
	c->concurrency = 16;
	c->tag_source = LAT_TAGSRC_TAGGING;
	c->state_path = strdup("/var/lib/latticedns/state.db");
	c->selector_key = strdup("NewService");
	c->selector_value = strdup("true");
	c->region = strdup("us-east-1");
	c->txt_prefix = strdup(LAT_REGISTRY_DEFAULT_PREFIX);
	c->rescfg.name_tag = strdup("latticedns/name");
	return c->state_path && c->selector_key && c->selector_value && c->region && c->txt_prefix &&
	    c->rescfg.name_tag ? 0 : LAT_ENOMEM;
}

/* An account without regions is listed in the home region. */
static int
fill_regions(struct lat_config *c)
{
	for (size_t i = 0; i < c->naccounts; i++) {
		struct lat_config_account *a = &c->accounts[i];

		if (a->nregions > 0)
			continue;
		if ((a->regions = calloc(1, sizeof(char *))) == NULL || (a->regions[0] = strdup(c->region)) == NULL)
			return LAT_ENOMEM;
		a->nregions = 1;
		a->home_regions = 1;
	}
	return 0;
}

int
lat_config_set_home_region(struct lat_config *c, const char *region)
{
	char *r = strdup(region);

	if (r == NULL)
		return LAT_ENOMEM;
	free(c->region);
	c->region = r;
	for (size_t i = 0; i < c->naccounts; i++) {
		struct lat_config_account *a = &c->accounts[i];

		if (!a->home_regions)
			continue;
		if ((r = strdup(region)) == NULL)
			return LAT_ENOMEM;
		free(a->regions[0]);
		a->regions[0] = r;
	}
	return 0;
}

/*
 * A second document ("---" and more) would be silently ignored: the
 * operator meant something by it. Reported, with a syntax error in it too.
 */
static void
second_document(struct cparse *p, yaml_parser_t *parser)
{
	yaml_document_t next;
	yaml_node_t *root;

	if (!yaml_parser_load(parser, &next)) {
		lat_buf_addf(&p->errs, "%s%s:%zu:%zu: not valid YAML: %s", p->nerrs ? "\n" : "", p->file,
		    parser->problem_mark.line + 1, parser->problem_mark.column + 1,
		    parser->problem ? parser->problem : "syntax error");
		p->nerrs++;
		return;
	}
	if ((root = yaml_document_get_root_node(&next)) != NULL)
		err(p, root, "(top level)", "a second YAML document (after \"---\") starts here; latticedns reads "
		    "one: merge it into the first or remove it");
	yaml_document_delete(&next);
}

int
lat_config_parse(const char *text, size_t len, const char *name, struct lat_config *out, struct lat_diag *d)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct cparse p = { .doc = &doc, .file = name, .c = out };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (set_defaults(out) != 0 || (out->path = strdup(name)) == NULL) {
		lat_config_cleanup(out);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	if (!yaml_parser_initialize(&parser)) {
		lat_config_cleanup(out);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = lat_diag_set(d, LAT_ECONFIG, "%s:%zu:%zu: not valid YAML: %s%s%s", name,
		    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
		    parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		lat_config_cleanup(out);
		return rc;
	}
	if (yaml_document_get_root_node(&doc) == NULL)
		err(&p, NULL, "(top level)", "the file is empty; see examples/latticedns.single-account.yaml");
	else {
		check_duplicates(&p, yaml_document_get_root_node(&doc), "", 0);
		parse_root(&p, yaml_document_get_root_node(&doc));
	}
	second_document(&p, &parser);
	if (p.nerrs == 0 && fill_regions(out) != 0)
		lat_buf_adds(&p.errs, "out of memory"), p.nerrs++;
	if (p.nerrs > CONFIG_MAX_ERRORS)
		lat_buf_addf(&p.errs, "\n%s: %d more problems not shown; fix these first", name,
		    p.nerrs - CONFIG_MAX_ERRORS);
	if (p.nerrs > 0 || lat_buf_status(&p.errs) != 0) {
		rc = lat_diag_set(d, LAT_ECONFIG, "%s", p.nerrs ? lat_buf_str(&p.errs) : "out of memory");
		lat_config_cleanup(out);
	}
	lat_buf_cleanup(&p.errs);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

int
lat_config_load(const char *path, struct lat_config *out, struct lat_diag *d)
{
	FILE *f = fopen(path, "rb");
	struct lat_buf b = { 0 };
	char chunk[4096];
	size_t n;
	int rc;

	struct stat sb;

	memset(out, 0, sizeof(*out));
	if (f == NULL)
		return lat_diag_set(d, LAT_ECONFIG, "%s: cannot read the configuration (%s); pass -c FILE or set "
		    "LATTICEDNS_CONFIG", path, strerror(errno));
	/* A directory opens and reads as empty; a FIFO or device is not a file an operator edits. */
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return lat_diag_set(d, LAT_ECONFIG, "%s: %s, not a configuration file; pass -c with the path of "
		    "latticedns.yaml", path, S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
	}
	lat_buf_init(&b, 4 * 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lat_buf_add(&b, chunk, n);
	fclose(f);
	if ((rc = lat_buf_status(&b)) != 0) {
		lat_buf_cleanup(&b);
		return lat_diag_set(d, LAT_ECONFIG, "%s: larger than 4 MiB; is it the right file?", path);
	}
	rc = lat_config_parse(lat_buf_str(&b), b.len, path, out, d);
	lat_buf_cleanup(&b);
	return rc;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
lat_config_cleanup(struct lat_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->naccounts; i++) {
		free(c->accounts[i].id);
		free(c->accounts[i].role_arn);
		free(c->accounts[i].external_id);
		free_list(c->accounts[i].regions, c->accounts[i].nregions);
		free_list(c->accounts[i].allowed_domains, c->accounts[i].nallowed);
		free(c->accounts[i].service_network);
	}
	free(c->accounts);
	for (size_t i = 0; i < c->nzones; i++) {
		free(c->zones[i].id);
		lat_zone_style_cleanup(&c->zones[i].style);
	}
	free(c->rescfg.selector_key);
	free(c->rescfg.selector_value);
	free(c->rescfg.name_tag);
	free(c->zones);
	free(c->path);
	free(c->state_path);
	free(c->selector_key);
	free(c->selector_value);
	free(c->dns_role_arn);
	free(c->dns_external_id);
	free(c->ca_bundle);
	free(c->region);
	free(c->log_level);
	free(c->log_format);
	free(c->metrics_address);
	free(c->owner_id);
	free(c->txt_prefix);
	memset(c, 0, sizeof(*c));
}
