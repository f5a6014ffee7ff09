// Webview message protocols, defined once as schemas: each gives the message types (MessageOf) and the runtime check
// that both sides run. Webview content is untrusted: the host accepts only messages whose type is known and whose
// fields have exactly the declared kinds.
import * as z from 'zod/mini';

const MAX_STRING = 10_000;
const MAX_LIST = 1000;
// Each kind's refusals all read "<type>: field <name> must be <kind>".
const text = (kind: string) => z.string({ error: kind }).check(z.maxLength(MAX_STRING, { error: kind }));

/** The kinds a message field may have. */
export const field = {
  string: text('string'),
  /** Finite numbers only. */
  number: z.number({ error: 'number' }),
  boolean: z.boolean({ error: 'boolean' }),
  strings: z.array(text('string[]'), { error: 'string[]' }).check(z.maxLength(MAX_LIST, { error: 'string[]' })),
  /** Any non-null object, typed as T: for what the host sends, or what the receiver checks further itself. */
  object: <T extends object>() => z.custom<T>(v => typeof v === 'object' && v !== null, { error: 'object' }),
};

type Fields = Readonly<Record<string, z.ZodMiniType>>;
type Message<K extends string, F extends Fields> = { type: K } & { -readonly [P in keyof F]: z.infer<F[P]> };

/** One schema per message type, keyed by the `type` values of the message union M. */
export type Shapes<M extends { type: string }> = { readonly [K in M['type']]: z.ZodMiniType<Extract<M, { type: K }>> };

/** The message union a protocol accepts. */
export type MessageOf<P> = { [K in keyof P]: P[K] extends z.ZodMiniType<infer M> ? M : never }[keyof P];

/** A protocol from the fields of each message type; no other fields are accepted. */
export function protocol<S extends Readonly<Record<string, Fields>>>(
  messages: S,
): { readonly [K in keyof S & string]: z.ZodMiniType<Message<K, S[K]>> } {
  const out: Record<string, z.ZodMiniType> = {};
  for (const [type, fields] of Object.entries(messages))
    out[type] = z.strictObject({ type: z.literal(type), ...fields });
  return out as { readonly [K in keyof S & string]: z.ZodMiniType<Message<K, S[K]>> };
}

/** Why a message does not fit its protocol, or null when it does. */
export function messageProblem<M extends { type: string }>(shapes: Shapes<M>, v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const type = (v as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, type))
    return `unknown message type ${JSON.stringify(type)}`.slice(0, 200);
  const result = shapes[type as M['type']].safeParse(v);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') return `${type}: unexpected field ${issue.keys[0]}`.slice(0, 200);
  return `${type}: field ${String(issue.path[0])} must be ${issue.message}`;
}

export function parseMessage<M extends { type: string }>(shapes: Shapes<M>, v: unknown): M | null {
  return messageProblem(shapes, v) === null ? (v as M) : null;
}
