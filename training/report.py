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
    # the RF baseline at 500 trees where it was measured (rf_trees.py)
    for r in jsonl(os.path.join(HERE, "results", "rf_trees.jsonl")):
        if r["trees"] == 500:
            add("rf-ecfp4-500", r["dataset"], r["test"])
    table = {m: {ds: agg(v) for ds, v in d.items()} for m, d in rows.items()}
    # the shipped weights themselves, measured through MolML's runtime (compare_precision.mjs): one value each
    shipped_file = os.path.join(HERE, "results", "shipped.json")
    shipped_json = json.load(open(shipped_file)) if os.path.exists(shipped_file) else dict(datasets=[])
    for r in shipped_json["datasets"]:
        for m, key in (("shipped", "all"), ("shipped-in-domain", "in_domain")):
            table.setdefault(m, {})[r["dataset"]] = dict(mean=r[key], std=0.0, n=1, values=[round(r[key], 4)])

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

    order = ["shipped", "shipped-in-domain", "multitask", "finetuned", "frozen-linear", "rf-ecfp4", "rf-ecfp4-500",
             "linear-ecfp4"]
    label = {"shipped": "**Shipped model** (`model.onnx`: multi-task, seed 0), all test molecules",
             "shipped-in-domain": "Shipped model, in-domain test molecules only (read whole)",
             "multitask": "Multi-task configuration, mean of 3 seeds (seed 0 = shipped; not a shipped file)",
             "finetuned": "Fine-tuned per dataset, mean of 3 seeds (9 models; not shipped)",
             "frozen-linear": "Ridge / logistic on frozen embedding", "rf-ecfp4": "Random forest, ECFP4 (200 trees)",
             "rf-ecfp4-500": "Random forest, ECFP4 (500 trees)", "linear-ecfp4": "Ridge / logistic, ECFP4"}
    lines = ["| Model | " + " | ".join(mc.DATASET_ORDER) + " |", "|---" * (len(mc.DATASET_ORDER) + 1) + "|",
             "| metric | " + " | ".join("RMSE ↓" if mc.DATASETS[d]["type"] == "regression" else "ROC-AUC ↑"
                                      for d in mc.DATASET_ORDER) + " |"]
    for m in order:
        if m not in table:
            continue
        cells = []
        for d in mc.DATASET_ORDER:
            a = table.get(m, {}).get(d)
            if a is None:
                cells.append("–")
                continue
            f = "%.3f" if mc.DATASETS[d]["type"] == "regression" else "%.1f"
            shipped_row = m.startswith("shipped")
            cells.append((f % a["mean"]) + (" ± " + (f % a["std"]) if a["n"] > 1 else "")
                         + ("" if shipped_row else f" ({a['n']})"))
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

    # the acceptance checks of the model card, judged on the shipped weights (MolML runtime, all test molecules)
    checks = []
    for d in mc.DATASET_ORDER:
        shipped, rf = table.get("shipped", {}).get(d), table.get("rf-ecfp4", {}).get(d)
        if not shipped or not rf:
            continue
        regression = mc.DATASETS[d]["type"] == "regression"
        rule = "RMSE <= RF" if regression else "ROC-AUC >= RF - 3"
        passes = (lambda v, ref: v <= ref) if regression else (lambda v, ref: v >= ref - 3)
        c = dict(dataset=d, rule=rule, rf=round(rf["mean"], 4), shipped=round(shipped["mean"], 4),
                 shipped_passes=passes(shipped["mean"], rf["mean"]))
        for m in ("shipped-in-domain", "multitask", "finetuned"):
            v = table.get(m, {}).get(d)
            if v:
                c[m] = round(v["mean"], 4)
                c[m + "_passes"] = passes(v["mean"], rf["mean"])
        rf500 = table.get("rf-ecfp4-500", {}).get(d)
        if rf500:
            c["rf500"] = round(rf500["mean"], 4)
            c["rf500_std"] = round(rf500["std"], 4)
            c["shipped_passes_rf500"] = passes(shipped["mean"], rf500["mean"])
        checks.append(c)
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
        shipped_test=shipped_json,
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
        verdict = lambda ok: "meets it" if ok else "**does not meet it**"  # noqa: E731
        for c in checks:
            d = c["dataset"]
            if "shipped" in c:
                line = (f"* {d} ({c['rule']}): shipped {fmt(d, c['shipped'])} {verdict(c['shipped_passes'])}"
                        f" against RF-ECFP4 {fmt(d, c['rf'])}")
                if "rf500" in c:
                    line += (f" (500 trees: {fmt(d, c['rf500'])} ± {fmt(d, c['rf500_std'])}, "
                             f"{verdict(c['shipped_passes_rf500'])})")
                if mc.DATASETS[d]["type"] != "regression":
                    best_rf = max(c["rf"], c.get("rf500", c["rf"]))
                    if c["shipped"] < best_rf:
                        line += f"; {best_rf - c['shipped']:.1f} points below the forest"
                    else:
                        line += f"; {c['shipped'] - best_rf:.1f} points above the forest"
                others = [f"{name} {fmt(d, c[m])} {verdict(c[m + '_passes'])}"
                          for m, name in (("shipped-in-domain", "in-domain rows"),
                                          ("multitask", "3-seed multi-task mean"),
                                          ("finetuned", "fine-tuned per dataset")) if m in c]
                txt.append(line + ". Also: " + ", ".join(others) + ".")
            else:
                txt.append(f"* {d} ({c['rule']}): frozen {fmt(d, c['frozen'])} vs ECFP4 {fmt(d, c['ecfp'])} — "
                           + ("yes." if c["passes"] else "**no**."))
        missing = [d for d in mc.DATASET_ORDER if d not in [c["dataset"] for c in checks if "shipped" in c]]
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
