// Check the exported ONNX against torch with onnxruntime-node (CPU):
//   node training/check_onnx.js [model.onnx] [onnx_check.json] [reference.jsonl]
// Runs the 500 check molecules in right-padded batches of 32 (so padding is exercised) and the reference
// vectors one by one, and prints the max abs differences as JSON (also written to training/logs/onnx_check.json).
const fs = require('fs');
const path = require('path');
const ortPath = process.env.ORT_NODE || path.resolve(__dirname, '../node_modules/onnxruntime-node');
const ort = require(ortPath);

const root = path.resolve(__dirname, '..');
const modelPath = process.argv[2] || path.join(root, 'models/default/model.onnx');
const checkPath = process.argv[3] || path.join(root, 'training/runs/export/onnx_check.json');
const refPath = process.argv[4] || path.join(root, 'models/default/reference.jsonl');

function batchTensors(seqs) {
  const L = Math.max(...seqs.map((s) => s.length));
  const ids = new BigInt64Array(seqs.length * L);
  const mask = new BigInt64Array(seqs.length * L);
  seqs.forEach((s, i) => s.forEach((t, j) => { ids[i * L + j] = BigInt(t); mask[i * L + j] = 1n; }));
  return {
    input_ids: new ort.Tensor('int64', ids, [seqs.length, L]),
    attention_mask: new ort.Tensor('int64', mask, [seqs.length, L]),
  };
}

function maxDiff(got, want, D, row) {
  let m = 0;
  for (let j = 0; j < D; j++) m = Math.max(m, Math.abs(got[row * D + j] - want[j]));
  return m;
}

(async () => {
  const sess = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2, graphOptimizationLevel: 'all' });
  const chk = JSON.parse(fs.readFileSync(checkPath, 'utf8'));
  const n = chk.input_ids.length;
  const D = chk.embedding[0].length;
  const T = chk.predictions[0].length;
  let embMax = 0; let predMax = 0;
  const t0 = Date.now();
  for (let s = 0; s < n; s += 32) {
    const seqs = chk.input_ids.slice(s, s + 32);
    const out = await sess.run(batchTensors(seqs));
    for (let i = 0; i < seqs.length; i++) {
      embMax = Math.max(embMax, maxDiff(out.embedding.data, chk.embedding[s + i], D, i));
      predMax = Math.max(predMax, maxDiff(out.predictions.data, chk.predictions[s + i], T, i));
    }
  }
  const ms = Date.now() - t0;
  const refs = fs.readFileSync(refPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  let refEmb = 0; let refPred = 0; let maxLen = 0;
  for (const r of refs) {
    const out = await sess.run(batchTensors([r.input_ids]));
    maxLen = Math.max(maxLen, r.input_ids.length);
    refEmb = Math.max(refEmb, maxDiff(out.embedding.data, r.embedding, D, 0));
    refPred = Math.max(refPred, maxDiff(out.predictions.data, Object.values(r.predictions), T, 0));
  }
  const res = {
    model: path.basename(modelPath), check_molecules: n, batch: 32, padded: true,
    max_abs_diff_embedding: embMax, max_abs_diff_predictions: predMax,
    reference_vectors: refs.length, reference_max_len: maxLen,
    reference_max_abs_diff_embedding: refEmb, reference_max_abs_diff_predictions: refPred,
    check_ms: ms, onnxruntime_node: require(path.join(ortPath, 'package.json')).version,
  };
  console.log(JSON.stringify(res, null, 1));
  fs.writeFileSync(path.join(root, 'training/logs/onnx_check.json'), JSON.stringify(res, null, 1) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
