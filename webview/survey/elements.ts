// The @vscode-elements components this view uses, bundled by esbuild (nothing is fetched at run time). Each module
// registers its custom element on import. They are ES modules, hence the dynamic imports from this CommonJS-typed
// project; esbuild inlines them into the one bundle. None of them needs the codicon font: no icons are used.
export async function loadElements(): Promise<void> {
  await Promise.all([
    import('@vscode-elements/elements/dist/vscode-textfield/index.js'),
    import('@vscode-elements/elements/dist/vscode-checkbox/index.js'),
    import('@vscode-elements/elements/dist/vscode-single-select/index.js'),
    import('@vscode-elements/elements/dist/vscode-option/index.js'),
    import('@vscode-elements/elements/dist/vscode-badge/index.js'),
    import('@vscode-elements/elements/dist/vscode-collapsible/index.js'),
    import('@vscode-elements/elements/dist/vscode-button/index.js'),
    import('@vscode-elements/elements/dist/vscode-tabs/index.js'),
    import('@vscode-elements/elements/dist/vscode-tab-header/index.js'),
    import('@vscode-elements/elements/dist/vscode-tab-panel/index.js'),
  ]);
}
