/**
 * The documents a definition lists (推荐审批表, 推荐汇总表, 名额分配表 …), looked up the way the
 * export package needs them: a category's own form or table, the campaign's quota table.
 * `definitionProblems` (./checks.ts) makes sure each category has exactly one of each.
 */
import type { CampaignDefinition, CategoryDefinition, DocumentDefinition } from './schema.ts';

export type DocumentOf<K extends DocumentDefinition['kind']> = Extract<DocumentDefinition, { kind: K }>;

/** The category's document of `kind` (its 推荐审批表, 推荐汇总表, 征求意见表), if the definition lists one. */
export function categoryDocument<K extends 'approvalForm' | 'summaryTable' | 'opinionForm'>(
  d: Pick<CampaignDefinition, 'documents'>,
  kind: K,
  category: string,
): DocumentOf<K> | undefined {
  return d.documents.find((doc): doc is DocumentOf<K> => doc.kind === kind && doc.category === category);
}

/** The campaign's document of a kind that is not per category (名额分配表, 照片裁剪页). */
export function campaignDocument<K extends 'quotaTable' | 'photoSheet' | 'report'>(
  d: Pick<CampaignDefinition, 'documents'>,
  kind: K,
): DocumentOf<K> | undefined {
  return d.documents.find((doc): doc is DocumentOf<K> => doc.kind === kind);
}

/** The category by id; throws for an id the definition does not have (a caller's mistake). */
export function categoryIn(d: Pick<CampaignDefinition, 'categories'>, id: string): CategoryDefinition {
  const cat = d.categories.find((c) => c.id === id);
  if (!cat) throw new Error(`no category ${id} in the campaign's definition`);
  return cat;
}

/** The levels whose opinions an approval form's three boxes hold, in the order of `opinionBoxes`. */
export const APPROVAL_LEVELS = ['unit', 'county', 'city'] as const;
