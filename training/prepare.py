"""Stage 1: RDKit preprocessing (CPU, Debian python3-rdkit).

Pre-training corpus -> canonical isomeric SMILES + 1 randomised SMILES per molecule, token ids,
standardised RDKit descriptor targets. MoleculeNet -> canonical SMILES, 2 randomised variants (training-time
augmentation), labels (NaN = missing) and deterministic Bemis-Murcko scaffold splits (80/10/10).

Writes training/runs/{vocab.json, pretrain.npz, molnet.npz, molnet/<DS>.json} and training/splits/<DS>.json.
Resumable: finished outputs are skipped unless --force.

    /usr/bin/python3 training/prepare.py [--limit N] [--workers 2]
"""
import argparse
import csv
import gzip
import json
import os
import sys
import time
from collections import Counter
from multiprocessing import Pool

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from molml_common import (DATASETS, DATASET_ORDER, DESCRIPTORS, MAX_LEN, SPECIAL_TOKENS, Vocab, pack,  # noqa: E402
                          tokenize)

HERE = os.path.dirname(os.path.abspath(__file__))
# The full data sets are not in the repository: MOLML_DATA names the folder holding moleculenet/ and pretrain/.
if not os.environ.get("MOLML_DATA"):
    sys.exit("set MOLML_DATA to the folder holding the full data sets (see training/README.md)")
DATA = os.environ["MOLML_DATA"]


def _rdkit():
    from rdkit import Chem, RDLogger
    RDLogger.DisableLog("rdApp.*")
    return Chem


def descriptor_values(mol):
    from rdkit import Chem
    from rdkit.Chem import Crippen, Descriptors, Lipinski, rdMolDescriptors
    return [
        Descriptors.MolWt(mol), mol.GetNumHeavyAtoms(), Crippen.MolLogP(mol), Crippen.MolMR(mol),
        rdMolDescriptors.CalcTPSA(mol), rdMolDescriptors.CalcLabuteASA(mol),
        Lipinski.NumHDonors(mol), Lipinski.NumHAcceptors(mol), rdMolDescriptors.CalcNumRotatableBonds(mol),
        rdMolDescriptors.CalcNumHeteroatoms(mol), rdMolDescriptors.CalcNumRings(mol),
        rdMolDescriptors.CalcNumAromaticRings(mol), rdMolDescriptors.CalcNumAliphaticRings(mol),
        rdMolDescriptors.CalcFractionCSP3(mol), Chem.GetFormalCharge(mol),
    ]


def random_smiles(mol, n, seed):
    from rdkit.Chem import rdmolfiles
    return list(rdmolfiles.MolToRandomSmilesVect(mol, n, randomSeed=seed))


def _pretrain_one(args):
    i, smi = args
    Chem = _rdkit()
    mol = Chem.MolFromSmiles(smi)
    if mol is None:
        return None
    can = Chem.MolToSmiles(mol)
    rnd = random_smiles(mol, 1, 1000003 + i)[0]
    return can, rnd, descriptor_values(mol)


def _molnet_one(args):
    i, smi = args
    Chem = _rdkit()
    from rdkit.Chem.Scaffolds import MurckoScaffold
    mol = Chem.MolFromSmiles(smi.strip())
    if mol is None:
        return None
    can = Chem.MolToSmiles(mol)
    rnd = random_smiles(mol, 2, 7919 + i)
    scaf = MurckoScaffold.MurckoScaffoldSmiles(mol=mol, includeChirality=False)
    return can, rnd, scaf


def scaffold_split(scaffolds, frac_train=0.8, frac_valid=0.1):
    """DeepChem ScaffoldSplitter: scaffold sets sorted by (size, first index) descending, largest to train."""
    groups = {}
    for i, s in enumerate(scaffolds):
        groups.setdefault(s, []).append(i)
    sets = sorted(groups.values(), key=lambda x: (len(x), x[0]), reverse=True)
    n = len(scaffolds)
    train_cut, valid_cut = frac_train * n, (frac_train + frac_valid) * n
    train, valid, test = [], [], []
    for s in sets:
        if len(train) + len(s) > train_cut:
            if len(train) + len(valid) + len(s) > valid_cut:
                test += s
            else:
                valid += s
        else:
            train += s
    return sorted(train), sorted(valid), sorted(test)


