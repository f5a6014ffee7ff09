// Benchmark of SMILES hover cards (`npm run bench:hover`): warm hover time (detect + parse + depict + properties),
// the first hover of a fresh process (RDKit wasm load included), the JS/Python RDKit time ratio on the same
// molecules, and memory after many hovers over distinct SMILES. Writes bench/results/hover.json and hover.md.
// Env: HOVER_BENCH_MEMORY_COUNT (default 100000 distinct SMILES), HOVER_BENCH_WARM_COUNT (default 300),
// MOLML_DATA (the full data sets, required). `--phases first,warm,python,memory` runs only those phases; the others
// are kept from the existing hover.json (every section records the machine and date it was measured on);
// `--memory-from FILE` takes the memory section from the JSON a separate `--phase memory` run printed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { benchTmp as tmp, buildCoreBundle, loadBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const LIPO = benchData('moleculenet/lipophilicity.csv');
const CORPUS = benchData('pretrain/pretrain_smiles.txt.gz');
const WARM_COUNT = Number(process.env.HOVER_BENCH_WARM_COUNT ?? 300);
const MEMORY_COUNT = Number(process.env.HOVER_BENCH_MEMORY_COUNT ?? 100000);
const bundle = path.join(tmp, 'hover-core.js'); // built by buildCore below

