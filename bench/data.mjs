// Where the benchmarks find full-size public data and third-party models: never inside the repository (a clone
// carries only the compact test excerpts in test/fixtures/data). See bench/README.md.
import fs from 'node:fs';
import path from 'node:path';

/** The folder named by MOLML_DATA, holding moleculenet/, dirty/ and pretrain/ (test/fixtures/data/SOURCES.md). */
export function benchData(...rel) {
  const dir = process.env.MOLML_DATA;
  if (!dir || !fs.existsSync(dir)) {
    console.error(
      'set MOLML_DATA to the folder holding the full data sets (moleculenet/, pretrain/; see bench/README.md)',
    );
    process.exit(2);
  }
  return path.join(dir, ...rel);
}

/** The published MolCLR GCN's ONNX file under MOLML_MOLCLR_DIR, or undefined (its rows are then left out). */
export function molclrOnnx() {
  const dir = process.env.MOLML_MOLCLR_DIR;
  const file = dir && path.join(dir, 'molclr_gcn.onnx');
  return file && fs.existsSync(file) ? file : undefined;
}

/** A model folder for the published MolCLR GCN in `dir` (our manifest beside nothing else), or undefined when
 *  MOLML_MOLCLR_DIR is not set. */
export function molclrModelDir(dir) {
  const onnx = molclrOnnx();
  if (!onnx) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    id: 'molclr-gcn',
    version: '2022.07.14',
    licence: 'MIT',
    onnx,
    input: { kind: 'graph', featurization: 'hu-molclr', canonicalization: 'none' },
    outputs: { embedding: 'h' },
    // This export builds per-batch dense index tensors: throughput peaks near 8 molecules per call.
    preferredBatchSize: 8,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
