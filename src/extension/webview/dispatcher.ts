// Host side of a webview protocol: validates each incoming message against the protocol's shapes, then calls the
// handler for its type. Anything else is logged and dropped; a failing handler is reported, never thrown into VS Code.
import type * as vscode from 'vscode';
import { messageProblem, type Shapes } from '../../common/messages';

export type Handlers<M extends { type: string }> = { [K in M['type']]: (message: Extract<M, { type: K }>) => unknown };

export function createDispatcher<M extends { type: string }>(
  view: string,
  shapes: Shapes<M>,
  handlers: Handlers<M>,
  output: vscode.LogOutputChannel,
  onError: (message: string) => void,
): (raw: unknown) => Promise<void> {
  return async raw => {
    const problem = messageProblem(shapes, raw);
    if (problem) {
      output.warn(`${view}: ignored a webview message (${problem})`);
      return;
    }
    const message = raw as M;
    const handler = handlers[message.type as M['type']] as (m: M) => unknown;
    try {
      await handler(message);
    } catch (e) {
      output.error(`${view}: ${message.type} failed: ${(e as Error).stack ?? String(e)}`);
      onError(`${(e as Error).message}`);
    }
  };
}
