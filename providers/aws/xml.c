/* xml.c - safe libxml2 parsing and element lookups. */
#include "providers/aws/xml.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

int
lat_xml_parse(const char *p, size_t len, const char *what, xmlDoc **out, struct lat_diag *d)
{
	xmlDoc *doc;

	*out = NULL;
	if (len > 64u * 1024 * 1024)
		return lat_diag_set(d, LAT_ELIMIT, "%s: body of %zu bytes is too large", what, len);
	/* NONET: never fetch; no NOENT/DTDLOAD: entities are not expanded. */
	doc = xmlReadMemory(p, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
	if (!doc || !xmlDocGetRootElement(doc)) {
		if (doc)
			xmlFreeDoc(doc);
		return lat_diag_set(d, LAT_EPARSE, "%s: not well-formed XML (%zu bytes)", what, len);
	}
	*out = doc;
	return 0;
}

static int
is_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && (name == NULL || strcmp((const char *)n->name, name) == 0);
}

xmlNode *
lat_xml_child(const xmlNode *parent, const char *name)
{
	if (!parent)
		return NULL;
	for (xmlNode *n = parent->children; n; n = n->next)
		if (is_named(n, name))
			return n;
	return NULL;
}

xmlNode *
lat_xml_next(const xmlNode *node, const char *name)
{
	if (!node)
		return NULL;
	for (xmlNode *n = node->next; n; n = n->next)
		if (is_named(n, name))
			return n;
	return NULL;
}

xmlNode *
lat_xml_path(const xmlNode *from, const char *path)
{
	const xmlNode *cur = from;
	char name[128];

	while (cur && *path) {
		size_t n = strcspn(path, "/");

		if (n == 0 || n >= sizeof(name))
			return NULL;
		memcpy(name, path, n);
		name[n] = '\0';
		cur = lat_xml_child(cur, name);
		path += n;
		if (*path == '/')
			path++;
	}
	return (xmlNode *)cur;
}

char *
lat_xml_text(const xmlNode *node)
{
	xmlChar *c;
	char *s;

	if (!node)
		return NULL;
	c = xmlNodeGetContent(node);
	s = strdup(c ? (const char *)c : "");
	xmlFree(c);
	return s;
}

char *
lat_xml_path_text(const xmlNode *from, const char *path)
{
	return lat_xml_text(lat_xml_path(from, path));
}
