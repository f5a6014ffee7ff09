"""Stage 4: baselines on exactly the same scaffold splits.

  --ecfp    random forest on ECFP4 (Morgan radius 2, 2048 bits; 3 seeds) and ridge / logistic regression on ECFP4
            (hyper-parameter chosen on the validation split; deterministic). Needs RDKit (CPU).
  --frozen  ridge / logistic regression on the frozen pre-trained embedding (mean-pooled encoder output,
            standardised). Needs torch (CPU or GPU).
Results: <out>/<kind>_results.jsonl, one line per (method, dataset, seed); finished lines are skipped on rerun.

    /usr/bin/python3 training/baselines.py --ecfp --out training/runs/baselines
    /usr/bin/python3 training/baselines.py --frozen --pretrained training/runs/pretrain/pretrained.npz
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import molml_common as mc  # noqa: E402
from finetune import metric  # noqa: E402

ALPHAS = [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0]
CS = [0.001, 0.01, 0.1, 1.0, 10.0]


def fit_linear(kind, X, y, split):
    """Ridge (regression) or L2 logistic regression per task (classification), C/alpha picked on validation."""
    from sklearn.linear_model import LogisticRegression, Ridge
    tr, va, te = (split == k for k in (0, 1, 2))
    pred = np.zeros((len(X), y.shape[1]))
    chosen = []
    for t in range(y.shape[1]):
        m = ~np.isnan(y[:, t])
        best = None
        grid = ALPHAS if kind == "regression" else CS
        for h in grid:
            if kind == "regression":
                mdl = Ridge(alpha=h).fit(X[tr & m], y[tr & m, t])
                p = mdl.predict(X)
                v = -np.sqrt(np.mean((p[va & m] - y[va & m, t]) ** 2))
            else:
                ytr = y[tr & m, t]
                if len(np.unique(ytr)) < 2:
                    p, v = np.full(len(X), ytr.mean() if len(ytr) else 0.5), -1
                else:
                    mdl = LogisticRegression(C=h, max_iter=2000).fit(X[tr & m], ytr)
                    p = mdl.decision_function(X)
                    yv = y[va & m, t]
                    from sklearn.metrics import roc_auc_score
                    v = roc_auc_score(yv, p[va & m]) if len(np.unique(yv)) == 2 else 0.0
            if best is None or v > best[0]:
                best = (v, h, p)
        pred[:, t] = best[2]
        chosen.append(best[1])
    return metric(kind, y[te], pred[te]), metric(kind, y[va], pred[va]), chosen


def fit_rf(kind, X, y, split, seed, n_estimators, n_jobs):
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
    tr, te, va = split == 0, split == 2, split == 1
    pred = np.zeros((len(X), y.shape[1]))
    for t in range(y.shape[1]):
        m = ~np.isnan(y[:, t])
        if kind == "regression":
            mdl = RandomForestRegressor(n_estimators=n_estimators, n_jobs=n_jobs, random_state=seed)
            mdl.fit(X[tr & m], y[tr & m, t])
            pred[:, t] = mdl.predict(X)
        else:
            ytr = y[tr & m, t]
            if len(np.unique(ytr)) < 2:
                pred[:, t] = ytr.mean()
                continue
            mdl = RandomForestClassifier(n_estimators=n_estimators, n_jobs=n_jobs, random_state=seed)
            mdl.fit(X[tr & m], ytr)
            pred[:, t] = mdl.predict_proba(X)[:, 1]
    return metric(kind, y[te], pred[te]), metric(kind, y[va], pred[va])


def ecfp(smiles):
    from rdkit import Chem
    from rdkit.Chem import rdMolDescriptors
    X = np.zeros((len(smiles), 2048), dtype=np.uint8)
    for i, s in enumerate(smiles):
        fp = rdMolDescriptors.GetMorganFingerprintAsBitVect(Chem.MolFromSmiles(s), 2, nBits=2048)
        X[i, list(fp.GetOnBits())] = 1
    return X


def frozen_embeddings(a, data):
    import torch
    from finetune import Runner
    mc.set_threads(a.threads)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    a.d, a.layers = 256, 4
    R = Runner(a, torch, dev)
    model = R.new_model(1, 0)
    out = {}
    for name in a.datasets:
        d = data[name]
        _, e = R.predict(model, d["can"], d["can_len"])
        out[name] = e
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="training/runs")
    ap.add_argument("--out", default="training/runs/baselines")
    ap.add_argument("--ecfp", action="store_true")
    ap.add_argument("--frozen", action="store_true")
    ap.add_argument("--pretrained", default="training/runs/pretrain/pretrained.npz")
    ap.add_argument("--tag", default="", help="suffix for the frozen-embedding method name")
    ap.add_argument("--datasets", nargs="*", default=mc.DATASET_ORDER)
    ap.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    ap.add_argument("--rf-trees", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ecfp-cache", default="", help="npz of ECFP4 bits per dataset (written if missing; lets the "
                    "fits run on a machine without RDKit)")
    ap.add_argument("--cache-only", action="store_true", help="only write --ecfp-cache")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()

    def run(kind_file, method, name, seed, fn):
        path = os.path.join(a.out, f"{kind_file}_results.jsonl")
        done = set()
        if os.path.exists(path):
            for ln in open(path):
                r = json.loads(ln)
                done.add((r["method"], r["dataset"], r["seed"]))
        if (method, name, seed) in done:
            return
        t = time.time()
        res = fn()
        kind = mc.DATASETS[name]["type"]
        rec = dict(method=method, dataset=name, seed=seed, metric="RMSE" if kind == "regression" else "ROC-AUC",
                   test=res[0], valid=res[1], extra=res[2] if len(res) > 2 else None,
                   seconds=round(time.time() - t, 1))
        with open(path, "a") as f:
            f.write(json.dumps(rec) + "\n")
        print(f"{method} {name} seed {seed}: test {rec['metric']} {res[0]:.3f} ({rec['seconds']}s, "
              f"total {time.time() - t0:.0f}s)", flush=True)

    if a.frozen:
        from finetune import load_molnet
        data = load_molnet(a.data)
        emb = frozen_embeddings(a, data)
        from sklearn.preprocessing import StandardScaler
        for name in a.datasets:
            d = data[name]
            kind = mc.DATASETS[name]["type"]
            X = StandardScaler().fit(emb[name][d["split"] == 0]).transform(emb[name])
            method = ("ridge" if kind == "regression" else "logistic") + "-frozen" + a.tag
            run("frozen", method, name, 0, lambda: fit_linear(kind, X, d["y"], d["split"]))
    if a.ecfp:
        cache = None
        if a.ecfp_cache and os.path.exists(a.ecfp_cache):
            cache = np.load(a.ecfp_cache)
        elif a.ecfp_cache:
            arr = {}
            for name in mc.DATASET_ORDER:
                js = json.load(open(os.path.join(a.data, "molnet", f"{name}.json")))
                y = np.array([[np.nan if v is None else v for v in row] for row in js["y"]], dtype=np.float64)
                arr[f"{name}/bits"] = np.packbits(ecfp(js["smiles"]), axis=1)
                arr[f"{name}/y"], arr[f"{name}/split"] = y, np.array(js["split"], dtype=np.int8)
            np.savez_compressed(a.ecfp_cache, **arr)
            cache = np.load(a.ecfp_cache)
            if a.cache_only:
                return
        for name in a.datasets:
            if cache is not None:
                X = np.unpackbits(cache[f"{name}/bits"], axis=1)[:, :2048]
                y, split = cache[f"{name}/y"], cache[f"{name}/split"]
            else:
                js = json.load(open(os.path.join(a.data, "molnet", f"{name}.json")))
                y = np.array([[np.nan if v is None else v for v in row] for row in js["y"]], dtype=np.float64)
                split = np.array(js["split"])
                X = ecfp(js["smiles"])
            kind = mc.DATASETS[name]["type"]
            method = ("ridge" if kind == "regression" else "logistic") + "-ecfp4"
            run("ecfp", method, name, 0, lambda: fit_linear(kind, X.astype(np.float32), y, split))
            for s in a.seeds:
                run("ecfp", "rf-ecfp4", name, s, lambda: fit_rf(kind, X, y, split, s, a.rf_trees, a.threads))


if __name__ == "__main__":
    main()
