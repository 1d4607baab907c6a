/** Who uses Pingxuan, and what each role may touch. */

export const ROLES = ['unit', 'county', 'city', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  unit: '推荐单位',
  county: '县（区）审核',
  city: '市评选办',
  auditor: '审计监督',
};

/** The identity a signed token carries. */
export interface Principal {
  accountId: string;
  role: Role;
  campaignId: string;
  /** The county/district for unit and county accounts. */
  regionId?: string;
  /** The unit for unit accounts. */
  unitId?: string;
  /** Display name: the unit's name, or the office's. */
  name: string;
}

/** What a principal may see of a record that belongs to a unit in a region. */
export function canSee(
  p: Principal,
  record: { campaignId: string; regionId: string; unitId: string },
): boolean {
  if (p.campaignId !== record.campaignId) return false;
  switch (p.role) {
    case 'unit':
      return p.unitId === record.unitId;
    case 'county':
      return p.regionId === record.regionId;
    case 'city':
    case 'auditor':
      return true;
  }
}
