"""Shared code: tokenizer, encoder model, dataset definitions.

Pure Python + numpy + torch (no RDKit), so the same file runs on the
Debian CPU toolchain (torch 1.13) and on a GPU machine with a current PyTorch.
"""
import json
import math
import os
import re

import numpy as np

# The SMILES tokenisation regex of Schwaller et al. (Molecular Transformer).
SMILES_REGEX = (r"(\[[^\]]+]|Br?|Cl?|N|O|S|P|F|I|b|c|n|o|s|p|\(|\)|\.|=|#|-|\+|\\|\/|:|~|@|\?|>|\*|\$|\%[0-9]{2}|[0-9])")
_TOKEN_RE = re.compile(SMILES_REGEX)

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAD_ID, UNK_ID, CLS_ID, SEP_ID, MASK_ID = range(5)
MAX_LEN = 128  # including [CLS] and [SEP]

# RDKit descriptors regressed during pre-training (knowledge-enriched objective).
DESCRIPTORS = [
    "MolWt", "HeavyAtomCount", "MolLogP", "MolMR", "TPSA", "LabuteASA",
    "NumHDonors", "NumHAcceptors", "NumRotatableBonds", "NumHeteroatoms",
    "RingCount", "NumAromaticRings", "NumAliphaticRings", "FractionCSP3",
    "FormalCharge",
]

# MoleculeNet datasets: file, SMILES column, task columns, type, units.
DATASETS = {
    "ESOL": dict(file="esol_delaney-processed.csv", smiles="smiles",
                 tasks=["measured log solubility in mols per litre"], names=["ESOL_logS"],
                 type="regression", units="log10(mol/L)"),
    "FreeSolv": dict(file="freesolv_SAMPL.csv", smiles="smiles", tasks=["expt"], names=["FreeSolv_dGhyd"],
                     type="regression", units="kcal/mol"),
    "Lipophilicity": dict(file="lipophilicity.csv", smiles="smiles", tasks=["exp"], names=["Lipophilicity_logD74"],
                          type="regression", units="logD at pH 7.4"),
    "BBBP": dict(file="bbbp_BBBP.csv", smiles="smiles", tasks=["p_np"], names=["BBBP_p_np"],
                 type="classification", units="probability"),
    "BACE": dict(file="bace.csv", smiles="mol", tasks=["Class"], names=["BACE_Class"],
                 type="classification", units="probability"),
    "ClinTox": dict(file="clintox.csv", smiles="smiles", tasks=["FDA_APPROVED", "CT_TOX"],
                    names=["ClinTox_FDA_APPROVED", "ClinTox_CT_TOX"], type="classification", units="probability"),
    "Tox21": dict(file="tox21.csv", smiles="smiles",
                  tasks=["NR-AR", "NR-AR-LBD", "NR-AhR", "NR-Aromatase", "NR-ER", "NR-ER-LBD", "NR-PPAR-gamma",
                         "SR-ARE", "SR-ATAD5", "SR-HSE", "SR-MMP", "SR-p53"],
                  names=None, type="classification", units="probability"),
    "SIDER": dict(file="sider.csv", smiles="smiles", tasks=None, names=None,
                  type="classification", units="probability"),
    "HIV": dict(file="hiv_HIV.csv", smiles="smiles", tasks=["HIV_active"], names=["HIV_active"],
                type="classification", units="probability"),
}
DATASET_ORDER = ["ESOL", "FreeSolv", "Lipophilicity", "BBBP", "BACE", "ClinTox", "Tox21", "SIDER", "HIV"]


def tokenize(smiles):
    toks = _TOKEN_RE.findall(smiles)
    if "".join(toks) != smiles:
        # characters the regex does not know: keep them as single-character tokens
        out, pos = [], 0
        for m in _TOKEN_RE.finditer(smiles):
            out.extend(smiles[pos:m.start()])
            out.append(m.group(0))
            pos = m.end()
        out.extend(smiles[pos:])
        toks = out
    return toks


