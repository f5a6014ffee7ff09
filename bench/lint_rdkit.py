#!/usr/bin/python3
"""The lint checks written with Python RDKit, as an independent reference and a speed baseline.

usage: lint_rdkit.py counts FILE...   per-file counts as JSON (test/fixtures/lint-reference.json)
       lint_rdkit.py bench FILE       time the same per-molecule and cross-row checks over one CSV file
"""
import csv, gzip, json, sys, time
from rdkit import Chem, RDLogger

RDLogger.DisableLog('rdApp.*')
SMILES_NAMES = ('smiles', 'canonical_smiles', 'mol')
NON_METALS = {'H', 'B', 'C', 'N', 'O', 'F', 'Si', 'P', 'S', 'Cl', 'Ge', 'As', 'Se', 'Br', 'Sb', 'Te', 'I', 'At'}


def rows_of(path):
    """(line number, SMILES or molblock, row dict) for CSV and SDF files."""
    opener = gzip.open if path.endswith('.gz') else open
    if '.sdf' in path:
        with opener(path, 'rt', newline='') as f:
            text = f.read()
        line = 1
        for record in text.split('$$$$\n'):
            if not record.strip():
                continue
            yield line, record.split('M  END')[0] + 'M  END\n', {}
            line += record.count('\n') + 1
        return
    with opener(path, 'rt', newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        col = next(i for i, h in enumerate(header) if h.strip() in SMILES_NAMES)
        line = 2
        for rec in reader:
            yield line, rec[col] if col < len(rec) else '', dict(zip(header, rec))
            line = reader.line_num + 1


def check(mol):
    """The per-molecule facts the linter reports on."""
    frags = Chem.GetMolFrags(mol)
    atoms = list(mol.GetAtoms())
    return {
        'canonical': Chem.MolToSmiles(mol),
        'fragments': len(frags),
        'isotope': any(a.GetIsotope() for a in atoms),
        # Radicals on non-metals only: RDKit since 2024 no longer assigns radical electrons to metals.
        'radical': any(a.GetNumRadicalElectrons() and a.GetSymbol() in NON_METALS for a in atoms),
        'wildcard': any(a.GetAtomicNum() == 0 for a in atoms),
        'charged': any(a.GetFormalCharge() for a in atoms),
        'undefined_centres': sum(1 for _, tag in Chem.FindMolChiralCenters(mol, includeUnassigned=True, useLegacyImplementation=True) if tag == '?'),
    }


def lint(path):
    # Row lists (0-based data rows; SDF: records) per finding, so that a comparison can leave out the rows that
    # the two RDKit versions parse differently.
    counts = {'rows': 0, 'parse_failures': [], 'multi_fragment': [], 'isotope': [], 'radical': [], 'wildcard': [],
              'charged': [], 'undefined_centre': [], 'duplicates': [], 'censored_relation': []}
    seen = set()
    for line, text, row in rows_of(path):
        index = counts['rows']
        counts['rows'] += 1
        relation = row.get('standard_relation', '').strip().strip("'")
        if relation and relation != '=':
            counts['censored_relation'].append(index)
        mol = Chem.MolFromMolBlock(text) if '.sdf' in path else Chem.MolFromSmiles(text)
        if mol is None or mol.GetNumAtoms() == 0:
            counts['parse_failures'].append(index)
            continue
        f = check(mol)
        if f['fragments'] > 1:
            counts['multi_fragment'].append(index)
        for k in ('isotope', 'radical', 'wildcard', 'charged'):
            if f[k]:
                counts[k].append(index)
        if f['undefined_centres']:
            counts['undefined_centre'].append(index)
        if f['canonical'] in seen:
            counts['duplicates'].append(index)
        seen.add(f['canonical'])
    return counts


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    if mode == 'counts':
        print(json.dumps({'rdkit': Chem.rdBase.rdkitVersion, 'files': {f.split('/')[-1]: lint(f) for f in files}}))
    elif mode == 'bench':
        t0 = time.perf_counter()
        c = lint(files[0])
        seconds = time.perf_counter() - t0
        print(json.dumps({'rdkit': Chem.rdBase.rdkitVersion, 'rows': c['rows'], 'seconds': seconds, 'rows_per_second': c['rows'] / seconds}))


if __name__ == '__main__':
    main()
