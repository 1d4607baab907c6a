/** The Qingfeng notice as the API answers its campaign to the pages: one centre school, its quotas. */
import type { Campaign } from '#shared/campaign';
import type { Principal } from '#shared/roles';
import { definitionFile } from '../../support/forms.ts';

export const definition = definitionFile('qingfeng-2026-teachers.yaml');
export const campaign = {
  id: 'qf',
  title: definition.title,
  docNumber: '清教体〔2026〕18号',
  regions: [{ id: 'town-a', name: '阳邵镇中心校', quotas: { teacher: 3, 'class-teacher': 2 } }],
  totals: { teacher: 3, 'class-teacher': 2 },
  deadlines: { unitToCounty: '2026-11-20', countyToCity: '2026-11-30' },
  assessmentYears: [2022, 2023, 2024, 2025, 2026],
  limits: { deedsMax: 1500, summaryMax: 200 },
  definition,
} as unknown as Campaign;

/** A school of its first centre school, signed in. */
export const qingfengUnit: Principal = {
  accountId: 'A1',
  role: 'unit',
  campaignId: 'qf',
  regionId: 'town-a',
  unitId: 'U1',
  name: '阳邵镇第一小学',
};
