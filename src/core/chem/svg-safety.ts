// Depictions reach webviews and hover cards. RDKit draws a molecule with a handful of SVG elements and escapes the
// atom labels it draws (CXSMILES labels, SDF aliases), and today writes nothing of a record's title or properties;
// this keeps it that way whatever a future RDKit or drawing option adds: only drawing elements survive, and no
// attribute that runs script or loads anything. RDKit's own drawings take the fast path: one regex scan finds
// nothing to change (about 0.05 ms for a 17 kB drawing).

/** Elements RDKit's MolDraw2DSVG writes, and plain SVG shapes. Other tags are dropped (their text stays, as text). */
const DRAWING_ELEMENTS = new Set([
  'svg',
  'rect',
  'path',
  'text',
  'tspan',
  'ellipse',
  'circle',
  'line',
  'polyline',
  'polygon',
  'g',
  'defs',
  'title',
  'desc',
]);
/** Elements removed with everything inside them: script, embedded documents, links, references and animation. */
const BANNED_ELEMENTS =
  /^(script|foreignobject|iframe|object|embed|style|a|use|image|feimage|animate\w*|set|handler|listener|metadata)$/;
/** A cheap test before reading a tag's attributes one by one (RDKit's own tags never match). */
const SUSPICIOUS = /\s(?:on|href|xlink:href|src|formaction)|url\s*\(|expression\s*\(|javascript:/i;
const ACTIVE_ATTRIBUTE = /^(on|href$|xlink:href$|src$|formaction$)/i;
const ACTIVE_VALUE = /url\s*\(|expression\s*\(|javascript:/i;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;
const NAME = /^\/?([A-Za-z][\w:.-]*)/;

/** Text that may need the careful pass (a superset of what it changes); RDKit's drawings have none of it. */
const CARE_WORDS = [
  ' on',
  '\non',
  '\ton',
  '\ron',
  'href',
  'src',
  'url',
  'expression',
  'javascript',
  'formaction',
  '<![',
  '<!d',
];
const ALLOWED_TAG = new RegExp(`^<(?:/?(?:${[...DRAWING_ELEMENTS].join('|')})[\\s/>]|!--|\\?xml\\s)`);

/** False only when the careful pass would change nothing: every tag is a drawing tag and no risky word appears. */
function needsCare(svg: string): boolean {
  const lower = svg.toLowerCase();
  if (CARE_WORDS.some(w => lower.includes(w))) return true;
  for (let i = lower.indexOf('<'); i >= 0; i = lower.indexOf('<', i + 1)) {
    if (!ALLOWED_TAG.test(lower.slice(i, i + 12))) return true;
  }
  return false;
}
const TAG_AT = /<\/?[A-Za-z][\w:.-]*(?:[^>"']|"[^"]*"|'[^']*')*>/y;

/** End (exclusive) of the tag opened at `start`: the first `>` outside a quoted attribute value, or -1. */
function tagEnd(svg: string, start: number): number {
  TAG_AT.lastIndex = start;
  return TAG_AT.test(svg) ? TAG_AT.lastIndex : -1;
}

/** The tag without its active attributes (unchanged when it has none). */
function withoutActiveAttributes(tag: string, name: string): string {
  if (!SUSPICIOUS.test(tag)) return tag;
  const selfClose = /\/\s*>$/.test(tag);
  const body = tag.slice(1 + name.length, selfClose ? tag.lastIndexOf('/') : -1);
  const kept = [...body.matchAll(ATTRIBUTE)].filter(
    ([, attr, value = '']) => !ACTIVE_ATTRIBUTE.test(attr!) && !ACTIVE_VALUE.test(value),
  );
  return `<${name}${kept.map(([text]) => ` ${text}`).join('')}${selfClose ? '/' : ''}>`;
}

/**
 * The SVG without script, embedded documents, links, animation or metadata (removed with their content), other tags
 * outside the drawing set, event-handler and link attributes, `url(...)`/`javascript:` values, CDATA sections and
 * processing instructions other than the XML declaration. A `<` that opens nothing readable becomes `&lt;`.
 * RDKit's own output passes unchanged.
 */
export function inertSvg(svg: string): string {
  if (!needsCare(svg)) return svg;
  const out: string[] = [];
  let copied = 0;
  const drop = (from: number, to: number) => {
    out.push(svg.slice(copied, from));
    copied = to;
  };
  for (let i = svg.indexOf('<'); i >= 0 && i < svg.length; i = svg.indexOf('<', i)) {
    if (svg.startsWith('<!--', i)) {
      const e = svg.indexOf('-->', i + 4);
      if (e < 0) {
        drop(i, svg.length);
        break;
      }
      i = e + 3;
      continue;
    }
    if (svg.startsWith('<![CDATA[', i)) {
      const e = svg.indexOf(']]>', i);
      const end = e < 0 ? svg.length : e + 3;
      drop(i, end);
      i = end;
      continue;
    }
    if (svg.startsWith('<?', i)) {
      const e = svg.indexOf('?>', i);
      const end = e < 0 ? svg.length : e + 2;
      if (!/^<\?xml\s/.test(svg.slice(i, i + 6))) drop(i, end);
      i = end;
      continue;
    }
    const name = NAME.exec(svg.slice(i + 1, i + 64))?.[1];
    const end = name ? tagEnd(svg, i) : -1;
    if (!name || end < 0) {
      drop(i, i + 1);
      out.push('&lt;');
      i++;
      continue;
    }
    const lower = name.toLowerCase();
    const closing = svg[i + 1] === '/';
    if (BANNED_ELEMENTS.test(lower)) {
      // Up to the matching close tag (or the end): what is inside goes too.
      let stop = end;
      if (!closing && !/\/\s*>$/.test(svg.slice(i, end))) {
        const close = svg.toLowerCase().indexOf(`</${lower}`, end);
        stop = close < 0 ? svg.length : tagEnd(svg, close) < 0 ? svg.length : tagEnd(svg, close);
      }
      drop(i, stop);
      i = stop;
      continue;
    }
    if (!DRAWING_ELEMENTS.has(lower)) {
      drop(i, end);
      i = end;
      continue;
    }
    if (!closing) {
      const tag = svg.slice(i, end);
      const safe = withoutActiveAttributes(tag, name);
      if (safe !== tag) {
        drop(i, end);
        out.push(safe);
      }
    }
    i = end;
  }
  out.push(svg.slice(copied));
  return out.join('');
}
