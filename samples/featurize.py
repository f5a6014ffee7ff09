"""Featurize a few reference drugs before training: hover any SMILES string below."""
from rdkit import Chem
from rdkit.Chem import Descriptors

REFERENCE_DRUGS = {
    "aspirin": "CC(=O)Oc1ccccc1C(=O)O",
    "caffeine": "Cn1cnc2c1c(=O)n(C)c(=O)n2C",
    "ibuprofen": "CC(C)Cc1ccc(cc1)[C@@H](C)C(=O)O",
    "paracetamol": 'CC(=O)Nc1ccc(O)cc1',
    # a typo a reviewer would catch: the ring is never closed
    "broken": "c1ccccc",
}

# Ordinary words are not molecules: "CO" is a column name here, "Cl" a label.
COLUMNS = ["CO", "Cl", "NaN", "name"]
SOLVENT = "ClC(Cl)Cl"  # chloroform


def logp_table(smiles_by_name: dict[str, str]) -> dict[str, float]:
    table = {}
    for name, smiles in smiles_by_name.items():
        mol = Chem.MolFromSmiles(smiles)
        if mol is not None:
            table[name] = Descriptors.MolLogP(mol)
    return table


if __name__ == "__main__":
    print(logp_table(REFERENCE_DRUGS))
