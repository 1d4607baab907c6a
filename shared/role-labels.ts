/**
 * What the header calls a role in one campaign. Apart from shared/levels.ts so that the phone's
 * first load, which needs the level names, does not also pull the role names into a shared chunk.
 */
import type { CampaignDefinition } from './definition/schema.ts';
import { levelNames } from './levels.ts';
import { ROLE_LABELS, type Role } from './roles.ts';

/**
 * A role's name in the campaign's words: the middle reviewer is 县（区）审核 or 学校（学区）审核 (its
 * region term), the city office the notice's office (市评选办, 县教体局); units and auditors as always.
 */
export function roleLabelIn(
  role: Role,
  d: Pick<CampaignDefinition, 'regionTerm' | 'office' | 'regionShort' | 'officeShort' | 'officeLevel'>,
): string {
  if (role === 'county') return `${d.regionTerm}审核`;
  if (role === 'city') return levelNames(d).top;
  return ROLE_LABELS[role];
}
