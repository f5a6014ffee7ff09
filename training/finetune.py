"""Stage 3: fine-tune the pre-trained encoder on MoleculeNet (scaffold splits).

Two modes:
  per-dataset (default): one model per (dataset, seed); model selection on the validation split (best epoch),
      test metric at that epoch. Results are appended to <out>/finetune_results.jsonl; finished runs are skipped
      on rerun (resume).
  --multitask: one encoder with one head for all 47 tasks of the 9 datasets, trained on the union of the
      training splits (missing labels masked); this is the shipped model. Writes <out>/multitask_seed<S>.npz.

Regression targets are standardised with the training-split mean/std (stored with the results, folded into the
exported graph). Training uses the canonical SMILES plus two precomputed randomised SMILES per molecule
(one of the three is drawn per molecule and epoch); evaluation uses canonical SMILES only.

    /usr/bin/python3 training/finetune.py --data training/runs --pretrained training/runs/pretrain/pretrained.npz \
        --out training/runs/finetune --seeds 0 1 2
"""
import argparse
import copy
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import molml_common as mc  # noqa: E402

# epochs / batch size per dataset (HIV is 20x larger than most)
EPOCHS = dict(ESOL=30, FreeSolv=30, Lipophilicity=20, BBBP=20, BACE=20, ClinTox=20, Tox21=10, SIDER=20, HIV=4)
BATCH = dict(HIV=128, Tox21=64, Lipophilicity=64)


def auc(y, p):
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, p))


def metric(kind, y, pred):
    """RMSE (regression, in units) or mean ROC-AUC x100 over tasks with both classes (classification)."""
    if kind == "regression":
        m = ~np.isnan(y[:, 0])
        return float(np.sqrt(np.mean((pred[m, 0] - y[m, 0]) ** 2)))
    aucs = []
    for t in range(y.shape[1]):
        m = ~np.isnan(y[:, t])
        yt = y[m, t]
        if len(np.unique(yt)) == 2:
            aucs.append(auc(yt, pred[m, t]))
    return float(np.mean(aucs) * 100) if aucs else float("nan")


def load_molnet(data):
    z = np.load(os.path.join(data, "molnet.npz"))
    meta = json.load(open(os.path.join(data, "molnet_meta.json")))
    out = {}
    from pretrain import padded_matrix
    for name in mc.DATASET_ORDER:
        d = dict(tasks=meta[name]["tasks"], y=z[f"{name}/y"].astype(np.float64), split=z[f"{name}/split"])
        for key in ("can", "rnd1", "rnd2"):
            flat, offs = z[f"{name}/{key}_flat"], z[f"{name}/{key}_offs"]
            X, L = padded_matrix(flat, offs, mc.MAX_LEN)
            d[key], d[key + "_len"] = X, L
        out[name] = d
    return out


