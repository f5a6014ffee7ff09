// The @vscode-elements components the grid uses, bundled by esbuild (nothing is fetched at run time). Each module
// registers its custom element on import. No icons are used, so the codicon font is not needed.
export async function loadElements(): Promise<void> {
  await Promise.all([
    import('@vscode-elements/elements/dist/vscode-textfield/index.js'),
    import('@vscode-elements/elements/dist/vscode-checkbox/index.js'),
    import('@vscode-elements/elements/dist/vscode-single-select/index.js'),
    import('@vscode-elements/elements/dist/vscode-option/index.js'),
    import('@vscode-elements/elements/dist/vscode-button/index.js'),
  ]);
}
