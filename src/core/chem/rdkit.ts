// The one place that owns the RDKit WebAssembly module: lazy initialisation, log capture for error reasons,
// guaranteed Mol cleanup, input bounds, and recovery after a wasm trap. Never imports `vscode`.
import fs from 'node:fs';
import path from 'node:path';
import initRDKitModule from '@rdkit/rdkit';
import type { MainModule, Mol, Log } from '@rdkit/rdkit';
import { atomSpan, unclosedRingSpan } from './smiles-tokens';

export type { Mol } from '@rdkit/rdkit';

/** Inputs longer than this are refused before RDKit sees them: parsing is linear but depiction is not. */
export const MAX_SMILES_CHARS = 2000;
/** Molblocks (SDF records) longer than this are refused: about 10,000 atoms, far past what the wasm survives. */
export const MAX_MOLBLOCK_CHARS = 800_000;
/** Molecules with more heavy atoms are refused for depiction and descriptors (the wasm traps near 600 atoms). */
export const MAX_HEAVY_ATOMS = 300;

export type ParseErrorKind = 'empty' | 'too-long' | 'too-large' | 'syntax' | 'valence' | 'aromaticity' | 'chemistry' | 'crash';

export interface ParseError {
  kind: ParseErrorKind;
  /** RDKit's own words where it gave any (first meaningful line of its log), otherwise ours. */
  message: string;
  /** 0-based character offset into the input where RDKit located the problem, when it did. */
  position?: number;
  /** 0-based atom index RDKit named (valence/aromaticity errors). */
  atomIndex?: number;
  /**
   * Characters of the input the error is about, when we located them ourselves: the atom RDKit named, or the
   * ring-bond label of an unclosed ring (RDKit gives no position for either). `position` is then `span.start`.
   */
  span?: { start: number; end: number };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

let factory: Promise<MainModule> | undefined;

/** Directory holding RDKit_minimal.wasm: next to the running bundle (dist/, out/...) or inside the package. */
function wasmDirectory(): string {
  if (fs.existsSync(path.join(__dirname, 'RDKit_minimal.wasm'))) return __dirname;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@rdkit', 'rdkit', 'dist');
    if (fs.existsSync(path.join(candidate, 'RDKit_minimal.wasm'))) return candidate;
  }
  throw new Error(`RDKit_minimal.wasm not found next to ${__dirname} or in node_modules`);
}

/** An RDKit module with its log captured; replaced wholesale after a trap. */
export class Rdkit {
  private broken = false;
  /** Inputs that trapped the module once: refused from then on rather than retried. */
  private static readonly poisoned = new Set<string>();

  private constructor(readonly module: MainModule, private readonly log: Log) {}

  static async load(): Promise<Rdkit> {
    const wasmDir = wasmDirectory();
    const module = await (initRDKitModule as unknown as (o: unknown) => Promise<MainModule>)({
      locateFile: (f: string) => path.join(wasmDir, f),
    });
    const log = module.set_log_capture('rdApp.*');
    if (!log) throw new Error('RDKit: could not capture its log');
    return new Rdkit(module, log);
  }

  get version(): string { return this.module.version(); }
  get isBroken(): boolean { return this.broken; }

  /**
   * Parses `smiles`, runs `fn` on the molecule and always frees it. Never throws for bad chemistry: the reason comes
   * back as a ParseError. A wasm trap marks this module broken (see `rdkit()`), and the input is never retried.
   */
  withMol<T>(smiles: string, fn: (mol: Mol) => T, details?: Record<string, unknown>): Parsed<T> {
    const pre = precheck(smiles);
    if (pre) return { ok: false, error: pre };
    if (Rdkit.poisoned.has(smiles)) return { ok: false, error: crashError() };
    let mol: Mol | null = null;
    try {
      this.log.clear_buffer();
      mol = details ? this.module.get_mol(smiles, JSON.stringify(details)) : this.module.get_mol(smiles);
      if (!mol || !mol.is_valid()) return { ok: false, error: parseErrorFromLog(this.log.get_buffer(), smiles) };
      return { ok: true, value: fn(mol) };
    } catch (e) {
      if (isWasmTrap(e)) {
        this.broken = true;
        Rdkit.poisoned.add(smiles);
        return { ok: false, error: crashError() };
      }
      throw e;
    } finally {
      try { mol?.delete(); } catch { this.broken = true; }
    }
  }

  /** Like withMol for a molblock (an SDF record) or RDKit JSON, whose length limit is its own. */
  withMolBlock<T>(molblock: string, fn: (mol: Mol) => T): Parsed<T> {
    if (molblock.length > MAX_MOLBLOCK_CHARS) {
      return { ok: false, error: { kind: 'too-long', message: `molblock of ${molblock.length} characters is over the ${MAX_MOLBLOCK_CHARS}-character limit` } };
    }
    if (Rdkit.poisoned.has(molblock)) return { ok: false, error: crashError() };
    let mol: Mol | null = null;
    try {
      this.log.clear_buffer();
      mol = this.module.get_mol(molblock);
      if (!mol || !mol.is_valid()) return { ok: false, error: parseErrorFromLog(this.log.get_buffer(), molblock, 'molblock') };
      return { ok: true, value: fn(mol) };
    } catch (e) {
      if (isWasmTrap(e)) {
        this.broken = true;
        Rdkit.poisoned.add(molblock);
        return { ok: false, error: crashError() };
      }
      throw e;
    } finally {
      try { mol?.delete(); } catch { this.broken = true; }
    }
  }

