// The survey view's one message protocol, defined by its schemas. The host validates every ToHost message with
// `toHostShapes`; the view checks ToWebview with `toWebviewShapes`.
import * as z from 'zod/mini';
import { field, protocol, type MessageOf } from '../messages';
import type { OwnMetrics } from './ownMetrics';
import type { Query } from './query';

const tab = z.enum(['browse', 'compare'], { error: 'browse or compare' });
export type Tab = z.infer<typeof tab>;

export const toHostShapes = protocol({
  ready: {},
  /** Open one of a reference's links; the host checks the URL is one of that entry's links. */
  openLink: { id: field.string, url: field.string },
  copyBibtex: { id: field.string },
  copyCitation: { id: field.string },
  insertCitation: { id: field.string },
  /** Open the benchmark comparison in an editor tab (it needs the width a side bar does not have). */
  openComparison: {},
});
export type ToHost = MessageOf<typeof toHostShapes>;

export const toWebviewShapes = protocol({
  ownMetrics: { metrics: field.object<OwnMetrics>() },
  reveal: { id: field.string },
  showTab: { tab },
  /** Feedback for the last action, shown in a live region. */
  status: { text: field.string },
});
export type ToWebview = MessageOf<typeof toWebviewShapes>;

/** What the view persists with setState, restored when it is shown again. */
export interface ViewState {
  query: Query;
  selected: string | null;
  tab: Tab;
  compareTasks: string[];
  openFacets: string[];
}
