// The one place that owns the RDKit WebAssembly module: lazy initialisation, log capture for error reasons,
// guaranteed Mol cleanup, input bounds, and the one recovery after a wasm trap (withRdkit). Never imports `vscode`.
import fs from 'node:fs';
import path from 'node:path';
import initRDKitModule from '@rdkit/rdkit';
import type { MainModule, Mol, Log } from '@rdkit/rdkit';
import { atomSpan, unclosedRingSpan } from './smiles-tokens';
import { smilesTextError } from './smiles-text';
import { heavyAtomCount } from './smiles-tokens';

export type { Mol } from '@rdkit/rdkit';

/** Inputs longer than this are refused before RDKit sees them: parsing is linear but depiction is not. */
export const MAX_SMILES_CHARS = 2000;
/** Molblocks (SDF records) longer than this are refused: about 10,000 atoms, far past what the wasm survives. */
export const MAX_MOLBLOCK_CHARS = 800_000;
/** Molecules with more heavy atoms are refused for depiction and descriptors (the wasm traps near 600 atoms). */
export const MAX_HEAVY_ATOMS = 300;

/** `text`: refused before RDKit (non-ASCII or inner whitespace, which RDKit would misread; see smiles-text.ts). */
export type ParseErrorKind =
  'empty' | 'too-long' | 'too-large' | 'text' | 'syntax' | 'valence' | 'aromaticity' | 'chemistry' | 'crash';

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

/** Directory holding RDKit_minimal.wasm: next to the running bundle (dist/, out/...) or inside the package. */
function wasmDirectory(): string {
  if (fs.existsSync(path.join(__dirname, 'RDKit_minimal.wasm'))) return __dirname;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@rdkit', 'rdkit', 'dist');
    if (fs.existsSync(path.join(candidate, 'RDKit_minimal.wasm'))) return candidate;
  }
  throw new Error(`RDKit_minimal.wasm not found next to ${__dirname} or in node_modules`);
}

/**
 * Thrown by a module that a trap has retired, when it is called again: `withRdkit` then runs the whole step again
 * on a fresh module. Never reaches users; it only unwinds a step that held on to the dead module.
 */
export class RdkitRetired extends Error {
  constructor() {
    super('the RDKit module was retired after a WebAssembly trap');
  }
}

type InputKind = 'SMILES' | 'molblock' | 'SMARTS';

/** Inputs that trapped a module, with the error they got: refused from then on, never retried. */
const refused = new Map<string, ParseError>();
/**
 * Inputs of ordinary size that trapped a module once. A trap can be the late effect of an earlier molecule that
 * corrupted the wasm memory without trapping, so such an input gets one more try on a fresh module before it is refused.
 */
const suspects = new Set<string>();
const MAX_REFUSED = 10_000;
/** Traps so far in this thread: a step that finds its module retired runs again only if one more happened. */
let traps = 0;

/**
 * One RDKit module (one generation) with its log captured. A wasm trap in any call retires it for good: the call
 * that trapped returns the refusal, every later call throws RdkitRetired, and its Mol objects are never touched
 * again (not even to free them). `withRdkit` hands out the thread's live module.
 */
export class Rdkit {
  private retired = false;

  private constructor(
    private readonly wasm: MainModule,
    private readonly log: Log,
  ) {}

  static async load(): Promise<Rdkit> {
    const wasmDir = wasmDirectory();
    const module = await (initRDKitModule as unknown as (o: unknown) => Promise<MainModule>)({
      locateFile: (f: string) => path.join(wasmDir, f),
    });
    const log = module.set_log_capture('rdApp.*');
    if (!log) throw new Error('RDKit: could not capture its log');
    return new Rdkit(module, log);
  }

  /** The module itself, for calls without a Mol (inside a step only). */
  get module(): MainModule {
    this.live();
    return this.wasm;
  }
  get version(): string {
    return this.module.version();
  }
  get isBroken(): boolean {
    return this.retired;
  }

