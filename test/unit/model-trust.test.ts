// The Workspace Trust gate for model directories, on real directories and symlinks: "inside the workspace" is where a
// directory really is, not how its path is spelled.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gateModelDirectories } from '../../src/core/model/trust';
import { isInsideDirectory, realLocation } from '../../src/core/paths';

describe('model trust gate', () => {
  // base/ws (the workspace) with ws/models/inside; base/outside/model; links crossing the workspace's border.
  let base: string, ws: string, wsLink: string, inside: string, outside: string, linkIn: string, linkOut: string;
  before(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'molml-trust-')));
    ws = path.join(base, 'ws');
    inside = path.join(ws, 'models', 'inside');
    outside = path.join(base, 'outside', 'model');
    fs.mkdirSync(inside, { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    linkIn = path.join(base, 'outside', 'link-into-ws');
    fs.symlinkSync(inside, linkIn);
    linkOut = path.join(ws, 'link-to-outside');
    fs.symlinkSync(outside, linkOut);
    wsLink = path.join(base, 'ws-link');
    fs.symlinkSync(ws, wsLink);
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('resolves symlinks, and keeps the missing tail of a path that does not exist yet', () => {
    assert.equal(realLocation(linkIn), inside);
    assert.equal(realLocation(path.join(linkOut, 'not', 'yet')), path.join(outside, 'not', 'yet'));
    assert.equal(realLocation(`${ws}/../outside/model`), outside);
  });

  it('judges a directory inside the workspace by its real location', () => {
    assert.equal(isInsideDirectory(inside, ws), true);
    assert.equal(isInsideDirectory(ws, ws), true);
    assert.equal(isInsideDirectory(linkIn, ws), true, 'a link from outside pointing inside is inside');
    assert.equal(isInsideDirectory(linkOut, ws), false, 'a link inside pointing outside is outside');
    assert.equal(isInsideDirectory(`${ws}/../outside/model`, ws), false);
    assert.equal(isInsideDirectory(`${ws}/..`, ws), false);
    assert.equal(isInsideDirectory(`${ws}-other`, ws), false, 'a sibling whose name starts like the workspace');
    assert.equal(isInsideDirectory(inside, wsLink), true, 'a workspace opened through a link');
    assert.equal(isInsideDirectory(path.join(ws, '..x'), ws), true, 'a folder named "..x" is inside');
  });

  it('refuses workspace-named models in an untrusted workspace, by real location, and allows them when trusted', () => {
    const entries = [
      { path: linkIn, scope: 'user' as const },
      { path: linkOut, scope: 'user' as const },
      { path: `${ws}/../outside/model`, scope: 'user' as const },
      { path: 'models/inside', scope: 'user' as const },
      { path: outside, scope: 'workspace' as const },
    ];
    const untrusted = gateModelDirectories(entries, false, [ws]);
    assert.deepEqual(
      untrusted.refused.map(r => r.path),
      [linkIn, 'models/inside', outside],
    );
    assert.deepEqual(untrusted.allowed, [linkOut, outside]);
    assert.match(untrusted.refused[0].reason, /not trusted/);
    const trusted = gateModelDirectories(entries, true, [ws]);
    assert.deepEqual(trusted.refused, []);
    assert.deepEqual(trusted.allowed, [linkIn, linkOut, outside, inside]);
  });
});