def read_dataset(name):
    spec = DATASETS[name]
    with open(os.path.join(DATA, "moleculenet", spec["file"]), newline="") as f:
        rows = list(csv.DictReader(f))
    tasks = spec["tasks"] or [c for c in rows[0].keys() if c != spec["smiles"]]
    smiles = [r[spec["smiles"]] for r in rows]
    y = np.array([[float(r[t]) if r[t].strip() != "" else np.nan for t in tasks] for r in rows], dtype=np.float64)
    return smiles, tasks, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(HERE, "runs"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N pre-training molecules (smoke tests)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-count", type=int, default=3, help="minimum corpus count for a vocabulary token")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.work, "molnet"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "splits"), exist_ok=True)
    t0 = time.time()
    pool = Pool(a.workers)

    # ---- pre-training corpus
    pre_raw = os.path.join(a.work, "pretrain_rdkit.json.gz")
    if a.force or not os.path.exists(pre_raw):
        with gzip.open(os.path.join(DATA, "pretrain", "pretrain_smiles.txt.gz"), "rt") as f:
            lines = [ln.split()[0] for ln in f if ln.strip()]
        if a.limit:
            lines = lines[: a.limit]
        print(f"pretrain: {len(lines)} SMILES", flush=True)
        res = []
        for k, r in enumerate(pool.imap(_pretrain_one, enumerate(lines), chunksize=500)):
            res.append(r)
            if k % 50000 == 0:
                print(f"  {k} {time.time() - t0:.0f}s", flush=True)
        with gzip.open(pre_raw, "wt") as f:
            json.dump(res, f)
    else:
        with gzip.open(pre_raw, "rt") as f:
            res = json.load(f)
    ok = [r for r in res if r is not None]
    print(f"pretrain: {len(ok)} parsed ({time.time() - t0:.0f}s)", flush=True)

    # ---- vocabulary (from the pre-training corpus only)
    vocab_path = os.path.join(a.work, "vocab.json")
    cnt = Counter()
    for can, rnd, _ in ok:
        cnt.update(tokenize(can))
        cnt.update(tokenize(rnd))
    toks = [t for t, c in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0])) if c >= a.min_count]
    vocab = Vocab(SPECIAL_TOKENS + toks)
    vocab.save(vocab_path)
    print(f"vocab: {len(vocab)} tokens ({len(cnt)} distinct in corpus, min count {a.min_count})")

    # ---- pre-training arrays: drop molecules whose canonical or random SMILES exceeds MAX_LEN tokens
    can_ids, rnd_ids, desc = [], [], []
    dropped = 0
    for can, rnd, d in ok:
        c, r = vocab.encode(can, 10 ** 6), vocab.encode(rnd, 10 ** 6)
        if len(c) > MAX_LEN or len(r) > MAX_LEN or not np.all(np.isfinite(d)):
            dropped += 1
            continue
        can_ids.append(c)
        rnd_ids.append(r)
        desc.append(d)
    desc = np.array(desc, dtype=np.float64)
    mean, std = desc.mean(0), desc.std(0)
    std[std == 0] = 1.0
    descz = ((desc - mean) / std).astype(np.float16)
    cf, co = pack(can_ids)
    rf, ro = pack(rnd_ids)
    np.savez_compressed(os.path.join(a.work, "pretrain.npz"), can_flat=cf, can_offs=co, rnd_flat=rf, rnd_offs=ro,
                        desc=descz, desc_mean=mean, desc_std=std, desc_names=np.array(DESCRIPTORS))
    print(f"pretrain.npz: {len(can_ids)} molecules kept, {dropped} dropped (> {MAX_LEN} tokens)")
    print("descriptor mean:", dict(zip(DESCRIPTORS, np.round(mean, 3))))
    print("descriptor std:", dict(zip(DESCRIPTORS, np.round(std, 3))))

    # ---- MoleculeNet
    arrays, meta = {}, {}
    for name in DATASET_ORDER:
        smiles, tasks, y = read_dataset(name)
        res = pool.map(_molnet_one, list(enumerate(smiles)), chunksize=200)
        keep = [i for i, r in enumerate(res) if r is not None]
        failed = [smiles[i] for i, r in enumerate(res) if r is None]
        can = [res[i][0] for i in keep]
        rnd = [res[i][1] for i in keep]
        scaf = [res[i][2] for i in keep]
        y = y[keep]
        tr, va, te = scaffold_split(scaf)
        split = np.zeros(len(keep), dtype=np.int8)
        split[va] = 1
        split[te] = 2
        ids = [vocab.encode(s) for s in can]
        r1 = [vocab.encode(s[0]) for s in rnd]
        r2 = [vocab.encode(s[1]) for s in rnd]
        n_trunc = sum(len(vocab.encode(s, 10 ** 6)) > MAX_LEN for s in can)
        n_unk = sum(1 in x for x in ids)
        for key, seqs in (("can", ids), ("rnd1", r1), ("rnd2", r2)):
            f_, o_ = pack(seqs)
            arrays[f"{name}/{key}_flat"], arrays[f"{name}/{key}_offs"] = f_, o_
        arrays[f"{name}/y"] = y.astype(np.float32)
        arrays[f"{name}/split"] = split
        meta[name] = dict(tasks=tasks, n=len(keep), n_rows=len(smiles), failed=failed, n_truncated=int(n_trunc),
                          n_with_unk=int(n_unk), n_train=len(tr), n_valid=len(va), n_test=len(te))
        with open(os.path.join(a.work, "molnet", f"{name}.json"), "w") as f:
            json.dump(dict(tasks=tasks, rows=keep, smiles=can, y=np.where(np.isnan(y), None, y).tolist(),
                           split=split.tolist()), f)
        with open(os.path.join(HERE, "splits", f"{name}.json"), "w") as f:
            json.dump(dict(dataset=name, file=DATASETS[name]["file"], method="Bemis-Murcko scaffold "
                           "(RDKit MurckoScaffoldSmiles, includeChirality=False), DeepChem ScaffoldSplitter order, "
                           "80/10/10; row numbers are 0-based data rows of the CSV",
                           unparsable_rows=[i for i, r in enumerate(res) if r is None],
                           valid=[keep[i] for i in va], test=[keep[i] for i in te]), f)
        print(f"{name}: {len(keep)}/{len(smiles)} parsed, train/valid/test {len(tr)}/{len(va)}/{len(te)}, "
              f"truncated {n_trunc}, with [UNK] {n_unk} ({time.time() - t0:.0f}s)", flush=True)
    np.savez_compressed(os.path.join(a.work, "molnet.npz"), **arrays)
    with open(os.path.join(a.work, "molnet_meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    pool.close()
    print(f"done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
