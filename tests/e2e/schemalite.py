"""A small JSON Schema (2020-12) checker for the keywords schemas/ uses; Python's standard library has none.

Supported: type, const, enum, required, properties, additionalProperties,
propertyNames, items, minItems, pattern, minimum, maximum, exclusiveMinimum,
minLength, maxLength, $ref to #/$defs. An unknown keyword is an error, so the
schemas cannot silently use something this does not check.
"""
import re

KNOWN = {'$schema', '$id', 'title', 'description', 'default', 'type', 'const', 'enum', 'required', 'properties',
         'additionalProperties', 'propertyNames', 'items', 'minItems', 'pattern', 'minimum', 'maximum',
         'exclusiveMinimum', 'minLength', 'maxLength', '$ref', '$defs'}
TYPES = {'object': dict, 'array': list, 'string': str, 'boolean': bool, 'null': type(None)}


def _is(value, t):
    if t == 'integer':
        return isinstance(value, int) and not isinstance(value, bool)
    if t == 'number':
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[t])


def errors(value, schema, root=None, path='$'):
    """Every violation as 'path: what'."""
    root = root or schema
    unknown = set(schema) - KNOWN
    if unknown:
        return ['%s: the schema uses unsupported keywords %s' % (path, sorted(unknown))]
    if '$ref' in schema:
        ref = schema['$ref']
        assert ref.startswith('#/$defs/'), ref
        return errors(value, root['$defs'][ref[len('#/$defs/'):]], root, path)
    out = []
    if 'type' in schema:
        ts = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        if not any(_is(value, t) for t in ts):
            return ['%s: %r is not of type %s' % (path, value, '/'.join(ts))]
    if 'const' in schema and value != schema['const']:
        out.append('%s: %r is not %r' % (path, value, schema['const']))
    if 'enum' in schema and value not in schema['enum']:
        out.append('%s: %r is not one of %s' % (path, value, schema['enum']))
    if isinstance(value, str):
        if 'pattern' in schema and not re.search(schema['pattern'], value):
            out.append('%s: %r does not match %s' % (path, value, schema['pattern']))
        if len(value) < schema.get('minLength', 0) or len(value) > schema.get('maxLength', 1 << 62):
            out.append('%s: length %d out of bounds' % (path, len(value)))
    if _is(value, 'number'):
        if 'minimum' in schema and value < schema['minimum']:
            out.append('%s: %r < %r' % (path, value, schema['minimum']))
        if 'maximum' in schema and value > schema['maximum']:
            out.append('%s: %r > %r' % (path, value, schema['maximum']))
        if 'exclusiveMinimum' in schema and value <= schema['exclusiveMinimum']:
            out.append('%s: %r <= %r' % (path, value, schema['exclusiveMinimum']))
    if isinstance(value, list):
        if len(value) < schema.get('minItems', 0):
            out.append('%s: fewer than %d items' % (path, schema['minItems']))
        if 'items' in schema:
            for i, v in enumerate(value):
                out += errors(v, schema['items'], root, '%s[%d]' % (path, i))
    if isinstance(value, dict):
        for r in schema.get('required', []):
            if r not in value:
                out.append('%s: required %r missing' % (path, r))
        props = schema.get('properties', {})
        for k, v in value.items():
            if 'propertyNames' in schema:
                out += errors(k, schema['propertyNames'], root, '%s.<%s>' % (path, k))
            if k in props:
                out += errors(v, props[k], root, '%s.%s' % (path, k))
            elif schema.get('additionalProperties') is False:
                out.append('%s: unexpected key %r' % (path, k))
            elif isinstance(schema.get('additionalProperties'), dict):
                out += errors(v, schema['additionalProperties'], root, '%s.%s' % (path, k))
    return out