class Runner:
    def __init__(self, a, torch, dev):
        self.a, self.torch, self.dev = a, torch, dev
        self.amp = dev.type == "cuda"
        self.vocab = mc.Vocab.load(os.path.join(a.data, "vocab.json"))
        cfgp = os.path.join(os.path.dirname(a.pretrained), "pretrained_config.json") if a.pretrained else None
        self.enc_cfg = json.load(open(cfgp))["encoder"] if cfgp and os.path.exists(cfgp) else dict(
            vocab_size=len(self.vocab), d=a.d, layers=a.layers, heads=4, ff=4 * a.d, max_len=mc.MAX_LEN)
        self.pre = None
        if a.pretrained:
            npz = np.load(a.pretrained)
            self.pre = {k[len("encoder."):]: torch.from_numpy(npz[k]) for k in npz.files if k.startswith("encoder.")}
        _, _, self.TaskModel = mc.build_model_classes()

    def new_model(self, n_out, seed):
        torch = self.torch
        mc.seed_all(seed)
        cfg = {k: v for k, v in self.enc_cfg.items() if k != "vocab_size"}
        model = self.TaskModel(self.enc_cfg["vocab_size"], n_out, **cfg)
        if self.pre is not None:
            model.encoder.load_state_dict(self.pre)
        return model.to(self.dev)

    def predict(self, model, X, L, bs=256):
        torch = self.torch
        model.eval()
        outs, embs = [], []
        order = np.argsort(L, kind="stable")
        with torch.no_grad():
            for s in range(0, len(order), bs):
                idx = order[s:s + bs]
                ml = int(L[idx].max())
                ids = torch.from_numpy(X[idx, :ml].astype(np.int64)).to(self.dev)
                att = (ids != mc.PAD_ID).long()
                with mc.autocast(self.amp):
                    o, e = model(ids, att)
                outs.append(o.float().cpu().numpy())
                embs.append(e.float().cpu().numpy())
        model.train()
        inv = np.empty_like(order)
        inv[order] = np.arange(len(order))
        return np.concatenate(outs)[inv], np.concatenate(embs)[inv]

    def train(self, model, samples, loss_fn, epochs, batch, seed, val_fn, time_cap, log):
        """samples: list of (dataset-local arrays); generic loop over index arrays with augmentation."""
        torch = self.torch
        a = self.a
        head = [p for n, p in model.named_parameters() if n.startswith("head.")]
        enc = [p for n, p in model.named_parameters() if not n.startswith("head.")]
        opt = torch.optim.AdamW([{"params": enc, "lr": a.lr}, {"params": head, "lr": a.lr * a.head_lr_mult}],
                                weight_decay=0.01)
        base = [a.lr, a.lr * a.head_lr_mult]
        rng = np.random.RandomState(seed)
        n = samples["n"]
        steps_per_epoch = math.ceil(n / batch)
        total = epochs * steps_per_epoch
        warm = max(1, int(0.06 * total))
        step = 0
        best, best_state, best_epoch = -1e18, None, -1
        t0 = time.time()
        for ep in range(epochs):
            perm = samples["order"](rng)
            variant = rng.randint(0, 3 if a.augment else 1, size=len(perm))
            for s in range(0, len(perm), batch):
                idx, var = perm[s:s + batch], variant[s:s + batch]
                ids_np, tgt = samples["get"](idx, var)
                ids = torch.from_numpy(ids_np).to(self.dev)
                att = (ids != mc.PAD_ID).long()
                f = step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))
                for g, b in zip(opt.param_groups, base):
                    g["lr"] = b * f
                with mc.autocast(self.amp):
                    out, _ = model(ids, att)
                loss = loss_fn(out.float(), torch.from_numpy(tgt).to(self.dev))
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                step += 1
            v = val_fn(model)
            if v > best:
                best, best_epoch = v, ep
                best_state = copy.deepcopy({k: t.detach().clone() for k, t in model.state_dict().items()})
            log(dict(epoch=ep, val=v, loss=float(loss.item()), elapsed=round(time.time() - t0, 1)))
            if time.time() - t0 > time_cap:
                log(dict(event="time_cap", epoch=ep))
                break
        model.load_state_dict(best_state)
        return best, best_epoch, ep + 1


def masked_loss(torch, kinds):
    """kinds: per output column 'r' or 'c'; NaN targets are masked. Weighted mean over observed entries."""
    is_reg = torch.tensor([k == "r" for k in kinds])

    def fn(out, tgt, w=None):
        m = ~torch.isnan(tgt)
        t0 = torch.where(m, tgt, torch.zeros_like(tgt))
        reg = is_reg.to(out.device).unsqueeze(0).expand_as(out)
        l_r = (out - t0) ** 2
        l_c = torch.nn.functional.binary_cross_entropy_with_logits(out, t0, reduction="none")
        l = torch.where(reg, l_r, l_c) * m
        if w is not None:
            l = l * w
            return l.sum() / (m * w).sum().clamp(min=1e-6)
        return l.sum() / m.sum().clamp(min=1)
    return fn


