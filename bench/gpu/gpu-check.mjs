// Runs on the GPU machine (from the unpacked bundle): the same inference on the CPU, WebGPU (Vulkan) and, when
// its provider library is present, CUDA; records the device, throughput and the largest difference from the CPU.
//   node gpu-check.mjs <bundle-dir> <out.json>
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const [bundleDir, outFile] = process.argv.slice(2);
const ort = createRequire(path.join(bundleDir, 'node_modules/'))('onnxruntime-node');
const inputs = JSON.parse(fs.readFileSync(path.join(bundleDir, 'inputs.json'), 'utf8'));
const cudaLib = path.join(
  bundleDir,
  'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so',
);
const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `unavailable: ${String(e.message).split('\n')[0]}`;
  }
};

const tensors = feeds =>
  Object.fromEntries(
    Object.entries(feeds).map(([n, f]) => [n, new ort.Tensor('int64', BigInt64Array.from(f.data, BigInt), f.dims)]),
  );

async function measure(model, provider) {
  const t0 = performance.now();
  let session;
  try {
    session = await ort.InferenceSession.create(path.join(bundleDir, model.onnx), {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
  } catch (e) {
    return { provider, ok: false, error: String(e.message).split('\n')[0] };
  }
  const createMs = performance.now() - t0;
  const batches = model.batches.map(tensors);
  const singles = model.singles.map(tensors);
  await session.run(batches[0]); // warm-up (shader compilation, allocations)
  const outputs = [];
  let t = performance.now();
  for (const b of batches) outputs.push((await session.run(b, [model.output]))[model.output].data);
  const batchedS = (performance.now() - t) / 1000;
  t = performance.now();
  for (const s of singles) await session.run(s, [model.output]);
  const singleS = (performance.now() - t) / 1000;
  await session.release();
  return {
    provider,
    ok: true,
    sessionCreateMs: Math.round(createMs),
    batchedMolPerS: Math.round(model.molecules / batchedS),
    singleMolPerS: Math.round(singles.length / singleS),
    outputs,
  };
}

const report = {
  date: new Date().toISOString(),
  host: os.hostname(),
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  node: process.version,
  gpu: run('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader']),
  vulkanIcd: process.env.VK_ICD_FILENAMES ?? '(default search path)',
  cudaProviderLibrary: fs.existsSync(cudaLib),
  models: [],
};
for (const model of inputs.models) {
  const providers = ['cpu', 'webgpu', ...(fs.existsSync(cudaLib) ? ['cuda'] : [])];
  const results = [];
  for (const p of providers) results.push(await measure(model, p));
  const cpu = results[0];
  for (const r of results) {
    if (r.ok && r !== cpu) {
      let maxDiff = 0;
      r.outputs.forEach((o, i) => {
        for (let j = 0; j < o.length; j++) maxDiff = Math.max(maxDiff, Math.abs(o[j] - cpu.outputs[i][j]));
      });
      r.maxAbsDiffFromCpu = maxDiff;
    }
  }
  for (const r of results) delete r.outputs;
  if (!fs.existsSync(cudaLib))
    results.push({
      provider: 'cuda',
      ok: false,
      error: 'libonnxruntime_providers_cuda.so not in the bundle (see docs/models.md)',
    });
  report.models.push({
    id: model.id,
    version: model.version,
    molecules: model.molecules,
    batchSize: model.batchSize,
    results,
  });
}
fs.writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
