// Element symbols by atomic number (index 0 is RDKit's dummy atom `*`), and the element classes lint rules talk about.
export const ELEMENT_SYMBOLS: readonly string[] = (
  '* H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co ' +
  'Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb ' +
  'Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr ' +
  'Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

/** The symbol, or `#z` for an atomic number past the table. */
export function symbolOf(z: number): string {
  return ELEMENT_SYMBOLS[z] ?? `#${z}`;
}

/** Elements found in drug-like organic molecules; anything else is reported as unusual by default. */
export const ORGANIC_ELEMENTS = ['H', 'B', 'C', 'N', 'O', 'F', 'Si', 'P', 'S', 'Cl', 'Se', 'Br', 'I'];

const NON_METALS = new Set([
  'H',
  'He',
  'B',
  'C',
  'N',
  'O',
  'F',
  'Ne',
  'Si',
  'P',
  'S',
  'Cl',
  'Ar',
  'Ge',
  'As',
  'Se',
  'Br',
  'Kr',
  'Sb',
  'Te',
  'I',
  'Xe',
  'At',
  'Rn',
  '*',
]);

export function isMetal(symbol: string): boolean {
  return !NON_METALS.has(symbol) && !symbol.startsWith('#');
}
