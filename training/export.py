"""Stage 5: export the shipped model to ONNX, write the manifest and the reference test vectors (CPU, torch 1.13).

The graph takes input_ids / attention_mask (int64, [batch, len], dynamic) and returns
  embedding   [batch, 256]  mean-pooled final hidden states (float32)
  predictions [batch, 47]   all task outputs, already in units (regression; de-standardisation folded into the graph)
                            or probabilities (classification; sigmoid folded into the graph)

    /usr/bin/python3 training/export.py --weights training/runs/gpu/multitask_seed0.npz \
        --run-info training/runs/gpu/run/multitask_seed0.json --out models/default
Then check the export with onnxruntime-node:  node training/check_onnx.js
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import molml_common as mc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def task_columns(run_info):
    cols = []
    for o in run_info["outputs"]:
        spec = mc.DATASETS[o["dataset"]]
        ti = spec["tasks"].index(o["task"]) if spec["tasks"] else None
        if spec["names"]:
            name = spec["names"][ti]
        elif o["dataset"] == "SIDER":
            name = "SIDER_" + o["task"].replace(",", "").replace(" ", "_")
        else:
            name = f"{o['dataset']}_{o['task']}"
        cols.append(dict(name=name, dataset=o["dataset"], source_column=o["task"],
                         type="regression" if o["kind"] == "r" else "classification",
                         units=spec["units"], mean=o["mean"], std=o["std"]))
    return cols


def build(weights, cfg, cols):
    import torch
    _, _, TaskModel = mc.build_model_classes()
    enc = {k: v for k, v in cfg["encoder"].items() if k != "vocab_size"}
    model = TaskModel(cfg["encoder"]["vocab_size"], cfg["n_out"], **enc)
    model.load_state_dict(mc.numpy_to_state(np.load(weights)))
    model.eval()

    class Export(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.m = model
            self.register_buffer("scale", torch.tensor([c["std"] for c in cols], dtype=torch.float32))
            self.register_buffer("shift", torch.tensor([c["mean"] for c in cols], dtype=torch.float32))
            self.register_buffer("is_cls", torch.tensor([c["type"] == "classification" for c in cols]))

        def forward(self, input_ids, attention_mask):
            raw, emb = self.m(input_ids, attention_mask)
            z = raw * self.scale + self.shift
            return emb, torch.where(self.is_cls, torch.sigmoid(z), z)

    return Export().eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", default="training/runs/gpu/multitask_seed0.npz")
    ap.add_argument("--run-info", default="training/runs/gpu/run/multitask_seed0.json")
    ap.add_argument("--config", default="training/runs/gpu/run/multitask_seed0_config.json")
    ap.add_argument("--data", default="training/runs")
    ap.add_argument("--out", default="models/default")
    ap.add_argument("--metrics", default="training/results/summary.json")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--n-ref", type=int, default=300)
    ap.add_argument("--n-check", type=int, default=500)
    ap.add_argument("--manifest-only", action="store_true", help="only rewrite manifest.json (e.g. after new metrics)")
    a = ap.parse_args()
    import torch
    mc.set_threads(2)
    torch.manual_seed(0)
    os.makedirs(a.out, exist_ok=True)
    run_info = json.load(open(a.run_info))
    cfg = json.load(open(a.config))
    cols = task_columns(run_info)
    vocab = mc.Vocab.load(os.path.join(a.data, "vocab.json"))
    model = build(a.weights, cfg, cols)

    onnx_path = os.path.join(a.out, "model.onnx")
    if a.manifest_only:
        n_ref = sum(1 for _ in open(os.path.join(a.out, "reference.jsonl")))
        write_manifest(a, cfg, cols, vocab, onnx_path, n_ref, torch.__version__)
        return
    # ---- ONNX export (dynamic batch and length)
    ex_ids = torch.tensor([vocab.encode("CCO"), vocab.encode("CCN")], dtype=torch.long)
    ex_mask = torch.ones_like(ex_ids)
    with torch.no_grad():
        torch.onnx.export(model, (ex_ids, ex_mask), onnx_path, opset_version=a.opset,
                          input_names=["input_ids", "attention_mask"], output_names=["embedding", "predictions"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "length"},
                                        "attention_mask": {0: "batch", 1: "length"},
                                        "embedding": {0: "batch"}, "predictions": {0: "batch"}},
                          do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))
    print(f"exported {onnx_path}: {os.path.getsize(onnx_path) / 1e6:.2f} MB", flush=True)

    # ---- molecules for the reference vectors and the ONNX check: test-split molecules of every dataset
    sys.path.insert(0, HERE)
    from prepare import read_dataset
    pool = []
    for name in mc.DATASET_ORDER:
        js = json.load(open(os.path.join(a.data, "molnet", f"{name}.json")))
        src, _, _ = read_dataset(name)
        for i, (row, can, sp) in enumerate(zip(js["rows"], js["smiles"], js["split"])):
            if sp == 2:
                pool.append((name, src[row].strip(), can))
    rng = np.random.RandomState(2026)
    rng.shuffle(pool)
    seen, uniq = set(), []
    for p in pool:
        if p[2] not in seen:
            seen.add(p[2])
            uniq.append(p)
    # make sure edge cases are present: truncated (> 128 tokens), unknown tokens, charged species, salts
    long_ = [p for p in uniq if len(vocab.encode(p[2], 10 ** 6)) > mc.MAX_LEN][:5]
    unk = [p for p in uniq if mc.UNK_ID in vocab.encode(p[2])][:5]
    charged = [p for p in uniq if "+" in p[2] or "-]" in p[2]][:10]
    salts = [p for p in uniq if "." in p[2]][:5]
    special = long_ + unk + charged + salts
    rest = [p for p in uniq if p not in special]
    ref = special + rest[: a.n_ref - len(special)]
    check = rest[a.n_ref: a.n_ref + a.n_check]

    def run_torch(smiles_list):
        outs = []
        with torch.no_grad():
            for s in smiles_list:
                ids = torch.tensor([vocab.encode(s)], dtype=torch.long)
                e, p = model(ids, torch.ones_like(ids))
                outs.append((e[0].numpy(), p[0].numpy()))
        return outs

    ref_out = run_torch([p[2] for p in ref])
    with open(os.path.join(a.out, "reference.jsonl"), "w") as f:
        for (ds, src, can), (e, p) in zip(ref, ref_out):
            f.write(json.dumps(dict(
                smiles=src, canonical_smiles=can, source_dataset=ds, input_ids=vocab.encode(can),
                truncated=len(vocab.encode(can, 10 ** 6)) > mc.MAX_LEN,
                embedding=[round(float(x), 6) for x in e],
                predictions={c["name"]: round(float(x), 6) for c, x in zip(cols, p)})) + "\n")
    chk_out = run_torch([p[2] for p in check])
    os.makedirs(os.path.join(a.data, "export"), exist_ok=True)
    with open(os.path.join(a.data, "export", "onnx_check.json"), "w") as f:
        json.dump(dict(input_ids=[vocab.encode(p[2]) for p in check],
                       embedding=[e.tolist() for e, _ in chk_out], predictions=[p.tolist() for _, p in chk_out]), f)

    write_manifest(a, cfg, cols, vocab, onnx_path, len(ref), torch.__version__)


def write_manifest(a, cfg, cols, vocab, onnx_path, n_ref, torch_version):
    run_info = json.load(open(a.run_info))
    # ---- manifest
    metrics = json.load(open(a.metrics)) if os.path.exists(a.metrics) else {}
    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    manifest = dict(
        id="molml-smiles-encoder", version="0.1.0", licence="MIT (weights); training data licences below",
        description="SMILES transformer encoder pre-trained with masked-token prediction and RDKit descriptor "
                    "regression, fine-tuned jointly on nine MoleculeNet datasets (scaffold splits).",
        file=dict(name="model.onnx", sha256=sha, bytes=os.path.getsize(onnx_path), opset=a.opset,
                  weights="float32"),
        input=dict(kind="smiles", canonicalisation="RDKit canonical isomeric SMILES (Chem.MolToSmiles(mol), "
                                                   "RDKit 2022.09); parse with default sanitisation first",
                   tensors=[dict(name="input_ids", dtype="int64", shape=["batch", "length"]),
                            dict(name="attention_mask", dtype="int64", shape=["batch", "length"],
                                 meaning="1 = token, 0 = padding (pad on the right)")],
                   # what training fed the model (prepare.py): the whole SMILES, salts included ('.' -> [UNK]),
                   # over-long SMILES truncated, unknown tokens as [UNK]; MolML reads the same and flags the row
                   policy=dict(fragments="all", too_long="truncate", unknown_tokens="unk")),
        tokenizer=dict(type="regex", regex=mc.SMILES_REGEX, vocabulary=vocab.itos, max_length=mc.MAX_LEN,
                       special_tokens={t: i for i, t in enumerate(mc.SPECIAL_TOKENS)},
                       template="[CLS] tokens [SEP]",
                       unknown="tokens not in the vocabulary map to [UNK]",
                       truncation=f"keep the first {mc.MAX_LEN - 2} SMILES tokens, then [SEP] (the position table "
                                  f"has {mc.MAX_LEN} entries; longer inputs must never be sent)",
                       padding="[PAD] = 0 on the right, attention_mask 0"),
        outputs=[dict(name="embedding", shape=["batch", cfg["encoder"]["d"]],
                      meaning="mean of the final-layer token states over attention_mask (encoder fine-tuned "
                              "on the tasks below)"),
                 dict(name="predictions", shape=["batch", len(cols)],
                      meaning="one column per task, in the order of `tasks`; regression columns are in the "
                              "task's units, classification columns are probabilities (sigmoid applied in the "
                              "graph)")],
        tasks=[dict(index=i, name=c["name"], dataset=c["dataset"], source_column=c["source_column"],
                    type=c["type"], units=c["units"],
                    output_transform="none (de-standardisation x*%.6g+%.6g folded into the graph)" % (c["std"], c["mean"])
                    if c["type"] == "regression" else "none (sigmoid folded into the graph)",
                    dataset_test_metric=dict(
                        metric="RMSE" if c["type"] == "regression" else "ROC-AUC x100 (mean over the dataset's tasks)",
                        value=metrics.get("multitask_test", {}).get(c["dataset"]),
                        shipped_weights_value=run_info["test"].get(c["dataset"]) if a.run_info else None,
                        note="value: mean over 3 seeds of the multi-task configuration on the scaffold-split test "
                             "set; shipped_weights_value: the shipped weights (seed 0)"))
               for i, c in enumerate(cols)],
        architecture=dict(type="pre-LN transformer encoder", **cfg["encoder"], pooling="masked mean",
                          head="Linear(d,d)-GELU-Linear(d,47)"),
        training=metrics.get("training", {}),
        training_data=metrics.get("training_data", []),
        metrics=metrics.get("table", {}),
        references=metrics.get("references", []),
        reference_vectors=dict(file="reference.jsonl", count=n_ref, computed_with="torch " + torch_version
                               + " (fp32, CPU, batch of one)", tolerance=1e-4),
    )
    previous = os.path.join(a.out, "manifest.json")
    if os.path.exists(previous) and "variants" in json.load(open(previous)):
        # Written by quantize.py and compare_precision.mjs; a metrics-only rewrite must not drop them.
        manifest["variants"] = json.load(open(previous))["variants"]
    with open(previous, "w") as f:
        json.dump(manifest, f, indent=1)
    print("wrote manifest; reference vectors:", n_ref)




if __name__ == "__main__":
    main()