def run_single(a, R, data, name, seed, done, out_f, deadline):
    torch = R.torch
    spec = mc.DATASETS[name]
    d = data[name]
    kind = spec["type"]
    y = d["y"]
    tr, va, te = (np.where(d["split"] == k)[0] for k in (0, 1, 2))
    mean, std = np.zeros(y.shape[1]), np.ones(y.shape[1])
    if kind == "regression":
        mean, std = np.nanmean(y[tr], 0), np.nanstd(y[tr], 0)
    yz = ((y - mean) / std).astype(np.float32)
    keys = ("can", "rnd1", "rnd2")

    def get(idx, var):
        rows = tr[idx]
        lens = np.array([d[keys[v] + "_len"][r] for r, v in zip(rows, var)])
        ml = int(min(mc.MAX_LEN, lens.max()))
        ids = np.stack([d[keys[v]][r, :ml] for r, v in zip(rows, var)]).astype(np.int64)
        return ids, yz[rows]
    samples = dict(n=len(tr), order=lambda rng: rng.permutation(len(tr)), get=get)

    def evaluate(model, rows):
        o, _ = R.predict(model, d["can"][rows], d["can_len"][rows])
        pred = o * std + mean if kind == "regression" else o
        return metric(kind, y[rows], pred)

    def val_fn(model):
        v = evaluate(model, va)
        return -v if kind == "regression" else v
    model = R.new_model(y.shape[1], seed)
    t0 = time.time()
    logs = []
    cap = min(a.time_cap * (4 if name == "HIV" else 1), max(5.0, deadline - time.time()))
    best, best_epoch, n_ep = R.train(model, samples, masked_loss(torch, ["r" if kind == "regression" else "c"] *
                                                                y.shape[1]),
                                     a.epochs or EPOCHS[name], BATCH.get(name, a.batch), seed, val_fn, cap,
                                     logs.append)
    test = evaluate(model, te)
    res = dict(dataset=name, seed=seed, kind=kind, metric="RMSE" if kind == "regression" else "ROC-AUC",
               test=test, valid=abs(best), best_epoch=best_epoch, epochs_run=n_ep,
               seconds=round(time.time() - t0, 1), pretrained=bool(a.pretrained), tag=a.tag, history=logs)
    out_f.write(json.dumps(res) + "\n")
    out_f.flush()
    print(f"{a.tag} {name} seed {seed}: test {res['metric']} {test:.3f} (valid {abs(best):.3f}, best epoch "
          f"{best_epoch}/{n_ep}, {res['seconds']}s)", flush=True)