const stats = times => {
  const s = [...times].sort((a, b) => a - b);
  const q = p => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { n: s.length, median_ms: q(0.5), p95_ms: q(0.95), max_ms: s[s.length - 1] };
};
const round = (x, d = 2) => Number(x.toFixed(d));
const machine = () => ({
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  loadavg_1min: round(os.loadavg()[0]),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

/** The hover as the editor runs it: a Python line holding the SMILES as a string literal, hovered mid-string. */
function hoverLine(smiles) {
  const text = `smiles = "${smiles}"`;
  return { source: { languageId: 'python', fileName: 'bench.py', lineCount: 1, lineAt: () => text }, character: 11 };
}

function drugLike() {
  const lines = fs.readFileSync(LIPO, 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.slice(0, WARM_COUNT).map(l => l.split(',').at(-1).trim());
}

// ---- phases, each in its own process ----
const phases = {
  /** First hover of a fresh process: module load + wasm instantiation + one full hover. */
  async first() {
    const t0 = performance.now();
    const core = loadBundle(bundle);
    const previewer = new core.SmilesPreviewer();
    const { source, character } = hoverLine('CC(=O)Oc1ccccc1C(=O)O');
    const t1 = performance.now();
    const p = await previewer.at(source, 0, character);
    const t2 = performance.now();
    if (!p?.description?.report.valid) throw new Error('first hover failed');
    return { total_ms: t2 - t0, require_ms: t1 - t0, hover_ms: t2 - t1 };
  },

  /** Warm hovers over distinct drug-like SMILES (nothing cached), then the same again (all cached). */
  async warm() {
    const core = loadBundle(bundle);
    const molecules = drugLike();
    // Warm-up pass on a throw-away cache: RDKit loaded, V8's optimising tier compiled the hot wasm functions.
    const warmup = new core.SmilesPreviewer(1000);
    for (const smiles of molecules) await warmup.at(hoverLine(smiles).source, 0, 11);
    const previewer = new core.SmilesPreviewer(1000);
    const timed = async (options, list = molecules) => {
      const times = [],
        cpu = [];
      for (const smiles of list) {
        const { source, character } = hoverLine(smiles);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const p = await previewer.at(source, 0, character, options);
        times.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        if (!p?.description) throw new Error(`no hover for ${smiles}`);
      }
      // Wall time, and this thread's CPU time (what the hover costs when the machine is shared).
      return { ...stats(times), cpu: stats(cpu) };
    };
    const full = await timed({ imageSize: 250 });
    const cached = await timed({ imageSize: 250 });
    // The same work as bench/hover_rdkit.py (no InChIKey), on a fresh cache.
    const rd = await core.rdkitModule();
    const noInchi = [];
    for (const smiles of molecules) {
      const t0 = performance.now();
      core.describeSmiles(rd, smiles, { imageSize: 250, inchikey: false });
      noInchi.push(performance.now() - t0);
    }
    // The card's properties both ways on the same parsed molecules: in JavaScript over RDKit's JSON (plus its stereo
    // tags), which the hover uses, and RDKit's get_descriptors, which it replaced.
    const js = [],
      native = [];
    let fallbacks = 0;
    for (const smiles of molecules) {
      rd.withMol(smiles, mol => {
        const t0 = performance.now();
        const d = core.cardDescriptors(core.readMolJson(mol.get_json()), JSON.parse(mol.get_stereo_tags()));
        const t1 = performance.now();
        JSON.parse(mol.get_descriptors());
        native.push(performance.now() - t1);
        js.push(t1 - t0);
        if (typeof d === 'string') fallbacks++;
      });
    }
    const properties = { javascript: stats(js), get_descriptors: stats(native), fallbacks };
    return {
      full,
      cached,
      without_inchikey: stats(noInchi),
      properties,
      rdkit: rd.version,
      machine: machine(),
      date: new Date().toISOString(),
    };
  },

  /** RSS after hovers over MEMORY_COUNT distinct SMILES of the pre-training corpus. */
  async memory() {
    // Catch the wasm Memory as RDKit instantiates (it is not exported): leaked Mols would grow it, and it never shrinks.
    let wasmMemory;
    const instantiate = /** @type {(...args: unknown[]) => Promise<any>} */ (WebAssembly.instantiate);
    WebAssembly.instantiate = async (...args) => {
      const result = await instantiate.apply(WebAssembly, args);
      const exports = (result.instance ?? result).exports;
      wasmMemory = Object.values(exports).find(e => e instanceof WebAssembly.Memory);
      return result;
    };
    const core = loadBundle(bundle);
    const previewer = new core.SmilesPreviewer(500);
    const corpus = zlib
      .gunzipSync(fs.readFileSync(CORPUS))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, MEMORY_COUNT + 1000);
    await core.rdkitModule();
    // RSS includes the wasm memory (it is touched as it grows, and never shrinks).
    const sample = () => {
      global.gc?.();
      const m = process.memoryUsage();
      return {
        rss_mb: m.rss / 2 ** 20,
        js_heap_mb: m.heapUsed / 2 ** 20,
        wasm_mb: wasmMemory ? wasmMemory.buffer.byteLength / 2 ** 20 : null,
      };
    };
    const run = async list => {
      for (const smiles of list) {
        const { source, character } = hoverLine(smiles);
        await previewer.at(source, 0, character);
      }
    };
    await run(corpus.slice(MEMORY_COUNT)); // warm-up on 1,000 other molecules: the cache fills, the heap settles
    const start = sample();
    const curve = [{ hovers: 0, ...start }];
    const step = Math.max(1, Math.floor(MEMORY_COUNT / 10));
    const t0 = performance.now();
    for (let i = 0; i < MEMORY_COUNT; i += step) {
      await run(corpus.slice(i, Math.min(i + step, MEMORY_COUNT)));
      curve.push({ hovers: Math.min(i + step, MEMORY_COUNT), ...sample() });
      process.stderr.write(
        `# memory: ${curve.at(-1).hovers} hovers, RSS ${curve.at(-1).rss_mb.toFixed(1)} MB, wasm ${curve.at(-1).wasm_mb} MB\n`,
      );
    }
    const end = curve.at(-1);
    return {
      hovers: MEMORY_COUNT,
      seconds: (performance.now() - t0) / 1000,
      start,
      end,
      growth_mb: end.rss_mb - start.rss_mb,
      curve,
      machine: machine(),
      date: new Date().toISOString(),
    };
  },
};

function runPhase(name, extraArgs = []) {
  const r = spawnSync(process.execPath, [...extraArgs, fileURLToPath(import.meta.url), '--phase', name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`phase ${name} failed (${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/** The core (no editor API) bundled the way the extension bundles it. */
const buildCore = () =>
  buildCoreBundle(
    'hover-core',
    "export * from './src/core/chem/preview'; export { describeSmiles } from './src/core/chem/describe'; export { cardDescriptors } from './src/core/chem/card-properties'; export { readMolJson } from './src/core/chem/rdkit-json'; export { rdkit as rdkitModule } from './src/core/chem/rdkit';",
  );

async function main() {
  if (process.argv.includes('--phase')) {
    const phase = process.argv[process.argv.indexOf('--phase') + 1];
    process.stdout.write(JSON.stringify(await phases[phase]()) + '\n');
    return;
  }
  const only = process.argv.includes('--phases')
    ? process.argv[process.argv.indexOf('--phases') + 1].split(',')
    : ['first', 'warm', 'python', 'memory'];
  const resultFile = path.join(root, 'bench/results/hover.json');
  const previous = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : {};
  const result = {
    goals: { warm_median_ms: 5, warm_p95_ms: 15, first_hover_ms: 600, memory_growth_mb: 20 },
    ...previous,
  };
  await buildCore();

  if (only.includes('first')) {
    const runs = [0, 1, 2].map(() => runPhase('first'));
    result.first_hover = {
      ...stats(runs.map(f => f.total_ms)),
      runs: runs.map(f => ({ total_ms: round(f.total_ms), hover_ms: round(f.hover_ms) })),
      machine: machine(),
      date: new Date().toISOString(),
    };
    console.log(
      `first hover (fresh process, wasm load included): median ${result.first_hover.median_ms.toFixed(0)} ms`,
    );
  }
  const warm = only.includes('warm') || only.includes('python') ? runPhase('warm') : undefined;
  if (only.includes('warm')) {
    result.warm = { molecules: `first ${WARM_COUNT} SMILES of MoleculeNet Lipophilicity (ChEMBL drug-like)`, ...warm };
    console.log(
      `warm hover: median ${warm.full.median_ms.toFixed(2)} ms, p95 ${warm.full.p95_ms.toFixed(2)} ms; cached ${warm.cached.median_ms.toFixed(3)} ms`,
    );
  }
  if (only.includes('python')) {
    // JS and Python in the same run, on the same molecules and machine: their ratio is what carries over.
    const js = warm;
    fs.writeFileSync(path.join(tmp, 'hover-molecules.txt'), drugLike().join('\n') + '\n');
    const py = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [path.join(root, 'bench/hover_rdkit.py'), path.join(tmp, 'hover-molecules.txt')],
        { encoding: 'utf8' },
      ),
    );
    const ratio = js.without_inchikey.median_ms / py.median_ms;
    result.versus_python = {
      js_without_inchikey: js.without_inchikey,
      python: py,
      ratio_median: round(ratio, 3),
      machine: machine(),
      date: new Date().toISOString(),
    };
    console.log(
      `same work without InChIKey: JS ${js.without_inchikey.median_ms.toFixed(2)} ms vs Python RDKit ${py.median_ms.toFixed(2)} ms median (${ratio.toFixed(2)}x)`,
    );
  }
  const memoryFrom = process.argv.includes('--memory-from')
    ? process.argv[process.argv.indexOf('--memory-from') + 1]
    : undefined;
  if (memoryFrom) {
    // The output of a separate `node --expose-gc bench/hover.mjs --phase memory` run (it is the long one).
    result.memory = summariseMemory(JSON.parse(fs.readFileSync(memoryFrom, 'utf8')));
  } else if (only.includes('memory')) {
    console.log(
      `memory: ${MEMORY_COUNT} hovers over distinct SMILES (this takes a while; HOVER_BENCH_MEMORY_COUNT=5000 for a quick run)`,
    );
    const memory = runPhase('memory', ['--expose-gc']);
    result.memory = summariseMemory(memory);
    console.log(
      `memory: RSS ${memory.start.rss_mb.toFixed(1)} -> ${memory.end.rss_mb.toFixed(1)} MB (${memory.growth_mb >= 0 ? '+' : ''}${memory.growth_mb.toFixed(1)} MB)`,
    );
  }

  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(root, 'bench/results/hover.md'), markdown(result));
  console.log('wrote bench/results/hover.json and bench/results/hover.md');
}

/** RSS wobbles by tens of MB as V8 and malloc take and return pages: report the range and the wasm heap beside end - start. */
function summariseMemory(memory) {
  const rss = memory.curve.map(c => c.rss_mb);
  return {
    ...memory,
    rss_min_mb: round(Math.min(...rss), 1),
    rss_max_mb: round(Math.max(...rss), 1),
    wasm_start_mb: memory.start.wasm_mb ?? null,
    wasm_end_mb: memory.end.wasm_mb ?? null,
    curve: memory.curve.map(c => ({
      hovers: c.hovers,
      rss_mb: round(c.rss_mb, 1),
      js_heap_mb: c.js_heap_mb === undefined ? null : round(c.js_heap_mb, 1),
      wasm_mb: c.wasm_mb ?? null,
    })),
  };
}

function markdown(r) {
  const f = (x, d = 2) => (x === undefined ? 'not measured' : `${x.toFixed(d)} ms`);
  const on = m => (m ? `${m.cpu}, ${m.cores} cores, 1-min load ${m.loadavg_1min}, Node ${m.node}` : '');
  const rows = [];
  if (r.warm) {
    rows.push(
      [
        `warm hover, median (detect + parse + depict + properties + InChIKey), ${r.warm.full.n} molecules`,
        f(r.warm.full.median_ms),
        '< 5 ms',
        on(r.warm.machine),
      ],
      ['warm hover, p95', f(r.warm.full.p95_ms), '< 15 ms', ''],
      [
        'warm hover, CPU time of the thread: median / p95',
        `${r.warm.full.cpu.median_ms.toFixed(2)} / ${r.warm.full.cpu.p95_ms.toFixed(2)} ms`,
        '',
        '',
      ],
      ['same, without the InChIKey: median', f(r.warm.without_inchikey.median_ms), '', ''],
      ['repeated hover (cache hit), median', f(r.warm.cached.median_ms, 3), '', ''],
    );
    const p = r.warm.properties;
    if (p) {
      rows.push(
        [
          'card properties in JavaScript (get_json + get_stereo_tags + MolML), median',
          f(p.javascript.median_ms, 3),
          '',
          '',
        ],
        [
          `same properties from RDKit's get_descriptors (all 43), median`,
          `${f(p.get_descriptors.median_ms, 3)} (${(p.get_descriptors.median_ms / p.javascript.median_ms).toFixed(1)}x)`,
          '',
          '',
        ],
        [
          'molecules left to get_descriptors (isotopes, ring stereo, huge)',
          `${p.fallbacks} of ${p.javascript.n}`,
          '',
          '',
        ],
      );
    }
  }
  if (r.first_hover)
    rows.push([
      'first hover in a fresh process (wasm load included), median of 3',
      f(r.first_hover.median_ms, 0),
      '< 600 ms',
      on(r.first_hover.machine),
    ]);
  if (r.versus_python) {
    const v = r.versus_python;
    rows.push(
      [
        `same work (no InChIKey), RDKit.js ${r.warm?.rdkit ?? ''} median`,
        f(v.js_without_inchikey.median_ms),
        '',
        on(v.machine),
      ],
      [`same work, native Python RDKit ${v.python.rdkit} median`, f(v.python.median_ms), '', ''],
      ['JS / Python time ratio (medians, same run)', `${v.ratio_median.toFixed(2)}x`, '', ''],
    );
  }
  if (r.memory) {
    const m = r.memory;
    rows.push(
      [
        `RSS after ${m.hovers.toLocaleString('en')} hovers of distinct SMILES (pre-training corpus) minus RSS before`,
        `${m.growth_mb >= 0 ? '+' : ''}${m.growth_mb.toFixed(1)} MB (${m.start.rss_mb.toFixed(0)} → ${m.end.rss_mb.toFixed(0)} MB, ${m.seconds.toFixed(0)} s)`,
        'within 20 MB',
        on(m.machine),
      ],
      [
        'RSS range over the run (sampled every tenth, after GC)',
        `${m.rss_min_mb.toFixed(0)}–${m.rss_max_mb.toFixed(0)} MB`,
        '',
        '',
      ],
      [
        'RDKit wasm memory before → after',
        m.wasm_start_mb === null ? 'not measured' : `${m.wasm_start_mb} → ${m.wasm_end_mb} MB`,
        'no growth',
        '',
      ],
    );
  }
  return [
    '# SMILES hover benchmark',
    '',
    'One process, one thread; each row names the machine it was measured on. Raw numbers: hover.json.',
    'Rerun: `npm run bench:hover` (`-- --phases warm,python` for a subset; HOVER_BENCH_MEMORY_COUNT for a shorter memory run).',
    '',
    '| measure | result | goal | machine |',
    '|:--|--:|--:|:--|',
    ...rows.map(row => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

await main();