  /**
   * Parses `smiles`, runs `fn` on the molecule and always frees it. Never throws for bad chemistry: the reason comes
   * back as a ParseError; so does a wasm trap, which also retires this module.
   */
  withMol<T>(smiles: string, fn: (mol: Mol) => T, details?: Record<string, unknown>): Parsed<T> {
    return this.guarded(smiles, 'SMILES', precheck(smiles), fn, () =>
      details ? this.wasm.get_mol(smiles, JSON.stringify(details)) : this.wasm.get_mol(smiles),
    );
  }

  /** Like withMol for a molblock (an SDF record) or RDKit JSON, whose length limit is its own. */
  withMolBlock<T>(molblock: string, fn: (mol: Mol) => T): Parsed<T> {
    const pre: ParseError | undefined =
      molblock.length > MAX_MOLBLOCK_CHARS
        ? {
            kind: 'too-long',
            message: `molblock of ${molblock.length} characters is over the ${MAX_MOLBLOCK_CHARS}-character limit`,
          }
        : undefined;
    return this.guarded(molblock, 'molblock', pre, fn, () => this.wasm.get_mol(molblock));
  }

  /** Like withMol for SMARTS queries. */
  withQuery<T>(smarts: string, fn: (q: Mol) => T): Parsed<T> {
    return this.guarded(smarts, 'SMARTS', precheck(smarts), fn, () => this.wasm.get_qmol(smarts));
  }

  private guarded<T>(
    input: string,
    kind: InputKind,
    pre: ParseError | undefined,
    fn: (mol: Mol) => T,
    make: () => Mol | null,
  ): Parsed<T> {
    if (pre) return { ok: false, error: pre };
    const known = refused.get(kind + input);
    if (known) return { ok: false, error: known };
    this.live();
    let mol: Mol | null = null;
    try {
      this.log.clear_buffer();
      mol = make();
      if (!mol || !mol.is_valid()) {
        const log = this.log.get_buffer();
        // A large molecule RDKit gives up on without a word has corrupted the module's memory (the next call traps).
        if (!log.trim() && isLarge(input, kind)) return this.trapped(input, kind, new Error('no reason given'));
        return { ok: false, error: parseErrorFromLog(log, input, kind) };
      }
      const value = fn(mol);
      // A call inside `fn` trapped: what `fn` computed after it cannot be trusted, so the step starts again.
      if (this.retired) throw new RdkitRetired();
      return { ok: true, value };
    } catch (e) {
      // Already retired: a consequence of an earlier trap (or a nested call found it dead), not of this input.
      if (e instanceof RdkitRetired || this.retired) throw e instanceof RdkitRetired ? e : new RdkitRetired();
      if (!isWasmTrap(e)) throw e;
      return this.trapped(input, kind, e);
    } finally {
      // A dead module's objects are never touched again, not even to free them.
      if (mol && !this.retired) {
        try {
          mol.delete();
        } catch {
          this.retired = true;
        }
      }
    }
  }

  /** Retires this module after `input` trapped it; refuses the input, or lets its step try it once more. */
  private trapped<T>(input: string, kind: InputKind, e: unknown): Parsed<T> {
    this.retired = true;
    traps++;
    const key = kind + input;
    if (!isLarge(input, kind) && !suspects.has(key)) {
      if (suspects.size >= MAX_REFUSED) suspects.delete(suspects.values().next().value as string);
      suspects.add(key);
      throw new RdkitRetired();
    }
    const error = trapError(input, kind, e);
    if (refused.size >= MAX_REFUSED) refused.delete(refused.keys().next().value as string);
    refused.set(key, error);
    return { ok: false, error };
  }

  private live(): void {
    if (this.retired) throw new RdkitRetired();
  }
}

let live: Rdkit | undefined;
let loading: Promise<Rdkit> | undefined;

/**
 * The thread's live module, created on first use and re-created after a trap. For one call; work that makes several
 * (a loop over rows) goes through `withRdkit` / `mapWithRdkit`, which replace the module between calls. WASM memory
 * never shrinks, so large batch jobs should run in a worker thread that ends afterwards.
 */
