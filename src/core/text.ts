// Quoting user text (cells, headers, arguments) in messages: a 10 MB header must not become a 10 MB message.

/** Longest user text quoted in a message, in characters. */
export const QUOTE_LIMIT = 80;

/** `text` on one line, cut to `max` characters with an ellipsis when longer. */
export function clip(text: string, max = QUOTE_LIMIT): string {
  const line = text.replace(/[\r\n\t]+/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** A list of names for a message, each clipped, the whole list cut after a few. */
export function clipList(names: readonly string[], max = 12): string {
  const shown = names
    .slice(0, max)
    .map(n => clip(n, 40))
    .join(', ');
  return names.length > max ? `${shown}, … (${names.length} in all)` : shown;
}
