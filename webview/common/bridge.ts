// The browser side of a webview: typed postMessage/onMessage and persisted state over acquireVsCodeApi().
import { parseMessage, type Shapes } from '../../src/common/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface Bridge<ToHost, ToWebview, State> {
  post(message: ToHost): void;
  /** Handles messages from the host that fit the protocol; others are ignored (and logged). */
  onMessage(handler: (message: ToWebview) => void): void;
  /** The state saved by setState, kept by VS Code while the view is hidden and across reloads. */
  getState(): State | undefined;
  setState(state: State): void;
}

export function connect<ToHost, ToWebview extends { type: string }, State>(
  toWebview: Shapes<ToWebview>,
): Bridge<ToHost, ToWebview, State> {
  const api = acquireVsCodeApi();
  return {
    post: m => api.postMessage(m),
    onMessage(handler) {
      window.addEventListener('message', (e: MessageEvent) => {
        const m = parseMessage(toWebview, e.data);
        if (m) handler(m);
        else console.warn('ignored a message outside the protocol', e.data);
      });
    },
    getState: () => api.getState() as State | undefined,
    setState: s => api.setState(s),
  };
}
