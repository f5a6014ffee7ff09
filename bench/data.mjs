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
