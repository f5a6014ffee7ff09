// The survey view's one message protocol. The host validates every ToHost message with `toHostShapes`.
import type { Shapes } from '../messages';
import type { OwnMetrics } from './ownMetrics';
import type { Query } from './query';

export type Tab = 'browse' | 'compare';

export type ToHost =
  | { type: 'ready' }
  /** Open one of a reference's links; the host checks the URL is one of that entry's links. */
  | { type: 'openLink'; id: string; url: string }
  | { type: 'copyBibtex'; id: string }
  | { type: 'copyCitation'; id: string }
  | { type: 'insertCitation'; id: string };

export type ToWebview =
  | { type: 'ownMetrics'; metrics: OwnMetrics }
  | { type: 'reveal'; id: string }
  | { type: 'showTab'; tab: Tab }
  /** Feedback for the last action, shown in a live region. */
  | { type: 'status'; text: string };

export const toHostShapes: Shapes<ToHost> = {
  ready: {},
  openLink: { id: 'string', url: 'string' },
  copyBibtex: { id: 'string' },
  copyCitation: { id: 'string' },
  insertCitation: { id: 'string' },
};

export const toWebviewShapes: Shapes<ToWebview> = {
  ownMetrics: { metrics: 'object' },
  reveal: { id: 'string' },
  showTab: { tab: 'string' },
  status: { text: 'string' },
};

/** What the view persists with setState, restored when it is shown again. */
export interface ViewState {
  query: Query;
  selected: string | null;
  tab: Tab;
  compareTasks: string[];
  openFacets: string[];
}
