"""The random-forest ECFP4 baseline at other forest sizes, on exactly the training splits (training/splits).

baselines.py's RF uses 200 trees; this checks how much a larger forest changes the baseline that the model card's
acceptance checks compare with. Same featurisation (Morgan radius 2, 2048 bits, RDKit) and scikit-learn defaults.
Appends one JSON line per (dataset, trees, seed) to training/results/rf_trees.jsonl; finished lines are skipped.

    MOLML_DATA=... /usr/bin/python3 training/rf_trees.py --datasets HIV --trees 500 --seeds 0 1 2 --jobs 2
"""
import argparse
import csv
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import molml_common as mc  # noqa: E402
from baselines import ecfp, fit_rf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    spec = mc.DATASETS[name]
    split_file = json.load(open(os.path.join(HERE, "splits", f"{name}.json")))
    with open(os.path.join(os.environ["MOLML_DATA"], "moleculenet", spec["file"]), newline="") as f:
        rows = list(csv.DictReader(f))
    tasks = spec["tasks"] or [c for c in rows[0].keys() if c != spec["smiles"]]
    bad = set(split_file["unparsable_rows"])
    keep = [i for i in range(len(rows)) if i not in bad]
    split = np.zeros(len(keep), dtype=np.int8)
    pos = {r: k for k, r in enumerate(keep)}
    split[[pos[r] for r in split_file["valid"]]] = 1
    split[[pos[r] for r in split_file["test"]]] = 2
    y = np.array([[float(rows[i][t]) if rows[i][t].strip() != "" else np.nan for t in tasks] for i in keep])
    return [rows[i][spec["smiles"]] for i in keep], y, split


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", nargs="*", default=["HIV"])
    ap.add_argument("--trees", nargs="*", type=int, default=[500])
    ap.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(HERE, "results", "rf_trees.jsonl"))
    a = ap.parse_args()
    if not os.environ.get("MOLML_DATA"):
        sys.exit("set MOLML_DATA to the folder holding moleculenet/")
    done = set()
    if os.path.exists(a.out):
        for ln in open(a.out):
            r = json.loads(ln)
            done.add((r["dataset"], r["trees"], r["seed"]))
    for name in a.datasets:
        smiles, y, split = load(name)
        t0 = time.time()
        X = ecfp(smiles)
        print(f"{name}: {len(smiles)} molecules, ECFP4 in {time.time() - t0:.0f}s", flush=True)
        for n in a.trees:
            for s in a.seeds:
                if (name, n, s) in done:
                    continue
                t0 = time.time()
                test, valid = fit_rf(mc.DATASETS[name]["type"], X, y, split, s, n, a.jobs)
                r = dict(dataset=name, method="rf-ecfp4", trees=n, seed=s, test=float(test), valid=float(valid),
                         seconds=round(time.time() - t0, 1))
                print(json.dumps(r), flush=True)
                with open(a.out, "a") as f:
                    f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
