"""Stage 2: pre-train the SMILES encoder (masked-token prediction + RDKit descriptor regression).

Device-agnostic: CPU (Debian torch 1.13) or CUDA (current PyTorch; bf16 autocast on CUDA only).
Resumable: a checkpoint (model, optimiser, step, planned total steps, RNG state) is written every --ckpt-every
steps; rerun the same command to continue. With --time-budget the total number of steps is fixed after a short
timing phase (logged), so that the cosine schedule ends inside the budget; pass --steps N to replay a run exactly.

    /usr/bin/python3 training/pretrain.py --data training/runs --out training/runs/pretrain --steps 200
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import molml_common as mc  # noqa: E402


def log_line(fh, obj):
    s = json.dumps(obj)
    print(s, flush=True)
    fh.write(s + "\n")
    fh.flush()


def padded_matrix(flat, offs, max_len):
    n = len(offs) - 1
    lens = np.diff(offs).astype(np.int64)
    out = np.zeros((n, max_len), dtype=np.uint8)
    # vectorised scatter of a ragged array into a padded matrix
    row = np.repeat(np.arange(n), lens)
    col = np.arange(len(flat)) - np.repeat(offs[:-1], lens)
    out[row, col] = flat
    return out, lens


def make_batches(lens, batch, rng, bucket=50):
    """Shuffled, length-bucketed batches: sort chunks of `bucket` batches by length, shuffle batch order."""
    perm = rng.permutation(len(lens))
    out = []
    chunk = batch * bucket
    for s in range(0, len(perm), chunk):
        c = perm[s:s + chunk]
        c = c[np.argsort(lens[c], kind="stable")]
        out += [c[i:i + batch] for i in range(0, len(c), batch)]
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def mask_tokens(torch, ids, vocab_size, gen, p=0.15):
    special = ids < 5
    prob = torch.rand(ids.shape, generator=gen, device=ids.device)
    sel = (prob < p) & ~special
    labels = torch.where(sel, ids, torch.full_like(ids, -100))
    r = torch.rand(ids.shape, generator=gen, device=ids.device)
    rand_tok = torch.randint(5, vocab_size, ids.shape, generator=gen, device=ids.device)
    x = torch.where(sel & (r < 0.8), torch.full_like(ids, mc.MASK_ID), ids)
    x = torch.where(sel & (r >= 0.8) & (r < 0.9), rand_tok, x)
    return x, labels


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="training/runs")
    ap.add_argument("--out", default="training/runs/pretrain")
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ff", type=int, default=1024)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--desc-weight", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=0, help="total steps (0: decide from --time-budget)")
    ap.add_argument("--max-epochs", type=float, default=10.0)
    ap.add_argument("--time-budget", type=float, default=0, help="seconds for the training loop")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N molecules")
    ap.add_argument("--no-random", action="store_true", help="train on canonical SMILES only")
    ap.add_argument("--n-val", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ckpt-every", type=int, default=1000)
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)

    import torch
    mc.set_threads(a.threads)
    mc.seed_all(a.seed)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    amp = dev.type == "cuda"
    if amp:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    os.makedirs(a.out, exist_ok=True)
    logf = open(os.path.join(a.out, "pretrain_log.jsonl"), "a")
    t_start = time.time()

    vocab = mc.Vocab.load(os.path.join(a.data, "vocab.json"))
    z = np.load(os.path.join(a.data, "pretrain.npz"))
    can, can_len = padded_matrix(z["can_flat"], z["can_offs"], mc.MAX_LEN)
    desc = z["desc"].astype(np.float32)
    n_mol = len(can) if not a.limit else min(a.limit, len(can))
    # held-out validation molecules: a fixed random subset (seed 12345), canonical SMILES only
    vr = np.random.RandomState(12345).permutation(n_mol)
    val_idx, tr_idx = np.sort(vr[:a.n_val]), np.sort(vr[a.n_val:])
    seqs, lens, targets = [can[tr_idx]], [can_len[tr_idx]], [desc[tr_idx]]
    if not a.no_random:
        rnd, rnd_len = padded_matrix(z["rnd_flat"], z["rnd_offs"], mc.MAX_LEN)
        seqs.append(rnd[tr_idx]); lens.append(rnd_len[tr_idx]); targets.append(desc[tr_idx])
    X = torch.from_numpy(np.concatenate(seqs)).to(dev)
    Lx = np.concatenate(lens)
    Y = torch.from_numpy(np.concatenate(targets)).to(dev)
    Xv = torch.from_numpy(can[val_idx]).to(dev)
    Lv = can_len[val_idx]
    Yv = torch.from_numpy(desc[val_idx]).to(dev)
    n_desc = desc.shape[1]
    steps_per_epoch = math.ceil(len(Lx) / a.batch)

    _, PretrainModel, _ = mc.build_model_classes()
    cfg = dict(d=a.d, layers=a.layers, heads=a.heads, ff=a.ff)
    model = PretrainModel(len(vocab), n_desc, **cfg).to(dev)
    n_params = sum(p.numel() for p in model.encoder.parameters())
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.wd}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.98))
    gen = torch.Generator(device=dev)
    gen.manual_seed(a.seed)

    ckpt_path = os.path.join(a.out, "ckpt.pt")
    step, total, epoch = 0, a.steps, 0
    if os.path.exists(ckpt_path):
        try:
            ck = torch.load(ckpt_path, map_location=dev, weights_only=False)
        except TypeError:  # torch < 1.13 has no weights_only
            ck = torch.load(ckpt_path, map_location=dev)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, total, epoch = ck["step"], ck["total"], ck["epoch"]
        gen.set_state(ck["gen"].cpu() if hasattr(ck["gen"], "cpu") else ck["gen"])
        log_line(logf, dict(event="resume", step=step, total=total, epoch=epoch))
    else:
        log_line(logf, dict(event="start", device=str(dev), torch=torch.__version__, args=vars(a),
                            n_train_seqs=int(len(Lx)), n_val=int(len(Lv)), vocab=len(vocab),
                            encoder_params=int(n_params), steps_per_epoch=steps_per_epoch))
    max_total = int(a.max_epochs * steps_per_epoch)
    warm = lambda T: max(1, min(1000, int(0.05 * T)))  # noqa: E731

    def lr_at(s, T):
        w = warm(T)
        if s < w:
            return a.lr * (s + 1) / w
        p = min(1.0, (s - w) / max(1, T - w))
        return a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p)))

    def evaluate():
        model.eval()
        tot_loss, tot_n, tot_acc, sq, n = 0.0, 0, 0, np.zeros(n_desc), 0
        g = torch.Generator(device=dev)
        g.manual_seed(999)
        with torch.no_grad():
            for s in range(0, len(Lv), 512):
                L = int(Lv[s:s + 512].max())
                ids = Xv[s:s + 512, :L].long()
                att = (ids != mc.PAD_ID).long()
                x, lab = mask_tokens(torch, ids, len(vocab), g)
                with mc.autocast(amp):
                    logits, dp, _ = model(x, att)
                m = lab != -100
                lg = logits[m].float()
                tot_loss += torch.nn.functional.cross_entropy(lg, lab[m], reduction="sum").item()
                tot_acc += (lg.argmax(-1) == lab[m]).sum().item()
                tot_n += int(m.sum())
                sq = sq + ((dp.float() - Yv[s:s + 512]) ** 2).sum(0).double().cpu().numpy()
                n += len(ids)
        model.train()
        var = Yv.float().cpu().numpy().astype(np.float64).var(0)
        r2 = 1 - sq / n / np.maximum(var, 1e-12)
        return dict(val_mlm_loss=tot_loss / max(1, tot_n), val_mlm_acc=tot_acc / max(1, tot_n),
                    val_desc_r2_mean=float(np.mean(r2)),
                    val_desc_r2={k: round(float(v), 4) for k, v in zip(mc.DESCRIPTORS, r2)})

    model.train()
    t_loop = time.time()
    t_timing = None
    rng = np.random.RandomState(a.seed * 1000 + epoch)
    batches = make_batches(Lx, a.batch, rng)
    bi = step - epoch * steps_per_epoch
    run_mlm = run_desc = 0.0
    run_n = 0
    while True:
        if total and step >= total:
            break
        if bi >= len(batches):
            epoch += 1
            rng = np.random.RandomState(a.seed * 1000 + epoch)
            batches = make_batches(Lx, a.batch, rng)
            bi = 0
        idx = torch.from_numpy(batches[bi]).to(dev)
        bi += 1
        L = int(Lx[batches[bi - 1]].max())
        ids = X[idx, :L].long()
        att = (ids != mc.PAD_ID).long()
        x, lab = mask_tokens(torch, ids, len(vocab), gen)
        T = total or max_total
        for g_ in opt.param_groups:
            g_["lr"] = lr_at(step, T)
        with mc.autocast(amp):
            logits, dp, _ = model(x, att)
        m = lab != -100
        l_mlm = torch.nn.functional.cross_entropy(logits[m].float(), lab[m])
        l_desc = torch.nn.functional.mse_loss(dp.float(), Y[idx])
        loss = l_mlm + a.desc_weight * l_desc
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        run_mlm += l_mlm.item() if step % 10 == 0 else 0.0
        run_desc += l_desc.item() if step % 10 == 0 else 0.0
        run_n += 1 if step % 10 == 0 else 0
        # fix the total step count from measured speed (only when not given)
        if not total and a.time_budget:
            if step == 20:
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                t_timing = time.time()
            if step == 120:
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                per_step = (time.time() - t_timing) / 100
                remaining = a.time_budget - (time.time() - t_loop)
                total = int(min(max_total, step + 0.97 * remaining / per_step))
                log_line(logf, dict(event="planned", step=step, sec_per_step=per_step, total=total,
                                    epochs=total / steps_per_epoch))
        if step % a.log_every == 0:
            log_line(logf, dict(step=step, epoch=epoch, lr=lr_at(step, T), mlm=run_mlm / max(1, run_n),
                                desc_mse=run_desc / max(1, run_n), elapsed=round(time.time() - t_start, 1)))
            run_mlm = run_desc = 0.0
            run_n = 0
        if step % a.eval_every == 0:
            log_line(logf, dict(step=step, **evaluate()))
        if step % a.ckpt_every == 0 or (total and step >= total):
            torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), step=step, total=total, epoch=epoch,
                            gen=gen.get_state()), ckpt_path)
        if a.time_budget and time.time() - t_loop > a.time_budget * 1.02 and not (total and step >= total):
            log_line(logf, dict(event="time_budget_stop", step=step, total=total))
            break
    ev = evaluate()
    log_line(logf, dict(event="final", step=step, total=total, epochs=step / steps_per_epoch,
                        train_seconds=round(time.time() - t_loop, 1), **ev))
    np.savez(os.path.join(a.out, "pretrained.npz"), **mc.state_to_numpy(model.state_dict()))
    with open(os.path.join(a.out, "pretrained_config.json"), "w") as f:
        json.dump(dict(encoder=dict(vocab_size=len(vocab), **cfg, max_len=mc.MAX_LEN), n_desc=n_desc,
                       descriptors=mc.DESCRIPTORS, steps=step, epochs=step / steps_per_epoch, batch=a.batch,
                       lr=a.lr, seed=a.seed, device=str(dev), torch=torch.__version__, final_eval=ev), f, indent=1)
    logf.close()
    return ev


if __name__ == "__main__":
    main()
