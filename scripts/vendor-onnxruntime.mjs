// Copies onnxruntime-node (one platform's native binaries only) and onnxruntime-common, and DuckDB's Node API with
// that platform's binding, into dist/node_modules, so the bundles in dist/ resolve them at run time and a VSIX
// carries only that platform's binaries.
// usage: node scripts/vendor-onnxruntime.mjs [platform-arch]   (default: this machine, e.g. linux-x64)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const [platform, arch] = (process.argv[2] ?? `${process.platform}-${process.arch}`).split('-');
const from = p => path.join(root, 'node_modules', p);
const to = p => path.join(root, 'dist', 'node_modules', p);

fs.rmSync(to(''), { recursive: true, force: true });
const copy = (src, dst, filter = () => true) => fs.cpSync(from(src), to(dst ?? src), { recursive: true, filter });
const noMaps = f => !f.endsWith('.map') && !f.endsWith('.d.ts');

copy('onnxruntime-common/package.json');
copy('onnxruntime-common/dist', undefined, noMaps);
copy('onnxruntime-node/package.json');
copy('onnxruntime-node/dist', undefined, noMaps);
const bin = `onnxruntime-node/bin/napi-v6/${platform}/${arch}`;
if (!fs.existsSync(from(bin))) throw new Error(`onnxruntime-node has no binaries for ${platform}-${arch}`);
copy(bin);
// DuckDB (screen folders): the API, the loader of the binding, and this platform's binding (glibc; detect-libc is
// optional for the loader, which falls back to glibc without it).
copy('@duckdb/node-api/package.json');
copy('@duckdb/node-api/lib', undefined, noMaps);
for (const f of ['package.json', 'duckdb.js']) copy(`@duckdb/node-bindings/${f}`);
const duckdb = `@duckdb/node-bindings-${platform}-${arch}`;
if (!fs.existsSync(from(duckdb))) throw new Error(`DuckDB has no binding for ${platform}-${arch} installed`);
copy(duckdb);
console.log(`vendored onnxruntime-node and DuckDB for ${platform}-${arch} into dist/node_modules`);
