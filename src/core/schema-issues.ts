// How a file checked against a zod schema is reported: one line per problem, the path of the bad field first
// (`task.type`, `files["a.csv"].labelColumns[0]`), then what was expected.
import type * as z from 'zod';

/** `task.type`, `files["a.csv"].labelColumns[0]`; '' for the document itself. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(p))
          ? `${i ? '.' : ''}${String(p)}`
          : `[${JSON.stringify(String(p))}]`,
    )
    .join('');
}

export function issueLine(issue: z.core.$ZodIssue): string {
  const at = issue.path.length ? `${issuePath(issue.path)}: ` : '';
  // zod's own wording for unknown keys is replaced; a schema's own message for them is kept.
  if (issue.code === 'unrecognized_keys' && issue.message.startsWith('Unrecognized key'))
    return `${at}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `'${k}'`).join(', ')}`;
  return `${at}${issue.message}`;
}

export function issueLines(error: z.ZodError): string[] {
  return error.issues.map(issueLine);
}
