"""Stage 7: the int8 CPU variant of the shipped model (models/default/model.int8.onnx).

Every MatMul whose right-hand side is a weight matrix (the fused QKV projection, attention output, feed-forward
and head layers) becomes onnxruntime's DynamicQuantizeMatMul: weights stored as int8 (7-bit range) with one symmetric scale
per output column, activations quantised per batch at run time. Everything else (embeddings, LayerNorm, softmax,
attention over activations) stays float32. The MatMuls are ~72% of the model's CPU time (onnxruntime profile), and
int8 GEMMs run about twice as many multiply-adds per cycle as float32 on AVX2.

    /usr/bin/python3 training/quantize.py models/default/model.onnx models/default/model.int8.onnx
Then measure agreement and test-split metrics against the float32 model:  node training/compare_precision.mjs
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

MIN_WEIGHTS = 256 * 256  # small matrices gain nothing and lose the most precision
# 7-bit weights ("reduce range"): x86 CPUs without VNNI multiply u8 x s8 pairs into saturating int16 sums, which
# full 8-bit weights can overflow; 7 bits cannot.
QMAX = 63.0


def quantize(src, dst):
    model = onnx.load(src)
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    nodes, added, count = [], [], 0
    for node in graph.node:
        w = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        array = numpy_helper.to_array(w).astype(np.float32) if w is not None else None
        if array is None or array.ndim != 2 or array.size < MIN_WEIGHTS:
            nodes.append(node)
            continue
        # Symmetric per output column: zero stays exactly zero, and a column's scale follows its own range.
        scale = np.maximum(np.abs(array).max(axis=0), 1e-12) / QMAX
        q = np.clip(np.round(array / scale), -QMAX, QMAX).astype(np.int8)
        name = node.input[1] + "_int8"
        added += [
            numpy_helper.from_array(q, name),
            numpy_helper.from_array(scale.astype(np.float32), name + "_scale"),
            numpy_helper.from_array(np.zeros(q.shape[1], np.int8), name + "_zero_point"),
        ]
        nodes.append(helper.make_node("DynamicQuantizeMatMul", [node.input[0], name, name + "_scale", name + "_zero_point"],
                                      list(node.output), name=node.name + "_int8", domain="com.microsoft"))
        count += 1
    del graph.node[:]
    graph.node.extend(nodes)
    graph.initializer.extend(added)
    used = {i for n in graph.node for i in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    print(f"{dst}: {count} MatMuls quantised to int8 (per-column scales)")
    record_variant(dst, count)


def record_variant(dst, count):
    """Lists the variant in the manifest beside it (kept by export.py --manifest-only)."""
    manifest_file = os.path.join(os.path.dirname(os.path.abspath(dst)), "manifest.json")
    if not os.path.exists(manifest_file):
        return
    manifest = json.load(open(manifest_file))
    data = open(dst, "rb").read()
    old = {v.get("precision"): v for v in manifest.get("variants", [])}.get("int8", {})
    manifest["variants"] = [dict(
        precision="int8", name=os.path.basename(dst), sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
        method=f"training/quantize.py: {count} weight MatMuls as onnxruntime DynamicQuantizeMatMul (int8 weights, 7-bit "
               "symmetric per-column scales; activations quantised per batch at run time); everything else float32",
        **({"agreement": old["agreement"]} if "agreement" in old and old.get("sha256") == hashlib.sha256(data).hexdigest() else {}),
    )]
    with open(manifest_file, "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"{manifest_file}: lists the int8 variant")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    quantize(sys.argv[1], sys.argv[2])
