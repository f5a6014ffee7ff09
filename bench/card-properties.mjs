// Hover-card properties computed in JavaScript (src/core/chem/card-properties.ts) against RDKit's get_descriptors on
// every molecule of the MoleculeNet sets and the first CARD_BENCH_CORPUS (default 40,000) SMILES of the pre-training
// corpus: how many agree bit for bit, how many are left to RDKit and why, and the time of each path on the same
// parsed molecules. Writes bench/results/card-properties.json and .md.   node bench/card-properties.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadCoreBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const CORPUS_COUNT = Number(process.env.CARD_BENCH_CORPUS ?? 40000);
const b = await loadCoreBundle(
  'card-properties-bench',
  `export { rdkit } from './src/core/chem/rdkit';
  export { cardDescriptors } from './src/core/chem/card-properties'; export { readMolJson } from './src/core/chem/rdkit-json'; export { readText } from './src/core/io';`,
);
const rd = await b.rdkit();

const sources = fs
  .readdirSync(benchData('moleculenet'))
  .filter(f => f.endsWith('.csv'))
  .sort()
  .map(f => {
    const table = b.readText(fs.readFileSync(benchData('moleculenet', f), 'utf8'), 'csv');
    return {
      name: `moleculenet/${f}`,
      smiles: table.rows.map(r => (r.cells[table.columns.molecule]?.text ?? '').trim()),
    };
  });
const corpus = zlib
  .gunzipSync(fs.readFileSync(benchData('pretrain/pretrain_smiles.txt.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);
sources.push({ name: `pretrain (first ${CORPUS_COUNT.toLocaleString('en')})`, smiles: corpus.slice(0, CORPUS_COUNT) });

const median = xs => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor((s.length - 1) / 2)];
};
const perSource = [];
const declined = {},
  mismatches = {},
  examples = [];
const jsTimes = [],
  rdkitTimes = [];
for (const source of sources) {
  let parsed = 0,
    computed = 0;
  for (const smiles of source.smiles) {
    rd.withMol(smiles, mol => {
      parsed++;
      const ours_ = () => {
        const t = performance.now();
        const r = b.cardDescriptors(b.readMolJson(mol.get_json()), JSON.parse(mol.get_stereo_tags()));
        jsTimes.push(performance.now() - t);
        return r;
      };
      const rdkit_ = () => {
        const t = performance.now();
        const r = JSON.parse(mol.get_descriptors());
        rdkitTimes.push(performance.now() - t);
        return r;
      };
      // Alternate which path runs first, so that neither always finds the molecule's caches warm.
      let ours, ref;
      if (parsed % 2) {
        ours = ours_();
        ref = rdkit_();
      } else {
        ref = rdkit_();
        ours = ours_();
      }
      if (typeof ours === 'string') {
        declined[ours] = (declined[ours] ?? 0) + 1;
        return;
      }
      computed++;
      for (const [key, value] of Object.entries(ours)) {
        if (value === ref[key]) continue;
        mismatches[key] = (mismatches[key] ?? 0) + 1;
        if (examples.length < 20) examples.push({ smiles, key, ours: value, rdkit: ref[key] });
      }
    });
  }
  perSource.push({ source: source.name, parsed, computed_in_javascript: computed });
  console.log(`${source.name}: ${computed} of ${parsed} computed in JavaScript`);
}
const parsed = perSource.reduce((s, r) => s + r.parsed, 0);
const computed = perSource.reduce((s, r) => s + r.computed_in_javascript, 0);
const result = {
  parsed,
  computed_in_javascript: computed,
  declined,
  mismatches,
  mismatch_examples: examples,
  per_source: perSource,
  median_ms: { javascript: median(jsTimes), get_descriptors: median(rdkitTimes) },
  rdkit: rd.version,
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    loadavg_1min: Number(os.loadavg()[0].toFixed(2)),
    node: process.version,
  },
  date: new Date().toISOString(),
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/card-properties.json'), JSON.stringify(result, null, 2) + '\n');
const mismatchCount = Object.values(mismatches).reduce((s, n) => s + n, 0);
const md = [
  '# Hover-card properties: JavaScript vs RDKit get_descriptors',
  '',
  `RDKit.js ${rd.version}; ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; ${result.date.slice(0, 10)}. Raw numbers: card-properties.json.`,
  'The 14 card properties (masses, Crippen logP, TPSA, H-bond donors and acceptors both ways, rotatable bonds, rings,',
  'aromatic rings, heavy atoms, stereocentres) compared with `===` on every molecule RDKit parses.',
  '',
  '| source | parsed | computed in JavaScript |',
  '|:--|--:|--:|',
  ...perSource.map(
    r => `| ${r.source} | ${r.parsed.toLocaleString('en')} | ${r.computed_in_javascript.toLocaleString('en')} |`,
  ),
  `| **all** | **${parsed.toLocaleString('en')}** | **${computed.toLocaleString('en')}** |`,
  '',
  `Values that differ from RDKit: **${mismatchCount}**${mismatchCount ? ' ' + JSON.stringify(mismatches) : ''}.`,
  '',
  `Left to RDKit: ${
    Object.entries(declined)
      .map(([why, n]) => `${why} ${n}`)
      .join(', ') || 'none'
  }.`,
  '',
  `Median time per molecule, same parsed molecules: JavaScript path (get_json + get_stereo_tags + MolML) ${result.median_ms.javascript.toFixed(3)} ms; ` +
    `get_descriptors ${result.median_ms.get_descriptors.toFixed(3)} ms (${(result.median_ms.get_descriptors / result.median_ms.javascript).toFixed(1)}x).`,
  '',
];
fs.writeFileSync(path.join(root, 'bench/results/card-properties.md'), md.join('\n'));
console.log(
  `${computed} of ${parsed} in JavaScript, ${mismatchCount} values differ; wrote bench/results/card-properties.{json,md}`,
);
process.exitCode = mismatchCount ? 1 : 0;
