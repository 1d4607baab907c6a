/** The campaign definition files (campaigns/*.yaml), read for tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Campaign } from '#shared/campaign';
import { campaignFromDefinition } from '#shared/definition/campaign';
import { parseDefinition } from '#shared/definition/load';
import type { CampaignDefinition, PhotoDefinition } from '#shared/definition/schema';

/** campaigns/<file>, parsed; throws when it does not parse. */
export function definitionFile(file: string): CampaignDefinition {
  const parsed = parseDefinition(readFileSync(join(import.meta.dirname, '../../campaigns', file), 'utf8'));
  if (!parsed.ok) throw new Error(`campaigns/${file} does not parse`);
  return parsed.definition;
}

/** The Qingfeng example's photo (1 inch, 295 × 413, white, no prints), asked of today's workers. */
export function oneInchWhitePhoto(): PhotoDefinition {
  const photo = definitionFile('qingfeng-2026-teachers.yaml').photo as PhotoDefinition;
  return { ...photo, categories: ['worker'] };
}

/** The Qingfeng notice as a campaign with id `id` (its vote ranks by score). */
export function qingfengCampaign(id: string): Campaign {
  return campaignFromDefinition(definitionFile('qingfeng-2026-teachers.yaml'), id);
}
