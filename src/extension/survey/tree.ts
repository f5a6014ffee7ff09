// The taxonomy as a tree, for keyboard and screen-reader users: perspectives → categories → references.
import * as vscode from 'vscode';
import { surveyData } from '../../common/survey/catalog';
import { displayName, sortReferences } from '../../common/survey/query';
import { nodeMatches } from '../../common/survey/taxonomy';
import type { Reference, TagFacet, TaxonomyNode } from '../../common/survey/types';

export const TAXONOMY_VIEW_ID = 'molml.surveyTaxonomy';

export type TaxonomyItem =
  | { kind: 'category'; node: TaxonomyNode; facet: TagFacet; perspective: boolean }
  | { kind: 'reference'; ref: Reference; parent: string };

export class TaxonomyTreeProvider implements vscode.TreeDataProvider<TaxonomyItem> {
  private readonly refs = sortReferences(surveyData.catalog.references, 'year-desc');

  getChildren(item?: TaxonomyItem): TaxonomyItem[] {
    if (!item)
      return surveyData.taxonomy.perspectives.map(p => ({
        kind: 'category',
        node: p,
        facet: p.facet,
        perspective: true,
      }));
    if (item.kind === 'reference') return [];
    const sub: TaxonomyItem[] = (item.node.children ?? []).map(c => ({
      kind: 'category',
      node: c,
      facet: item.facet,
      perspective: false,
    }));
    if (item.perspective) return sub;
    return [
      ...sub,
      ...this.members(item.node, item.facet).map(ref => ({ kind: 'reference' as const, ref, parent: item.node.id })),
    ];
  }

  members(node: TaxonomyNode, facet: TagFacet): Reference[] {
    return this.refs.filter(r => nodeMatches(node, r, facet));
  }

  getTreeItem(item: TaxonomyItem): vscode.TreeItem {
    if (item.kind === 'reference') {
      const t = new vscode.TreeItem(displayName(item.ref), vscode.TreeItemCollapsibleState.None);
      t.id = `${item.parent}/${item.ref.id}`;
      t.description = `${item.ref.venue} · ${item.ref.year}`;
      t.tooltip = `${item.ref.title}\n${item.ref.venue} (${item.ref.year})`;
      t.contextValue = 'molml.reference';
      t.command = { command: 'molml.survey.showReference', title: 'Show Reference', arguments: [item.ref.id] };
      t.accessibilityInformation = { label: `${displayName(item.ref)}, ${item.ref.venue}, ${item.ref.year}` };
      return t;
    }
    const n = item.node;
    const label = n.abbr && n.abbr !== n.name ? `${n.name} (${n.abbr})` : n.name;
    const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    t.id = n.id;
    t.tooltip = n.description;
    if (!item.perspective) t.description = String(this.members(n, item.facet).length);
    t.contextValue = item.perspective ? 'molml.perspective' : 'molml.category';
    return t;
  }
}
