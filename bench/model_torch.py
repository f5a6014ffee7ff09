"""PyTorch side of bench/model-vs-torch.mjs: the default model in PyTorch eager (CPU, one thread).

The weights come from the shipped ONNX file's initializers, mapped back onto the training code's module
(training/molml_common.py, wrapped as in training/export.py) and loaded with strict=True; the module must reproduce
models/default/reference.jsonl before anything is timed.

    python3 bench/model_torch.py tokenize CSV N OUT.json   # RDKit canonical SMILES -> token ids (first N rows)
    python3 bench/model_torch.py bench TOKENS.json REPEATS  # TOKENS.json also lists the cases; prints one JSON line
"""
import json
import os
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "training"))
import molml_common as mc  # noqa: E402

MODEL_DIR = os.path.join(ROOT, "models", "default")


def manifest():
    with open(os.path.join(MODEL_DIR, "manifest.json")) as f:
        return json.load(f)


def tokenize(csv_path, n, out):
    import csv
    from rdkit import Chem, RDLogger
    RDLogger.DisableLog("rdApp.*")
    vocab = mc.Vocab(manifest()["tokenizer"]["vocabulary"])
    ids, skipped = [], 0
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            if len(ids) >= n:
                break
            mol = Chem.MolFromSmiles(row["smiles"])
            if mol is None or mol.GetNumAtoms() == 0:
                skipped += 1
                continue
            ids.append(vocab.encode(Chem.MolToSmiles(mol)))
    with open(out, "w") as f:
        json.dump(dict(input_ids=ids, skipped=skipped), f)


def build_model():
    import onnx
    import torch
    from onnx import numpy_helper
    m = manifest()
    arch = m["architecture"]
    _, _, TaskModel = mc.build_model_classes()
    enc = {k: arch[k] for k in ("d", "layers", "heads", "ff", "max_len")}
    n_out = len(m["tasks"])
    model = TaskModel(arch["vocab_size"], n_out, **enc)

    class Export(torch.nn.Module):  # as in training/export.py
        def __init__(self):
            super().__init__()
            self.m = model
            self.register_buffer("scale", torch.zeros(n_out))
            self.register_buffer("shift", torch.zeros(n_out))
            self.register_buffer("is_cls", torch.zeros(n_out, dtype=torch.bool))

        def forward(self, input_ids, attention_mask):
            raw, emb = self.m(input_ids, attention_mask)
            z = raw * self.scale + self.shift
            return emb, torch.where(self.is_cls, torch.sigmoid(z), z)

    ex = Export().eval()
    g = onnx.load(os.path.join(MODEL_DIR, "model.onnx")).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    sd = ex.state_dict()
    state = {k: torch.from_numpy(np.array(v)) for k, v in inits.items() if k in sd}
    # Linear weights inside the blocks were constant-folded into transposed MatMul initializers; map each back via
    # the MatMul node that reads it (nodes come in block order: qkv, out, ff1, ff2).
    folded = [n.input[1] for n in g.node if n.op_type == "MatMul" and n.input[1].startswith("onnx::MatMul")]
    slots = [f"m.encoder.blocks.{b}.{p}.weight" for b in range(arch["layers"]) for p in ("att.qkv", "att.out", "ff1", "ff2")]
    assert len(folded) == len(slots), (len(folded), len(slots))
    for name, slot in zip(folded, slots):
        w = inits[name].T
        assert tuple(w.shape) == tuple(sd[slot].shape), (name, slot, w.shape)
        state[slot] = torch.from_numpy(np.ascontiguousarray(w))
    state["is_cls"] = state["is_cls"].bool()
    ex.load_state_dict(state, strict=True)
    return ex


def verify(ex):
    import torch
    worst = 0.0
    n = 0
    with torch.inference_mode(), open(os.path.join(MODEL_DIR, "reference.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            ids = torch.tensor([r["input_ids"]], dtype=torch.long)
            e, p = ex(ids, torch.ones_like(ids))
            worst = max(worst, float(np.abs(e[0].numpy() - np.array(r["embedding"])).max()),
                        float(np.abs(p[0].numpy() - np.array(list(r["predictions"].values()))).max()))
            n += 1
    return n, worst


def batches(ids, size):
    """Length-sorted batches, right-padded with [PAD] and a 0 mask (same order as the Node side)."""
    import torch
    order = sorted(range(len(ids)), key=lambda i: (len(ids[i]), i))
    out = []
    for s in range(0, len(order), size):
        chunk = [ids[i] for i in order[s:s + size]]
        L = max(len(c) for c in chunk)
        a = np.zeros((len(chunk), L), dtype=np.int64)
        m = np.zeros((len(chunk), L), dtype=np.int64)
        for j, c in enumerate(chunk):
            a[j, :len(c)] = c
            m[j, :len(c)] = 1
        out.append((torch.from_numpy(a), torch.from_numpy(m)))
    return out


def bench(tokens_path, repeats):
    import torch
    torch.set_num_threads(1)
    with open(tokens_path) as f:
        spec = json.load(f)
    ex = build_model()
    n_ref, worst = verify(ex)
    if worst >= 1e-4:
        raise SystemExit(f"torch does not reproduce reference.jsonl: max abs diff {worst}")
    res = dict(torch=torch.__version__, threads=torch.get_num_threads(), reference=dict(count=n_ref, max_abs_diff=worst))
    for case in spec["cases"]:
        bs = batches(spec["input_ids"][:case["molecules"]], case["batch"])
        with torch.inference_mode():
            for a, m in bs[:3]:  # warm-up
                ex(a, m)
            secs = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                for a, m in bs:
                    ex(a, m)
                secs.append(time.perf_counter() - t0)
        res[case["name"]] = dict(molecules=case["molecules"], batch=case["batch"], seconds=secs)
    print(json.dumps(res))


if __name__ == "__main__":
    if sys.argv[1] == "tokenize":
        tokenize(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        bench(sys.argv[2], int(sys.argv[3]))
