#!/bin/sh
# Second GPU-machine call: ECFP4 baselines on its 16 CPU cores (fingerprints precomputed with RDKit as
# training/runs/ecfp4.npz, since that machine has no RDKit) and two more seeds of the multi-task model.
#   sh gpu_extra.sh <data dir with molnet.npz, vocab.json, ecfp4.npz, pretrained.npz> <out dir>
set -u
D=$1; O=$2; H=$(dirname "$0")
mkdir -p "$O/run"
export PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
python3 "$H/baselines.py" --ecfp --ecfp-cache "$D/ecfp4.npz" --data "$D" --out "$O/run" --datasets HIV --threads 10 > "$O/run/ecfp_hiv.log" 2>&1 &
python3 "$H/baselines.py" --ecfp --ecfp-cache "$D/ecfp4.npz" --data "$D" --out "$O/run/other" --threads 4 \
  --datasets ESOL FreeSolv Lipophilicity BBBP BACE ClinTox Tox21 SIDER > "$O/run/ecfp_other.log" 2>&1 &
for s in 1 2; do
  python3 "$H/finetune.py" --data "$D" --pretrained "$D/pretrained.npz" --out "$O/run" --multitask --seeds $s \
    --batch 64 --mt-epochs 12 --mt-time-cap 150 --time-budget 150 > "$O/run/multitask_s$s.log" 2>&1 &
done
wait
rm -f "$O"/run/*.npz
tar czf "$O/results2.tar.gz" -C "$O" run