export function rdkit(): Promise<Rdkit> {
  if (live && !live.isBroken) return Promise.resolve(live);
  loading ??= Rdkit.load().then(
    r => {
      live = r;
      loading = undefined;
      return r;
    },
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * Runs `step` on the thread's live RDKit module and returns its result: the one way every RDKit user (model runs,
 * fingerprints, grid, hover, lint) reaches RDKit. A molecule that traps the wasm comes back from withMol & co. as a
 * refusal for that molecule; the module is retired, and if the step calls it again, the step runs again from the
 * start on a fresh module (the molecule that trapped is refused without RDKit this time). So `step` must compute its
 * result from its inputs, keep no Mol beyond the call that gave it, and leave side effects to its caller, bar caches
 * of results that are right whichever module computed them.
 */
export async function withRdkit<R>(step: (rd: Rdkit) => R): Promise<R> {
  for (;;) {
    const rd = live && !live.isBroken ? live : await rdkit();
    const before = traps;
    try {
      return step(rd);
    } catch (e) {
      // Each run again follows a new trap, whose input is refused or has had its second try: the step gets through.
      if (!(e instanceof RdkitRetired) || traps === before) throw e;
    }
  }
}

/** `withRdkit` for each item in turn (one step per item, so that a trap costs only its own item). */
export async function mapWithRdkit<T, R>(
  items: readonly T[],
  step: (rd: Rdkit, item: T, index: number) => R,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) out.push(await withRdkit(rd => step(rd, items[i], i)));
  return out;
}

function precheck(input: string): ParseError | undefined {
  if (input.trim().length === 0) return { kind: 'empty', message: 'empty SMILES' };
  if (input.length > MAX_SMILES_CHARS) {
    return {
      kind: 'too-long',
      message: `SMILES of ${input.length} characters is over the ${MAX_SMILES_CHARS}-character limit`,
    };
  }
  return smilesTextError(input);
}

/** Atoms of a molecule counted from its text, without RDKit: heavy atoms of a SMILES, all atoms of a molblock. */
export function atomsInText(text: string, kind: InputKind = 'SMILES'): { count: number; what: string } | undefined {
  if (kind === 'SMILES') return { count: heavyAtomCount(text), what: 'heavy atoms' };
  if (kind !== 'molblock') return undefined;
  const v3000 = /^M {2}V30 COUNTS (\d+)/m.exec(text);
  const count = v3000 ? Number(v3000[1]) : Number(text.split('\n')[3]?.slice(0, 3));
  return Number.isInteger(count) && count > 0 ? { count, what: 'atoms' } : undefined;
}

/**
 * A 'too-large' error when a SMILES has more than `limit` heavy atoms, counted from its text: such molecules are
 * refused before RDKit parses them (parsing alone takes a second near 800 atoms, and canonicalising one can trap or
 * hang the wasm).
 */
export function tooLarge(smiles: string, limit: number, purpose: string): ParseError | undefined {
  const heavy = heavyAtomCount(smiles);
  return heavy > limit
    ? { kind: 'too-large', message: `molecule has ${heavy} heavy atoms, over the ${limit}-atom limit for ${purpose}` }
    : undefined;
}

function isLarge(input: string, kind: InputKind): boolean {
  return (atomsInText(input, kind)?.count ?? 0) > MAX_HEAVY_ATOMS;
}

/** The refusal for an input that trapped the wasm: 'too large' past the size limit, a crash otherwise. */
function trapError(input: string, kind: InputKind, e: unknown): ParseError {
  const size = atomsInText(input, kind);
  const counted = size ? ` (${size.count} ${size.what})` : '';
  const what = kind === 'SMARTS' ? 'query' : 'molecule';
  if (isLarge(input, kind)) {
    return {
      kind: 'too-large',
      message: `RDKit failed on this ${what}${counted}: it is too large for RDKit's WebAssembly build`,
    };
  }
  const reason = String((e as Error)?.message ?? e).split('\n')[0] || (e as object)?.constructor?.name || 'trap';
  return {
    kind: 'crash',
    message: `RDKit failed on this ${what}${counted}: its WebAssembly module crashed (${reason}) twice and was restarted`,
  };
}