class Vocab:
    def __init__(self, tokens):
        self.itos = list(tokens)
        self.stoi = {t: i for i, t in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def encode(self, smiles, max_len=MAX_LEN):
        """[CLS] tokens [SEP]; truncated to max_len (the [SEP] is kept as the last token)."""
        ids = [self.stoi.get(t, UNK_ID) for t in tokenize(smiles)]
        ids = ids[: max_len - 2]
        return [CLS_ID] + ids + [SEP_ID]

    def save(self, path):
        with open(path, "w") as f:
            json.dump(self.itos, f, indent=0)

    @classmethod
    def load(cls, path):
        with open(path) as f:
            return cls(json.load(f))


def pack(seqs):
    """list of int lists -> (uint8 concatenated tokens, int64 offsets)."""
    lens = np.array([len(s) for s in seqs], dtype=np.int64)
    offs = np.zeros(len(seqs) + 1, dtype=np.int64)
    np.cumsum(lens, out=offs[1:])
    flat = np.fromiter((t for s in seqs for t in s), dtype=np.uint8, count=int(offs[-1]))
    return flat, offs


def pad_packed(flat, offs, max_len=MAX_LEN):
    n = len(offs) - 1
    lens = np.minimum(np.diff(offs), max_len)
    L = int(lens.max()) if n else 1
    out = np.zeros((n, L), dtype=np.int64)
    for i in range(n):
        out[i, : lens[i]] = flat[offs[i]: offs[i] + lens[i]]
    return out


# ---------------------------------------------------------------- model (torch)
def _torch():
    import torch
    return torch


def build_model_classes():
    torch = _torch()
    nn = torch.nn
    F = torch.nn.functional

    class Attention(nn.Module):
        # plain matmul attention: exports to ONNX under no_grad (unlike nn.TransformerEncoder's fast path)
        def __init__(self, d, h, dropout):
            super().__init__()
            self.h, self.dk = h, d // h
            self.qkv = nn.Linear(d, 3 * d)
            self.out = nn.Linear(d, d)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, bias):
            B, L, D = x.shape
            qkv = self.qkv(x).reshape(B, L, 3, self.h, self.dk).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            s = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.dk))
            s = s.float() + bias  # bias: [B,1,1,L], 0 for tokens, -1e9 for padding
            a = self.drop(torch.softmax(s, dim=-1)).to(v.dtype)
            o = torch.matmul(a, v).permute(0, 2, 1, 3).reshape(B, L, D)
            return self.out(o)

    class Block(nn.Module):
        def __init__(self, d, h, ff, dropout):
            super().__init__()
            self.ln1 = nn.LayerNorm(d)
            self.att = Attention(d, h, dropout)
            self.ln2 = nn.LayerNorm(d)
            self.ff1 = nn.Linear(d, ff)
            self.ff2 = nn.Linear(ff, d)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, bias):
            x = x + self.drop(self.att(self.ln1(x), bias))
            x = x + self.drop(self.ff2(F.gelu(self.ff1(self.ln2(x)))))
            return x

    class Encoder(nn.Module):
        """Pre-LN transformer encoder over SMILES tokens; embedding = masked mean of the final hidden states."""

        def __init__(self, vocab_size, d=256, layers=4, heads=4, ff=1024, max_len=MAX_LEN, dropout=0.1):
            super().__init__()
            self.cfg = dict(vocab_size=vocab_size, d=d, layers=layers, heads=heads, ff=ff, max_len=max_len,
                            dropout=dropout)
            self.tok = nn.Embedding(vocab_size, d)
            self.pos = nn.Embedding(max_len, d)
            self.drop = nn.Dropout(dropout)
            self.blocks = nn.ModuleList([Block(d, heads, ff, dropout) for _ in range(layers)])
            self.ln = nn.LayerNorm(d)

        def forward(self, input_ids, attention_mask):
            L = input_ids.shape[1]
            pos = torch.arange(L, device=input_ids.device).unsqueeze(0)
            x = self.drop(self.tok(input_ids) + self.pos(pos))
            m = attention_mask.to(torch.float32)
            bias = ((1.0 - m) * -1e9).unsqueeze(1).unsqueeze(1)
            for b in self.blocks:
                x = b(x, bias)
            h = self.ln(x)
            w = m.unsqueeze(-1)
            emb = (h.float() * w).sum(1) / w.sum(1).clamp(min=1.0)
            return h, emb

    class PretrainModel(nn.Module):
        def __init__(self, vocab_size, n_desc, **kw):
            super().__init__()
            self.encoder = Encoder(vocab_size, **kw)
            d = self.encoder.cfg["d"]
            self.mlm = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.LayerNorm(d), nn.Linear(d, vocab_size))
            self.desc = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, n_desc))

        def forward(self, input_ids, attention_mask):
            h, emb = self.encoder(input_ids, attention_mask)
            return self.mlm(h), self.desc(emb.to(h.dtype)), emb

    class TaskModel(nn.Module):
        """Encoder + one MLP head giving all task outputs (raw: standardised regression values / logits)."""

        def __init__(self, vocab_size, n_out, dropout=0.1, **kw):
            super().__init__()
            self.encoder = Encoder(vocab_size, dropout=dropout, **kw)
            d = self.encoder.cfg["d"]
            self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(d, d), nn.GELU(), nn.Dropout(dropout),
                                      nn.Linear(d, n_out))

        def forward(self, input_ids, attention_mask):
            _, emb = self.encoder(input_ids, attention_mask)
            return self.head(emb), emb

    return Encoder, PretrainModel, TaskModel


def state_to_numpy(sd):
    return {k: v.detach().float().cpu().numpy() for k, v in sd.items()}


def numpy_to_state(npz):
    torch = _torch()
    return {k: torch.from_numpy(np.asarray(npz[k])) for k in npz.files}


def set_threads(n=None):
    torch = _torch()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if not torch.cuda.is_available():
        torch.set_num_threads(n or int(os.environ.get("MOLML_THREADS", "2")))


def seed_all(seed):
    import random
    torch = _torch()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def autocast(amp):
    """bf16 autocast on CUDA; a no-op elsewhere (torch 1.13 on CPU rejects a disabled CUDA autocast)."""
    import contextlib
    torch = _torch()
    if amp:
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()
