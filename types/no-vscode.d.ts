// What `vscode` resolves to outside src/extension and its tests (tsconfig.base.json `paths`): a module with nothing
// in it, so any use of the editor API there fails the type check.
export {};
