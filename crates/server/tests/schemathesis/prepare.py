"""Makes the upstream 2021-01-01 spec self-contained for schemathesis: the one `$ref` into
ARM's common-types (systemData) is replaced by that type's schema. Usage: prepare.py IN OUT"""

import json
import sys

SYSTEM_DATA = {
    "type": "object",
    "description": "Metadata pertaining to creation and last modification of the resource.",
    "readOnly": True,
    "properties": {
        "createdBy": {"type": "string"},
        "createdByType": {"type": "string", "enum": ["User", "Application", "ManagedIdentity", "Key"]},
        "createdAt": {"type": "string", "format": "date-time"},
        "lastModifiedBy": {"type": "string"},
        "lastModifiedByType": {"type": "string", "enum": ["User", "Application", "ManagedIdentity", "Key"]},
        "lastModifiedAt": {"type": "string", "format": "date-time"},
    },
}


def inline(node):
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.endswith("common-types/resource-management/v2/types.json#/definitions/systemData"):
            return {k: v for k, v in node.items() if k != "$ref"} | SYSTEM_DATA
        return {k: inline(v) for k, v in node.items()}
    if isinstance(node, list):
        return [inline(v) for v in node]
    return node


spec = inline(json.load(open(sys.argv[1])))
spec["schemes"] = ["http"]
json.dump(spec, open(sys.argv[2], "w"), indent=1)
