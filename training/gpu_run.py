"""One-shot GPU run: pre-training, then (in parallel processes) per-dataset fine-tuning for 3 seeds, the multi-task
model that is shipped, and ridge/logistic heads on the frozen embedding. Every stage has a wall-clock budget so the
whole run ends inside the machine's time limit; everything is written to --out.

    python3 training/gpu_run.py --data <dir with vocab.json, pretrain.npz, molnet.npz> --out <dir>

The same command runs on CPU (use tiny budgets and --limit for a smoke test).
"""
import argparse
import json
import os
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--pretrain-budget", type=float, default=175)
    ap.add_argument("--finetune-budget", type=float, default=160)
    ap.add_argument("--ft-time-cap", type=float, default=16)
    ap.add_argument("--mt-epochs", type=int, default=12)
    ap.add_argument("--mt-min", type=int, default=2500)
    ap.add_argument("--mt-max", type=int, default=12000)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--lr", type=float, default=7e-4)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--pretrain-steps", type=int, default=0)
    ap.add_argument("--ft-epochs", type=int, default=0)
    ap.add_argument("--datasets", nargs="*", default=None)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    t0 = time.time()
    os.makedirs(a.out, exist_ok=True)
    work = os.path.join(a.out, "run")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1", OMP_WAIT_POLICY="PASSIVE")
    status = {}

    def stamp(msg):
        print(f"[gpu_run {time.time() - t0:6.1f}s] {msg}", flush=True)

    def pack():
        with tarfile.open(os.path.join(a.out, "results.tar.gz"), "w:gz") as tf:
            for fn in sorted(os.listdir(work)):
                p = os.path.join(work, fn)
                if os.path.isfile(p) and not fn.endswith((".npz", ".pt")):
                    tf.add(p, arcname=fn)
        with open(os.path.join(a.out, "status.json"), "w") as f:
            json.dump(status, f, indent=1)

    # ---- pre-training (in-process)
    try:
        import torch
        stamp(f"torch {torch.__version__} cuda {torch.cuda.is_available()} "
              f"{torch.cuda.get_device_name(0) if torch.cuda.is_available() else ''}")
        sys.path.insert(0, HERE)
        import pretrain
        argv = ["--data", a.data, "--out", work, "--batch", str(a.batch), "--lr", str(a.lr),
                "--time-budget", str(a.pretrain_budget), "--max-epochs", "12", "--log-every", "200",
                "--eval-every", "2000", "--ckpt-every", "100000", "--threads", str(a.threads)]
        if a.limit:
            argv += ["--limit", str(a.limit), "--n-val", "200"]
        if a.pretrain_steps:
            argv += ["--steps", str(a.pretrain_steps)]
        ev = pretrain.main(argv)
        status["pretrain"] = dict(ok=True, **{k: v for k, v in ev.items() if k != "val_desc_r2"})
        os.replace(os.path.join(work, "pretrained.npz"), os.path.join(a.out, "pretrained.npz"))
        os.makedirs(os.path.join(work, "w"), exist_ok=True)
    except Exception as e:  # keep going: report what happened
        import traceback
        traceback.print_exc()
        status["pretrain"] = dict(ok=False, error=repr(e))
        pack()
        return
    stamp("pre-training done")
    pre = os.path.join(a.out, "pretrained.npz")
    # the fine-tuning code reads the config next to the weights
    import shutil
    shutil.copy(os.path.join(work, "pretrained_config.json"), os.path.join(a.out, "pretrained_config.json"))

    # ---- fine-tuning: 3 per-dataset processes (one per seed), multi-task, frozen heads: all in parallel
    ds = ["HIV", "ESOL", "FreeSolv", "Lipophilicity", "BBBP", "BACE", "ClinTox", "Tox21", "SIDER"]
    if a.datasets:
        ds = [d for d in ds if d in a.datasets]
    common = ["--data", a.data, "--pretrained", pre, "--out", work, "--threads", str(a.threads),
              "--datasets", *ds]
    procs = {}
    for s in (0, 1, 2):
        cmd = [sys.executable, os.path.join(HERE, "finetune.py"), *common, "--seeds", str(s), "--tag", f"ft_s{s}",
               "--time-budget", str(a.finetune_budget), "--time-cap", str(a.ft_time_cap)]
        if a.ft_epochs:
            cmd += ["--epochs", str(a.ft_epochs)]
        procs[f"ft_s{s}"] = cmd
    procs["multitask"] = [sys.executable, os.path.join(HERE, "finetune.py"), *common, "--multitask", "--seeds", "0",
                          "--batch", "64", "--mt-epochs", str(a.mt_epochs),
                          "--mt-min-per-ds", str(a.mt_min), "--mt-max-per-ds", str(a.mt_max),
                          "--mt-time-cap", str(a.finetune_budget), "--time-budget", str(a.finetune_budget)]
    procs["frozen"] = [sys.executable, os.path.join(HERE, "baselines.py"), "--frozen", "--data", a.data,
                       "--pretrained", pre, "--out", work, "--threads", str(a.threads), "--datasets", *ds]
    running = {}
    for k, cmd in procs.items():
        lf = open(os.path.join(work, f"{k}.log"), "w")
        running[k] = (subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env), lf)
        stamp(f"started {k}")
    hard = time.time() + a.finetune_budget + 45
    while running:
        for k in list(running):
            p, lf = running[k]
            if p.poll() is not None:
                lf.close()
                status[k] = dict(rc=p.returncode)
                stamp(f"{k} finished rc={p.returncode}")
                del running[k]
        if time.time() > hard:
            for k, (p, lf) in running.items():
                p.kill()
                lf.close()
                status[k] = dict(rc="killed at hard deadline")
                stamp(f"killed {k}")
            running = {}
        time.sleep(1)
    for f in os.listdir(work):
        if f.startswith("multitask_seed") and f.endswith(".npz"):
            os.replace(os.path.join(work, f), os.path.join(a.out, f))
    status["seconds"] = round(time.time() - t0, 1)
    pack()
    stamp("all done")


if __name__ == "__main__":
    main()
