// Node has the WebAssembly global, but @types/node leaves its types to the DOM library, which the core does not load.
// Only what the core uses (src/core/chem/rdkit.ts tells a wasm trap from other errors).
declare namespace WebAssembly {
  class RuntimeError extends Error {}
}
