// The @vscode-elements components the screen results view uses, bundled by esbuild (nothing is fetched at run time).
export async function loadElements(): Promise<void> {
  await Promise.all([
    import('@vscode-elements/elements/dist/vscode-textfield/index.js'),
    import('@vscode-elements/elements/dist/vscode-single-select/index.js'),
    import('@vscode-elements/elements/dist/vscode-option/index.js'),
    import('@vscode-elements/elements/dist/vscode-button/index.js'),
  ]);
}
