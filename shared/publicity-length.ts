/**
 * How long a publicity (公示) runs: a number of working days or of calendar days (自然日), as the
 * campaign's definition says (Puyang: 5 working days for both; the Qingfeng example: 3 working
 * days at the school, 7 calendar days at the end). The start day itself is never counted, so both
 * kinds end the same way: "5 working days after 8 February" and "7 days after 1 November".
 * Light on purpose (the phone loads it): the dates are counted in working-days.ts.
 */
import type { StepsDefinition } from './definition/schema.ts';

/** A publicity's length. */
export interface PublicityLength {
  days: number;
  dayKind: 'working' | 'calendar';
}

/** The length of a campaign without a definition (the Puyang notice): 5 working days. */
export const FIVE_WORKING_DAYS: PublicityLength = { days: 5, dayKind: 'working' };

/** What a campaign says about its publicities: the steps of its definition, when it has one. */
export interface PublicityRules {
  definition?: { steps: Pick<StepsDefinition, 'unitPublicity' | 'finalPublicity'> };
}

/** The unit publicity's length (单位公示). */
export function unitPublicityLength(c: PublicityRules): PublicityLength {
  const p = c.definition?.steps.unitPublicity;
  return p?.days && p.dayKind ? { days: p.days, dayKind: p.dayKind } : FIVE_WORKING_DAYS;
}

/** The length of each round of the final publicity (评选结果公示). */
export function finalPublicityLength(c: PublicityRules): PublicityLength {
  const p = c.definition?.steps.finalPublicity;
  return p ? { days: p.days, dayKind: p.dayKind } : FIVE_WORKING_DAYS;
}

/** "5 个工作日", "7 天": how messages and pages name a length. */
export function lengthLabel(l: PublicityLength): string {
  return l.dayKind === 'working' ? `${l.days} 个工作日` : `${l.days} 天`;
}
