// ECFP4-like Morgan fingerprints (radius 2, 2048 bits) from RDKit, packed 8 bits per byte, and Tanimoto on them.
import { refusalReason, type Rdkit } from '../chem/rdkit';

export const ECFP_DETAILS = { radius: 2, nBits: 2048 } as const;
export type Fingerprint = Uint8Array;

const POPCOUNT = new Uint8Array(256).map((_, i) => {
  let c = 0;
  for (let v = i; v; v >>= 1) c += v & 1;
  return c;
});

/** Morgan r2/2048 of `smiles` (and its canonical SMILES from the same parse when asked), or the parse error message. */
export function ecfp(
  rd: Rdkit,
  smiles: string,
  options: { canonical?: boolean } = {},
): { ok: true; fp: Fingerprint; canonical?: string } | { ok: false; reason: string } {
  const r = rd.withMol(smiles, mol =>
    mol.get_num_atoms() === 0
      ? undefined
      : {
          fp: mol.get_morgan_fp_as_uint8array(JSON.stringify(ECFP_DETAILS)),
          ...(options.canonical ? { canonical: mol.get_smiles() } : {}),
        },
  );
  if (!r.ok) return { ok: false, reason: refusalReason(r.error) };
  if (!r.value) return { ok: false, reason: 'no atoms' };
  return { ok: true, fp: new Uint8Array(r.value.fp), ...(r.value.canonical ? { canonical: r.value.canonical } : {}) };
}

export function popcount(fp: Fingerprint): number {
  let c = 0;
  for (let i = 0; i < fp.length; i++) c += POPCOUNT[fp[i]];
  return c;
}

export function tanimoto(a: Fingerprint, b: Fingerprint): number {
  let both = 0,
    either = 0;
  for (let i = 0; i < a.length; i++) {
    both += POPCOUNT[a[i] & b[i]];
    either += POPCOUNT[a[i] | b[i]];
  }
  return either === 0 ? 0 : both / either;
}

/** Unpacked 0/1 features (for linear models). */
export function fingerprintBits(fp: Fingerprint): Float64Array {
  const out = new Float64Array(fp.length * 8);
  for (let i = 0; i < fp.length; i++) for (let b = 0; b < 8; b++) out[i * 8 + b] = (fp[i] >> b) & 1;
  return out;
}
