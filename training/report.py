"""Stage 6: collect every run's metrics into training/results/summary.json and a markdown table
(training/results/results.md) used by the model card and the manifest.

    /usr/bin/python3 training/report.py
"""
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import molml_common as mc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LOGS = os.path.join(HERE, "logs")
# The full data sets (MOLML_DATA: SOURCES.md, moleculenet/) and the survey's published results (MOLML_SURVEY).
DATA = os.environ.get("MOLML_DATA", "")
SURVEY = os.environ.get("MOLML_SURVEY", "")


def jsonl(path):
    return [json.loads(ln) for ln in open(path) if ln.strip()] if os.path.exists(path) else []


def agg(vals):
    v = np.array([x for x in vals if x is not None and not np.isnan(x)], dtype=float)
    if len(v) == 0:
        return None
    return dict(mean=float(v.mean()), std=float(v.std(ddof=1)) if len(v) > 1 else 0.0, n=int(len(v)),
                values=[round(float(x), 4) for x in v])


def main():
    rows = {}  # method -> dataset -> list of test values

    def add(method, ds, val):
        rows.setdefault(method, {}).setdefault(ds, []).append(val)

    for s in (0, 1, 2):
        for r in jsonl(os.path.join(LOGS, "gpu_run", f"ft_s{s}_results.jsonl")):
            add("finetuned", r["dataset"], r["test"])
    mt = []
    for s, p in ((0, "gpu_run/multitask_seed0.json"), (1, "gpu_extra/multitask_seed1.json")):
        p = os.path.join(LOGS, p)
        if os.path.exists(p):
            mt.append(json.load(open(p))["test"])
    # seed 2's JSON did not come back from the machine; its log has the same numbers (full precision)
    p = os.path.join(LOGS, "gpu_extra", "multitask_s2.log")
    if os.path.exists(p):
        for ln in open(p):
            if ln.startswith("multitask test:"):
                mt.append(json.loads(ln[len("multitask test:"):]))
                break
    for t in mt:
        for ds, v in t.items():
            add("multitask", ds, v)
    for r in jsonl(os.path.join(LOGS, "gpu_run", "frozen_results.jsonl")):
        add("frozen-linear", r["dataset"], r["test"])
    for r in jsonl(os.path.join(LOGS, "baselines_ecfp_results.jsonl")):
        m = "rf-ecfp4" if r["method"] == "rf-ecfp4" else "linear-ecfp4"
        add(m, r["dataset"], r["test"])
    table = {m: {ds: agg(v) for ds, v in d.items()} for m, d in rows.items()}

    # published numbers (benchmarks.json): same split family (deterministic scaffold 80/10/10) and others
    bench = json.load(open(os.path.join(SURVEY, "benchmarks.json")))
    pick = [("hu2020-transfer", "GIN (no pre-training)", "baseline"), ("hu2020-transfer", "Mole-BERT", None),
            ("hu2020-transfer", "GraphMVP", "GraphMVP-C"), ("gem-scaffold", "GEM", None),
            ("molclr-scaffold", "MolCLR", "MolCLR-GIN"), ("molclr-scaffold", "Random forest (ECFP)", None)]
    published = []
    for t in bench["tables"]:
        for proto, model, var in pick:
            if t["protocol"] == proto and t["model"] == model and (var is None or t["variant"] == var):
                published.append(dict(model=model + (f" ({t['variant']})" if t["variant"] and var else ""),
                                      protocol=proto, paper_id=t["source"]["paper_id"], confidence=t["confidence"],
                                      reported_by=t["reported_by"], comparable=proto == "hu2020-transfer",
                                      values={k: v for k, v in t["values"].items() if k in mc.DATASETS}))

    order = ["finetuned", "multitask", "frozen-linear", "rf-ecfp4", "linear-ecfp4"]
    label = {"finetuned": "Ours, fine-tuned per dataset", "multitask": "Ours, multi-task (shipped model)",
             "frozen-linear": "Ridge / logistic on frozen embedding", "rf-ecfp4": "Random forest, ECFP4",
             "linear-ecfp4": "Ridge / logistic, ECFP4"}
    lines = ["| Model | " + " | ".join(mc.DATASET_ORDER) + " |", "|---" * (len(mc.DATASET_ORDER) + 1) + "|",
             "| metric | " + " | ".join("RMSE ↓" if mc.DATASETS[d]["type"] == "regression" else "ROC-AUC ↑"
                                      for d in mc.DATASET_ORDER) + " |"]
    for m in order:
        cells = []
        for d in mc.DATASET_ORDER:
            a = table.get(m, {}).get(d)
            if a is None:
                cells.append("–")
                continue
            f = "%.3f" if mc.DATASETS[d]["type"] == "regression" else "%.1f"
            cells.append((f % a["mean"]) + (" ± " + (f % a["std"]) if a["n"] > 1 else "") + f" ({a['n']})")
        lines.append(f"| {label[m]} | " + " | ".join(cells) + " |")
    for p in published:
        cells = []
        for d in mc.DATASET_ORDER:
            v = p["values"].get(d)
            cells.append("–" if v is None else ("%.3f" % v["mean"] if mc.DATASETS[d]["type"] == "regression"
                                                else "%.1f" % v["mean"]) + (" ± %.1f" % v["std"] if v.get("std")
                                                                            is not None and mc.DATASETS[d]["type"]
                                                                            != "regression" else ""))
        tag = "published, same split protocol" if p["comparable"] else "published, different split code"
        lines.append(f"| {p['model']} [{p['paper_id']}; {p['protocol']}; {tag}; {p['confidence']} confidence] | "
                     + " | ".join(cells) + " |")

    # the acceptance checks of the model card
    checks = []
    for d in mc.DATASET_ORDER:
        ours, rf = table.get("finetuned", {}).get(d), table.get("rf-ecfp4", {}).get(d)
        shipped = table.get("multitask", {}).get(d)
        if not ours or not rf:
            continue
        if mc.DATASETS[d]["type"] == "regression":
            ok = ours["mean"] <= rf["mean"]
            ok_s = shipped["mean"] <= rf["mean"] if shipped else None
            rule = "RMSE <= RF"
        else:
            ok = ours["mean"] >= rf["mean"] - 3
            ok_s = shipped["mean"] >= rf["mean"] - 3 if shipped else None
            rule = "ROC-AUC >= RF - 3"
        checks.append(dict(dataset=d, rule=rule, finetuned=round(ours["mean"], 4), multitask=round(shipped["mean"], 4)
                           if shipped else None, rf=round(rf["mean"], 4), finetuned_passes=ok,
                           multitask_passes=ok_s))
    for d in ("ESOL", "FreeSolv", "Lipophilicity"):
        fr, ec = table.get("frozen-linear", {}).get(d), table.get("linear-ecfp4", {}).get(d)
        if fr and ec:
            checks.append(dict(dataset=d, rule="frozen ridge RMSE < ECFP ridge RMSE", frozen=round(fr["mean"], 4),
                               ecfp=round(ec["mean"], 4), passes=fr["mean"] < ec["mean"]))

    pre = json.load(open(os.path.join(LOGS, "gpu_run", "pretrained_config.json")))
    # provenance of every training file, from shared/data/SOURCES.md
    training_data, cur = [], None
    for ln in open(os.path.join(DATA, "SOURCES.md")):
        m = re.match(r"### `(moleculenet/[^`]+|pretrain/[^`]+)`", ln)
        if m:
            cur = dict(file=m.group(1))
            training_data.append(cur)
            continue
        if cur is not None:
            m = re.match(r"- \*\*(What|Source)\*\*: (.*)", ln)
            if m:
                cur[m.group(1).lower()] = m.group(2).replace("`", "")
    training_data = [t for t in training_data if t["file"].endswith((".csv", ".txt.gz"))]
    training_data.insert(0, dict(file="pretrain/pretrain_smiles.txt.gz", what="unlabelled SMILES corpus for "
                                 "pre-training (395,587 molecules; GuacaMol/ChEMBL, MoleculeNet ChEMBL, MUV/PubChem, "
                                 "ZINC-derived blocks; benchmark molecules removed)",
                                 source="see shared/data/pretrain/pretrain_smiles.sources.tsv; licences MIT / "
                                        "CC BY-SA 3.0 (ChEMBL) / ZINC terms / public domain (PubChem)"))
    training_data = [t for i, t in enumerate(training_data) if t["file"] not in
                     [u["file"] for u in training_data[:i]]]
    summary = dict(
        table=table, checks=checks, published=published, training_data=training_data,
        multitask_test={d: table["multitask"][d]["mean"] for d in table.get("multitask", {})},
        training=dict(pretraining=dict(corpus="395,587 SMILES (shared/data/pretrain/pretrain_smiles.txt.gz); "
                                              "394,311 kept (<= 128 tokens), canonical + 1 randomised SMILES each; "
                                              "2,000 held out", steps=pre["steps"], epochs=round(pre["epochs"], 2),
                                       batch=pre["batch"], lr=pre["lr"], device=pre["device"], torch=pre["torch"],
                                       final_eval=pre["final_eval"]),
                      finetuning="scaffold split 80/10/10 (DeepChem order), best validation epoch, 3 seeds"),
        references=["smiles-bert-2019", "chemberta-2020", "chemberta-2-2022", "molbert-2020", "grover-2020",
                    "kpgt-2022", "mtl-bert-2022", "hu2020strategies"],
    )
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    with open(os.path.join(HERE, "results", "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    card = os.path.join(HERE, "..", "models", "README.md")
    if os.path.exists(card):
        fmt = lambda d, v: ("%.3f" % v) if mc.DATASETS[d]["type"] == "regression" else ("%.1f" % v)  # noqa: E731
        txt = []
        for c in checks:
            d = c["dataset"]
            if "finetuned" in c:
                verdict = lambda ok: "meets it" if ok else "**does not meet it**"  # noqa: E731
                txt.append(f"* {d} ({c['rule']}): fine-tuned {fmt(d, c['finetuned'])} {verdict(c['finetuned_passes'])}; "
                           f"shipped multi-task {fmt(d, c['multitask'])} {verdict(c['multitask_passes'])}; "
                           f"RF-ECFP4 {fmt(d, c['rf'])}.")
            else:
                txt.append(f"* {d} ({c['rule']}): frozen {fmt(d, c['frozen'])} vs ECFP4 {fmt(d, c['ecfp'])} — "
                           + ("yes." if c["passes"] else "**no**."))
        missing = [d for d in mc.DATASET_ORDER if d not in [c["dataset"] for c in checks if "finetuned" in c]]
        if missing:
            txt.append("* Not checked (baseline missing): " + ", ".join(missing) + ".")
        s = open(card).read()
        a0, a1 = "<!-- results table: generated by training/report.py (training/results/results.md) -->", \
            "<!-- end of results table -->"
        s = s[:s.index(a0) + len(a0)] + "\n" + "\n".join(lines) + "\n" + s[s.index(a1):]
        b0, b1 = "<!-- checks: generated by training/report.py -->", "<!-- end of checks -->"
        s = s[:s.index(b0) + len(b0)] + "\n" + "\n".join(txt) + "\n" + s[s.index(b1):]
        open(card, "w").write(s)
    print("\n".join(lines))
    print(json.dumps(checks, indent=0))


if __name__ == "__main__":
    main()
