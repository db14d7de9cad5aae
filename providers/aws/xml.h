/* xml.h - safe libxml2 parsing and small element lookups for the XML protocols (STS, Route 53, errors). */
#ifndef LAT_XML_H
#define LAT_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "common/diag.h"

/*
 * Parses an XML body with no network access, no DTD loading and no entity
 * expansion (XML_PARSE_NONET, no XML_PARSE_NOENT/DTDLOAD), so a hostile
 * endpoint cannot make us fetch or expand anything. *out is freed with
 * xmlFreeDoc(). what names the body in the message ("route53 ListResourceRecordSets response").
 */
LAT_WUR int lat_xml_parse(const char *p, size_t len, const char *what, xmlDoc **out, struct lat_diag *d);

/* The first element child of parent whose local name is name (namespace ignored; NULL: any), or NULL. */
xmlNode *lat_xml_child(const xmlNode *parent, const char *name);
/* The next element sibling after node with local name name, or NULL. */
xmlNode *lat_xml_next(const xmlNode *node, const char *name);
/* Follows a path of local names separated by '/': lat_xml_path(root, "Error/Code"). */
xmlNode *lat_xml_path(const xmlNode *from, const char *path);
/*
 * The text content of node, malloc'd (caller frees); "" for an empty element;
 * NULL when node is NULL or on allocation failure (check *oom when it matters).
 */
char *lat_xml_text(const xmlNode *node);
/* lat_xml_text(lat_xml_path(from, path)). */
char *lat_xml_path_text(const xmlNode *from, const char *path);

#endif
