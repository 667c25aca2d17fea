#!/usr/bin/env python3
"""Count what a GIR file declares, independently of girgen's loader (used by gir/tests/load_counts.rs).

Usage: count_gir.py FILE.gir... ; prints one JSON object {path: {"namespace", "version", "counts"}}.

Counts are per namespace (one per file):
  functions        <function> directly in <namespace>
  all_functions    every <function> (namespace, class, interface, record, union, enum, boxed)
  methods          every <method>
  constructors     every <constructor>
  virtual_methods  every <virtual-method>
  signals          every <glib:signal>
  properties       every <property>
  fields           every <field>
  parameters       every <parameter> (instance parameters not included)
  classes, interfaces, records, unions, enums (enumeration + bitfield), bitfields, constants,
  callbacks, aliases, boxed   direct children of <namespace> of that kind
  members          every <member>
  docs             every <doc> kept by the model (of elements the model keeps)
Subtrees of elements the model does not keep (function-macro, docsection, ...) are not counted.
"""
import json
import sys
import xml.etree.ElementTree as ET

CORE = "{http://www.gtk.org/introspection/core/1.0}"
GLIB = "{http://www.gtk.org/introspection/glib/1.0}"

# Element kinds the loader does not model: their subtrees are skipped (recorded as unknown).
SKIPPED = {CORE + "function-macro", CORE + "docsection", CORE + "function-inline", CORE + "method-inline",
           CORE + "source-position", CORE + "attribute", CORE + "doc-version", CORE + "doc-deprecated",
           CORE + "doc-stability"}

EVERYWHERE = {
    CORE + "function": "all_functions",
    CORE + "method": "methods",
    CORE + "constructor": "constructors",
    CORE + "virtual-method": "virtual_methods",
    GLIB + "signal": "signals",
    CORE + "property": "properties",
    CORE + "field": "fields",
    CORE + "parameter": "parameters",
    CORE + "member": "members",
    CORE + "doc": "docs",
}

TOP = {
    CORE + "function": "functions",
    CORE + "class": "classes",
    CORE + "interface": "interfaces",
    CORE + "record": "records",
    CORE + "union": "unions",
    CORE + "enumeration": "enums",
    CORE + "bitfield": "enums",
    CORE + "constant": "constants",
    CORE + "callback": "callbacks",
    CORE + "alias": "aliases",
    GLIB + "boxed": "boxed",
}

KEYS = sorted(set(EVERYWHERE.values()) | set(TOP.values()) | {"bitfields"})


def walk(elem, counts):
    for child in elem:
        if child.tag in SKIPPED:
            continue
        key = EVERYWHERE.get(child.tag)
        if key:
            counts[key] += 1
        # <field> children of kinds <record>/<union> are anonymous nested types the model does not keep.
        if elem.tag == CORE + "field" and child.tag in (CORE + "record", CORE + "union"):
            continue
        walk(child, counts)


def count(path):
    root = ET.parse(path).getroot()
    ns = root.find(CORE + "namespace")
    counts = dict.fromkeys(KEYS, 0)
    for child in ns:
        key = TOP.get(child.tag)
        if key:
            counts[key] += 1
        if child.tag == CORE + "bitfield":
            counts["bitfields"] += 1
    walk(ns, counts)
    return {"namespace": ns.get("name"), "version": ns.get("version"), "counts": counts}


def main():
    out = {path: count(path) for path in sys.argv[1:]}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