/** How a refusal reads in a list of refused rows: parse failures say so, size and crash refusals speak for themselves. */
/** A refused row's reason for the model commands: a valid molecule beyond a size bound is 'too large', text refused
 *  before RDKit (look-alike characters, inner spaces) is 'refused', never 'unparsable'. */
export function refusalReason(error: ParseError): string {
  switch (error.kind) {
    case 'too-large':
    case 'crash':
      return error.message;
    case 'too-long':
      return `too large: ${error.message}`;
    case 'text':
      return `refused: ${error.message}`;
    default:
      return `unparsable: ${error.message}`;
  }
}

export function isWasmTrap(e: unknown): boolean {
  if (e instanceof RdkitRetired) return false;
  if (typeof WebAssembly !== 'undefined') {
    if (e instanceof WebAssembly.RuntimeError) return true;
    const exception = (WebAssembly as unknown as { Exception?: new (...a: never[]) => unknown }).Exception;
    if (exception && e instanceof exception) return true;
  }
  // JavaScript's own stack overflows inside the wasm's imports on molecules of thousands of atoms.
  if (e instanceof RangeError && /call stack/i.test(e.message)) return true;
  const text = String((e as Error)?.message ?? e);
  return (
    /memory access out of bounds|unreachable|WebAssembly|call stack size|Aborted\(/i.test(text) ||
    (e as { constructor?: { name?: string } })?.constructor?.name === 'Exception'
  );
}

/** Turns RDKit's captured log into a ParseError: the reason line, and the position or atom when RDKit gives one. */
export function parseErrorFromLog(rawLog: string, input: string, what = 'SMILES'): ParseError {
  // RDKit's reasons quote the input: line breaks in it are shown escaped, so that a reason stays one line.
  const shown = input.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  const log = shown === input ? rawLog : rawLog.split(input).join(shown);
  const lines = log
    .split(/\r\n|\r|\n/)
    .map(l => l.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter(Boolean);
  const position = /around position (\d+)/.exec(log);
  // "atom # 3 C", "Unkekulized atoms: 0 1 2", "non-ring atom 1 marked aromatic": the first atom named.
  const atom = /atom # ?(\d+)|Unkekulized atoms: (\d+)|atom (\d+) marked aromatic/i.exec(log);
  // The most specific line: skip the generic "Failed parsing" and the caret-drawing lines.
  const reasonLine =
    lines.find(
      l => !/Failed parsing|check for mistakes|^[~^ ]+$/.test(l) && l !== shown && !l.endsWith(`: ${shown}`),
    ) ??
    lines[0] ??
    `RDKit could not parse this ${what}`;
  const reason = reasonLine
    .replace(/^SMILES Parse Error:\s*/, '')
    .replace(/^SMARTS Parse Error:\s*/, '')
    .replace(/ for input: '.*'$/, '')
    .trim();
  let kind: ParseErrorKind = 'syntax';
  if (/valence/i.test(reason)) kind = 'valence';
  else if (/kekulize|aromatic/i.test(reason)) kind = 'aromaticity';
  else if (/sanitiz|chiral|stereo/i.test(reason)) kind = 'chemistry';
  const error: ParseError = { kind, message: reason || `RDKit could not parse this ${what}` };
  if (position) error.position = Math.max(0, Number(position[1]) - 1);
  if (atom && kind !== 'syntax') error.atomIndex = Number(atom[1] ?? atom[2] ?? atom[3]);
  if (what === 'SMILES' && error.position === undefined) {
    const span =
      error.atomIndex !== undefined
        ? atomSpan(input, error.atomIndex)
        : /unclosed ring/.test(reason)
          ? unclosedRingSpan(input)
          : undefined;
    if (span) {
      error.span = span;
      error.position = span.start;
    }
  }
  return error;
}
