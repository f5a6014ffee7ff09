"""The hover card's chemistry in native Python RDKit, for the JS/Python time ratio in bench/hover.mjs.

Per molecule: parse, canonical SMILES, formula, average and exact mass, cLogP, TPSA, H-bond donors/acceptors,
rotatable bonds, rings, aromatic rings, heavy atoms, formal charge, stereocentres, and a 250x200 SVG depiction.
(No InChIKey: Debian's RDKit build has no InChI; the JS side is timed without it for the ratio as well.)
usage: python3 bench/hover_rdkit.py MOLECULES.txt  -> one JSON line on stdout
"""
import json
import statistics
import sys
import time

import rdkit
from rdkit import Chem, RDLogger
from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors
from rdkit.Chem.Draw import rdMolDraw2D

RDLogger.DisableLog('rdApp.*')


def hover(smiles):
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    props = (
        Chem.MolToSmiles(mol), rdMolDescriptors.CalcMolFormula(mol), Descriptors.MolWt(mol), Descriptors.ExactMolWt(mol),
        Crippen.MolLogP(mol), rdMolDescriptors.CalcTPSA(mol), rdMolDescriptors.CalcNumHBD(mol),
        rdMolDescriptors.CalcNumHBA(mol), rdMolDescriptors.CalcNumLipinskiHBD(mol), rdMolDescriptors.CalcNumLipinskiHBA(mol),
        rdMolDescriptors.CalcNumRotatableBonds(mol), rdMolDescriptors.CalcNumRings(mol),
        rdMolDescriptors.CalcNumAromaticRings(mol), mol.GetNumHeavyAtoms(), Chem.GetFormalCharge(mol),
        rdMolDescriptors.CalcNumAtomStereoCenters(mol), rdMolDescriptors.CalcNumUnspecifiedAtomStereoCenters(mol),
    )
    drawer = rdMolDraw2D.MolDraw2DSVG(250, 200)
    rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol)
    drawer.FinishDrawing()
    return props, drawer.GetDrawingText()


def main():
    with open(sys.argv[1]) as f:
        molecules = [line.strip() for line in f if line.strip()]
    hover(molecules[0])  # warm-up, as the JS side is warm
    times = []
    for smiles in molecules:
        t0 = time.perf_counter()
        hover(smiles)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(json.dumps({
        'rdkit': rdkit.__version__, 'n': len(times), 'median_ms': statistics.median(times),
        'p95_ms': times[int(0.95 * (len(times) - 1))], 'mean_ms': statistics.fmean(times),
    }))


if __name__ == '__main__':
    main()
