// The @vscode-elements components the results view uses, bundled by esbuild (nothing is fetched at run time).
export async function loadElements(): Promise<void> {
  await Promise.all([
    import('@vscode-elements/elements/dist/vscode-textfield/index.js'),
    import('@vscode-elements/elements/dist/vscode-checkbox/index.js'),
    import('@vscode-elements/elements/dist/vscode-button/index.js'),
    import('@vscode-elements/elements/dist/vscode-badge/index.js'),
    import('@vscode-elements/elements/dist/vscode-collapsible/index.js'),
  ]);
}
