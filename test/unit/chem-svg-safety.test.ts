// Depictions reach webviews and hover cards: text from the file (SDF titles, aliases, data SGroups, CXSMILES atom
// labels) must never become markup in the SVG, and nothing in it may run script.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rdkit, type Rdkit } from '../../src/core/chem/rdkit';
import { describeSmiles, depict } from '../../src/core/chem/describe';
import { inertSvg } from '../../src/core/chem/svg-safety';
import { depictRow } from '../../src/core/grid/chem';
import { gridSource } from '../../src/core/grid/source';
import { SVG_DATA_URL } from '../../src/common/grid/worker-protocol';
import { readText } from '../../src/core/io';
import { rowsAsCsv } from '../../src/core/grid/export';

const ROOT = path.resolve(__dirname, '../../..');
const svgOf = (url: string) => Buffer.from(url.slice(SVG_DATA_URL.length), 'base64').toString('utf8');

/** Nothing in `svg` that a browser would run or load: no script, foreign content, handlers, links or URL values. */
function assertInert(svg: string, what: string): void {
  assert.doesNotMatch(svg, /<\s*(script|foreignObject|iframe|object|embed|a|use|image|animate|set|style)\b/i, what);
  assert.doesNotMatch(svg, /\son[a-z]+\s*=|href\s*=|javascript:|url\s*\(/i, what);
  const tags = [...svg.matchAll(/<\/?([A-Za-z][\w:.-]*)/g)].map(m => m[1]!.toLowerCase());
  assert.deepEqual(
    [...new Set(tags)].filter(t => !['svg', 'rect', 'path', 'text', 'ellipse', 'tspan', 'g'].includes(t)),
    [],
    what,
  );
}

describe('depiction SVG safety', () => {
  let rd: Rdkit;
  before(async () => {
    rd = await rdkit();
  });

  it('leaves RDKit drawings unchanged', () => {
    for (const smiles of [
      'CC(=O)Oc1ccccc1C(=O)O',
      'C[C@H](N)C(=O)O',
      '[NH4+].[Cl-]',
      'OCC3OC(OCC2OC(OC(C#N)c1ccccc1)C(O)C(O)C2O)C(O)C(O)C3O',
    ]) {
      const raw = rd.withMol(smiles, mol =>
        mol.get_svg_with_highlights(
          JSON.stringify({ width: 250, height: 200, noFreetype: true, atoms: [0, 1], bonds: [0] }),
        ),
      );
      assert.ok(raw.ok);
      assert.equal(inertSvg(raw.value), raw.value, smiles);
    }
  });

  it('strips script, handlers, links, foreign content and URL values from any SVG', () => {
    const hostile =
      `<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script>` +
      `<text x='1' onclick="alert(3)">a</text><foreignObject><body onload=alert(4)></body></foreignObject>` +
      `<a href='javascript:alert(5)'><text>b</text></a><use href='#x'/><image href='x' onerror='alert(6)'/>` +
      `<rect style='fill:url(javascript:alert(7))'/><![CDATA[<script>alert(8)</script>]]><set attributeName='onmouseover' to='alert(9)'/>` +
      `<SCRIPT>alert(10)</SCRIPT><text>"><svg onload=alert(11)></text><?php x ?><metadata><x onload='alert(12)'/></metadata>< script>alert(13)</svg>`;
    const safe = inertSvg(hostile);
    assertInert(safe, safe);
    assert.equal(
      safe,
      `<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><text x='1'>a</text><rect/><text>"><svg></text>&lt; script>alert(13)</svg>`,
    );
  });

  it('draws text from an SDF record (title, alias, data SGroup) and its data items only as escaped text', () => {
    const table = readText(fs.readFileSync(path.join(ROOT, 'test/fixtures/grid-xss.sdf'), 'utf8'), 'sdf');
    const source = gridSource(table);
    assert.equal(source.molecules.length, 2);
    // Titles and data item names are columns of plain data: the grid view writes them as text.
    assert.deepEqual(
      source.data.columns.map(c => c.name),
      ['title', '" onmouseover="alert(4)', 'pIC50'],
    );
    assert.deepEqual(
      source.data.rows.map(r => r.values[0]),
      ['<script>alert(1)</script>', '"><svg onload=alert(6)>'],
    );
    let sawDataSGroup = false;
    source.molecules.forEach((molblock, i) => {
      const d = depictRow(rd, molblock, true, 200);
      assert.ok('url' in d, JSON.stringify(d));
      const svg = svgOf(d.url);
      assertInert(svg, `record ${i + 1}`);
      assert.doesNotMatch(svg, /alert\(1\)|alert\(6\)|onload/, 'the title is not in the drawing');
      // RDKit draws the data SGroup's value one character at a time, each escaped.
      if (svg.includes('&lt;')) sawDataSGroup = true;
    });
    assert.ok(sawDataSGroup, 'RDKit drew the data SGroup text (so the check above saw file text in the SVG)');
    assert.equal(rowsAsCsv(source.data, [0]).split('\n')[0], 'title,""" onmouseover=""alert(4)",pIC50');
  });

  it('draws a CXSMILES atom label from the hover and depict path as escaped text', () => {
    const d = describeSmiles(rd, 'C[C:1]O |$<script>alert(1)</script>;;"/><svg/onload=alert(2)>$|', {
      imageSize: 250,
      inchikey: false,
    });
    assert.equal(d.report.valid, true, d.report.error ?? '');
    assertInert(d.report.svg!, 'CXSMILES labels');
    assert.match(d.report.svg!, />&lt;</);
    const withHighlight = rd.withMol('C[C:1]O |$<script>;;$|', mol =>
      depict(mol, 200, { atoms: [0], bonds: [], colour: [1, 0, 0, 1] }),
    );
    assert.ok(withHighlight.ok);
    assertInert(withHighlight.value, 'highlighted');
  });
});
