// Which grid a restored window may reopen: only files the user opened as a grid, with a scheme the grid reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REMEMBERED_GRIDS, rememberGrid, restoreRefusal } from '../../src/core/grid/restore';

const uri = (text: string) => {
  const u = new URL(text);
  return { text, scheme: u.protocol.replace(/:$/, ''), path: decodeURIComponent(u.pathname) };
};

describe('grid restore policy', () => {
  const opened = rememberGrid(rememberGrid([], 'file:///ws/data/a.csv'), 'untitled:Untitled-1.smi');

  it('restores a remembered file or unsaved editor', () => {
    assert.equal(restoreRefusal(uri('file:///ws/data/a.csv'), opened), undefined);
    assert.equal(
      restoreRefusal({ text: 'untitled:Untitled-1.smi', scheme: 'untitled', path: 'Untitled-1.smi' }, opened),
      undefined,
    );
  });

  it('refuses anything else, saying why', () => {
    assert.equal(restoreRefusal(undefined, opened), 'its saved state names no file');
    assert.equal(
      restoreRefusal(uri('file:///ws/data/b.csv'), opened),
      'b.csv was not opened as a grid in this workspace',
    );
    assert.equal(
      restoreRefusal(uri('file:///etc/passwd'), [...opened, 'file:///etc/passwd']),
      'passwd is not a CSV, TSV, SMILES or SDF file',
    );
    assert.equal(
      restoreRefusal(uri('https://example.org/a.csv'), [...opened, 'https://example.org/a.csv']),
      'its saved state names a https: address, not a file the grid reads',
    );
    assert.match(restoreRefusal(uri('vscode-remote://ssh-remote+h/ws/data/a.csv'), opened)!, /vscode-remote: address/);
  });

  it('remembers the most recent grids first, each once, up to the limit', () => {
    assert.deepEqual(rememberGrid(opened, 'file:///ws/data/a.csv'), [
      'file:///ws/data/a.csv',
      'untitled:Untitled-1.smi',
    ]);
    let many: string[] = [];
    for (let i = 0; i < MAX_REMEMBERED_GRIDS + 5; i++) many = rememberGrid(many, `file:///ws/${i}.csv`);
    assert.equal(many.length, MAX_REMEMBERED_GRIDS);
    assert.equal(many[0], `file:///ws/${MAX_REMEMBERED_GRIDS + 4}.csv`);
  });
});
