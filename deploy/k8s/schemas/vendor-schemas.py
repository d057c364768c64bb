#!/usr/bin/env python3
"""Re-creates the vendored schemas of deploy/k8s/schemas from the upstream files named in README.md.

    vendor-schemas.py SWAGGER_JSON CRD_YAML...

Keeps, of the Kubernetes OpenAPI v2 document, only the definitions that the kinds in KINDS reach; of each CRD, the
openAPIV3Schema of every served version. Descriptions are dropped (size); nothing else is changed: strictness
(unknown fields are errors) is applied by the validator when it loads them (KubernetesSchemas.java).
"""
import json
import sys

import yaml  # PyYAML, Debian's python3-yaml

KINDS = {
    "v1/ConfigMap": "io.k8s.api.core.v1.ConfigMap",
    "v1/Secret": "io.k8s.api.core.v1.Secret",
    "v1/Service": "io.k8s.api.core.v1.Service",
    "v1/Namespace": "io.k8s.api.core.v1.Namespace",
    "v1/ServiceAccount": "io.k8s.api.core.v1.ServiceAccount",
    "apps/v1/Deployment": "io.k8s.api.apps.v1.Deployment",
    "policy/v1/PodDisruptionBudget": "io.k8s.api.policy.v1.PodDisruptionBudget",
    "networking.k8s.io/v1/Ingress": "io.k8s.api.networking.v1.Ingress",
    "networking.k8s.io/v1/NetworkPolicy": "io.k8s.api.networking.v1.NetworkPolicy",
}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            found.add(ref[len("#/definitions/"):])
        for v in node.values():
            refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)


def main(swagger_path, crd_paths):
    with open(swagger_path) as f:
        definitions = json.load(f)["definitions"]
    keep, todo = set(), list(KINDS.values())
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(definitions[name], found)
        todo.extend(found - keep)
    out = {"kinds": KINDS, "definitions": {n: strip(definitions[n]) for n in sorted(keep)}}
    with open("kubernetes.json", "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    for path in crd_paths:
        with open(path) as f:
            crd = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition")
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if not version.get("served", True):
                continue
            name = f"{group}_{version['name']}_{kind.lower()}.json"
            with open(name, "w") as f:
                json.dump({"apiVersion": f"{group}/{version['name']}", "kind": kind,
                           "scope": crd["spec"]["scope"],
                           "schema": strip(version["schema"]["openAPIV3Schema"])}, f, indent=1, sort_keys=True)
                f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