  /** Like withMol for SMARTS queries. */
  withQuery<T>(smarts: string, fn: (q: Mol) => T): Parsed<T> {
    const pre = precheck(smarts);
    if (pre) return { ok: false, error: pre };
    let q: Mol | null = null;
    try {
      this.log.clear_buffer();
      q = this.module.get_qmol(smarts);
      if (!q || !q.is_valid()) return { ok: false, error: parseErrorFromLog(this.log.get_buffer(), smarts, 'SMARTS') };
      return { ok: true, value: fn(q) };
    } catch (e) {
      if (isWasmTrap(e)) { this.broken = true; return { ok: false, error: crashError() }; }
      throw e;
    } finally {
      try { q?.delete(); } catch { this.broken = true; }
    }
  }
}

/**
 * The shared module for this thread, created on first use and re-created after a trap. WASM memory never shrinks,
 * so large batch jobs should run in a worker thread that ends afterwards.
 */
export async function rdkit(): Promise<Rdkit> {
  if (factory) {
    const current = await factory.then(() => instance!);
    if (!current.isBroken) return current;
  }
  factory = Rdkit.load().then(r => { instance = r; return r.module; });
  factory.catch(() => { factory = undefined; });
  await factory;
  return instance!;
}
let instance: Rdkit | undefined;

function precheck(input: string): ParseError | undefined {
  if (input.trim().length === 0) return { kind: 'empty', message: 'empty SMILES' };
  if (input.length > MAX_SMILES_CHARS) {
    return { kind: 'too-long', message: `SMILES of ${input.length} characters is over the ${MAX_SMILES_CHARS}-character limit` };
  }
  return undefined;
}

function crashError(): ParseError {
  return { kind: 'crash', message: 'RDKit ran out of memory or crashed on this input (very large molecule?)' };
}

export function isWasmTrap(e: unknown): boolean {
  if (typeof WebAssembly !== 'undefined' && (e instanceof WebAssembly.RuntimeError)) return true;
  const text = String((e as Error)?.message ?? e);
  return /memory access out of bounds|unreachable|WebAssembly|call stack size|Aborted\(/i.test(text) ||
    (e as { constructor?: { name?: string } })?.constructor?.name === 'Exception';
}

/** Turns RDKit's captured log into a ParseError: the reason line, and the position or atom when RDKit gives one. */
export function parseErrorFromLog(rawLog: string, input: string, what = 'SMILES'): ParseError {
  // RDKit's reasons quote the input: line breaks in it are shown escaped, so that a reason stays one line.
  const shown = input.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  const log = shown === input ? rawLog : rawLog.split(input).join(shown);
  const lines = log.split(/\r\n|\r|\n/).map(l => l.replace(/^\[[^\]]*\]\s*/, '').trim()).filter(Boolean);
  const position = /around position (\d+)/.exec(log);
  // "atom # 3 C", "Unkekulized atoms: 0 1 2", "non-ring atom 1 marked aromatic": the first atom named.
  const atom = /atom # ?(\d+)|Unkekulized atoms: (\d+)|atom (\d+) marked aromatic/i.exec(log);
  // The most specific line: skip the generic "Failed parsing" and the caret-drawing lines.
  const reasonLine = lines.find(l => !/Failed parsing|check for mistakes|^[~^ ]+$/.test(l) && l !== shown && !l.endsWith(`: ${shown}`))
    ?? lines[0] ?? `RDKit could not parse this ${what}`;
  const reason = reasonLine.replace(/^SMILES Parse Error:\s*/, '').replace(/^SMARTS Parse Error:\s*/, '')
    .replace(/ for input: '.*'$/, '').trim();
  let kind: ParseErrorKind = 'syntax';
  if (/valence/i.test(reason)) kind = 'valence';
  else if (/kekulize|aromatic/i.test(reason)) kind = 'aromaticity';
  else if (/sanitiz|chiral|stereo/i.test(reason)) kind = 'chemistry';
  const error: ParseError = { kind, message: reason || `RDKit could not parse this ${what}` };
  if (position) error.position = Math.max(0, Number(position[1]) - 1);
  if (atom && kind !== 'syntax') error.atomIndex = Number(atom[1] ?? atom[2] ?? atom[3]);
  if (what === 'SMILES' && error.position === undefined) {
    const span = error.atomIndex !== undefined ? atomSpan(input, error.atomIndex)
      : /unclosed ring/.test(reason) ? unclosedRingSpan(input) : undefined;
    if (span) { error.span = span; error.position = span.start; }
  }
  return error;
}
