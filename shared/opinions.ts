/**
 * The department opinions (部门意见) a campaign's nominees need: the notice's list, each with the
 * department that gives it (Puyang: 组织人事, 纪检监察, 公安; the Qingfeng example: one 师德师风
 * review by the bureau's discipline group). Light on purpose: the office pages load it.
 */

/** One opinion the county obtains for every nominee, as the campaign's definition lists it. */
export interface OpinionRule {
  /** Stable id, used in the API path and in stored records (personnel, discipline, police…). */
  id: string;
  /** The department or matter, as the notice names it: 组织人事, 师德师风. */
  department: string;
  certifies?: string;
  issuedBy?: string;
  /** The opinion's name where "department + 部门意见" does not fit: 师德师风专项审查意见. */
  title?: string;
}

/** The opinions a campaign requires, in the notice's order. */
export function opinionsOf(c: {
  definition: { steps: { opinions: readonly OpinionRule[] } };
}): readonly OpinionRule[] {
  return c.definition.steps.opinions;
}

/** "组织人事部门意见", or the definition's own title. */
export const opinionTitle = (o: Pick<OpinionRule, 'department' | 'title'>): string =>
  o.title ?? `${o.department}部门意见`;

/** The opinions a nomination's reader sees asked for: those its view carries, else the Puyang three. */
export const opinionsOfView = (v: { process?: { opinionsRequired?: readonly OpinionRule[] } }) =>
  v.process?.opinionsRequired ?? PUYANG_OPINIONS;

/** The Puyang notice's three opinions: what records written before campaign definitions name. */
export const PUYANG_OPINIONS: readonly OpinionRule[] = [
  { id: 'personnel', department: '组织人事' },
  { id: 'discipline', department: '纪检监察' },
  { id: 'police', department: '公安' },
];
