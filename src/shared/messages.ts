// Runtime checks for webview messages, shared by both sides of every webview protocol. Webview content is untrusted:
// the host accepts only messages whose type is known and whose fields have exactly the declared kinds.

export type FieldKind = 'string' | 'number' | 'boolean' | 'string[]' | 'object';
export type Shape = Readonly<Record<string, FieldKind>>;
/** One shape per message type; the keys are the `type` values of the message union. */
export type Shapes<M extends { type: string }> = { readonly [K in M['type']]: Shape };

const MAX_STRING = 10_000;

function fieldOk(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string' && v.length <= MAX_STRING;
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'string[]': return Array.isArray(v) && v.length <= 1000 && v.every(s => typeof s === 'string' && s.length <= MAX_STRING);
    case 'object': return typeof v === 'object' && v !== null;
  }
}

/** Why a message does not fit its protocol, or null when it does. */
export function messageProblem<M extends { type: string }>(shapes: Shapes<M>, v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, o.type)) return `unknown message type ${JSON.stringify(o.type)}`.slice(0, 200);
  const shape = shapes[o.type as M['type']];
  for (const k of Object.keys(o)) if (k !== 'type' && !(k in shape)) return `${o.type}: unexpected field ${k}`.slice(0, 200);
  for (const [k, kind] of Object.entries(shape)) if (!fieldOk(o[k], kind)) return `${o.type}: field ${k} must be ${kind}`;
  return null;
}

export function parseMessage<M extends { type: string }>(shapes: Shapes<M>, v: unknown): M | null {
  return messageProblem(shapes, v) === null ? v as M : null;
}