def run_multitask(a, R, data, seed, deadline):
    torch = R.torch
    cols, kinds, col_ds, means, stds = [], [], [], [], []
    for name in a.datasets:
        d = data[name]
        kind = mc.DATASETS[name]["type"]
        tr = d["split"] == 0
        for t in range(d["y"].shape[1]):
            cols.append((name, t))
            kinds.append("r" if kind == "regression" else "c")
            col_ds.append(name)
            if kind == "regression":
                means.append(float(np.nanmean(d["y"][tr, t]))); stds.append(float(np.nanstd(d["y"][tr, t])))
            else:
                means.append(0.0); stds.append(1.0)
    n_out = len(cols)
    means, stds = np.array(means), np.array(stds)
    # stacked training rows: (dataset, row); per-epoch sampling balances datasets
    rows_by_ds = {n: np.where(data[n]["split"] == 0)[0] for n in a.datasets}
    col0 = {}
    c = 0
    for name in a.datasets:
        col0[name] = c
        c += data[name]["y"].shape[1]
    ds_list = a.datasets
    per_epoch = {n: int(min(max(len(r), a.mt_min_per_ds), a.mt_max_per_ds)) for n, r in rows_by_ds.items()}
    keys = ("can", "rnd1", "rnd2")

    def order(rng):
        parts = []
        for k, n in enumerate(ds_list):
            r = rows_by_ds[n]
            m = per_epoch[n]
            pick = rng.permutation(len(r))[:m] if m <= len(r) else rng.randint(0, len(r), size=m)
            parts.append(np.stack([np.full(m, k), r[pick]], 1))
        allp = np.concatenate(parts)
        return allp[rng.permutation(len(allp))]

    def get(pairs, var):
        ids_l, tg = [], np.full((len(pairs), n_out), np.nan, dtype=np.float32)
        for i, ((k, r), v) in enumerate(zip(pairs, var)):
            n = ds_list[k]
            d = data[n]
            ids_l.append(d[keys[v]][r, :d[keys[v] + "_len"][r]])
            nt = d["y"].shape[1]
            c0 = col0[n]
            tg[i, c0:c0 + nt] = (d["y"][r] - means[c0:c0 + nt]) / stds[c0:c0 + nt]
        ml = max(len(x) for x in ids_l)
        ids = np.zeros((len(ids_l), ml), dtype=np.int64)
        for i, x in enumerate(ids_l):
            ids[i, :len(x)] = x
        return ids, tg
    n_per_epoch = sum(per_epoch.values())
    samples = dict(n=n_per_epoch, order=order, get=get)
    base_loss = masked_loss(torch, kinds)
    # each molecule counts once whatever its number of tasks
    w = torch.tensor([1.0 / data[n]["y"].shape[1] for n in col_ds], dtype=torch.float32, device=R.dev)

    def loss_fn(out, tgt):
        return base_loss(out, tgt, w.unsqueeze(0))

    def eval_split(model, split):
        res = {}
        for n in ds_list:
            d = data[n]
            rows = np.where(d["split"] == split)[0]
            o, _ = R.predict(model, d["can"][rows], d["can_len"][rows])
            c0, nt = col0[n], d["y"].shape[1]
            o = o[:, c0:c0 + nt]
            kind = mc.DATASETS[n]["type"]
            pred = o * stds[c0:c0 + nt] + means[c0:c0 + nt] if kind == "regression" else o
            res[n] = metric(kind, d["y"][rows], pred)
        return res

    def val_fn(model):
        r = eval_split(model, 1)
        sc = []
        for n, v in r.items():
            if mc.DATASETS[n]["type"] == "regression":
                c0 = col0[n]
                sc.append(1 - (v / stds[c0]) ** 2)  # validation R^2 proxy
            else:
                sc.append(v / 100)
        return float(np.mean(sc))
    model = R.new_model(n_out, seed)
    logs = []
    t0 = time.time()
    cap = max(5.0, min(a.mt_time_cap, deadline - time.time()))
    best, best_epoch, n_ep = R.train(model, samples, loss_fn, a.mt_epochs, a.batch, seed, val_fn, cap,
                                     lambda x: (logs.append(x), print("multitask", json.dumps(x), flush=True)))
    test, valid = eval_split(model, 2), eval_split(model, 1)
    res = dict(mode="multitask", seed=seed, test=test, valid=valid, best_epoch=best_epoch, epochs_run=n_ep,
               samples_per_epoch=per_epoch, seconds=round(time.time() - t0, 1), history=logs,
               outputs=[dict(dataset=n, task=data[n]["tasks"][t], kind=k, mean=float(means[i]), std=float(stds[i]))
                        for i, ((n, t), k) in enumerate(zip(cols, kinds))])
    with open(os.path.join(a.out, f"multitask_seed{seed}.json"), "w") as f:
        json.dump(res, f, indent=1)
    np.savez(os.path.join(a.out, f"multitask_seed{seed}.npz"), **mc.state_to_numpy(model.state_dict()))
    with open(os.path.join(a.out, f"multitask_seed{seed}_config.json"), "w") as f:
        json.dump(dict(encoder=R.enc_cfg, n_out=n_out), f)
    print("multitask test:", json.dumps(test), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="training/runs")
    ap.add_argument("--pretrained", default="training/runs/pretrain/pretrained.npz",
                    help="pre-trained weights (.npz); empty string = train from scratch")
    ap.add_argument("--out", default="training/runs/finetune")
    ap.add_argument("--datasets", nargs="*", default=mc.DATASET_ORDER)
    ap.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr-mult", type=float, default=10.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=0, help="override the per-dataset epoch counts")
    ap.add_argument("--no-augment", dest="augment", action="store_false")
    ap.add_argument("--time-cap", type=float, default=1e9, help="seconds per run (HIV gets 4x)")
    ap.add_argument("--time-budget", type=float, default=0, help="global wall-clock budget (s)")
    ap.add_argument("--tag", default="finetune")
    ap.add_argument("--multitask", action="store_true")
    ap.add_argument("--mt-epochs", type=int, default=20)
    ap.add_argument("--mt-min-per-ds", type=int, default=2500)
    ap.add_argument("--mt-max-per-ds", type=int, default=12000)
    ap.add_argument("--mt-time-cap", type=float, default=1e9)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    import torch
    mc.set_threads(a.threads)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    deadline = time.time() + (a.time_budget or 1e9)
    os.makedirs(a.out, exist_ok=True)
    data = load_molnet(a.data)
    R = Runner(a, torch, dev)
    if a.multitask:
        for s in a.seeds:
            run_multitask(a, R, data, s, deadline)
        return
    path = os.path.join(a.out, f"{a.tag}_results.jsonl")
    done = set()
    if os.path.exists(path):
        for ln in open(path):
            r = json.loads(ln)
            done.add((r["dataset"], r["seed"]))
    with open(path, "a") as out_f:
        for s in a.seeds:
            for name in a.datasets:
                if (name, s) in done:
                    continue
                if time.time() > deadline:
                    print(f"global budget reached, skipping {name} seed {s}", flush=True)
                    continue
                run_single(a, R, data, name, s, done, out_f, deadline)


if __name__ == "__main__":
    main()
