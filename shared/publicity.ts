/**
 * What the city publicity's rounds answer (POST /api/campaigns/{id}/city-publicity, with or
 * without `dryRun`, and POST …/confirm): the API builds them, the city office's page shows them.
 */
import type { Category } from './campaign.ts';
import type { NominationStatus } from './nomination.ts';

/** A nominee as a round's preview names it. */
export interface RoundNominee {
  id: string;
  name: string;
  category: Category;
  /** The category's name (先进工作者). */
  categoryLabel: string;
  regionName: string;
  unitName: string;
  status: NominationStatus;
  /** 评审得分, when the campaign ranks by score (the nominees then come highest first). */
  score?: number;
}

/** What starting the next round would do, and what the city office should know first. */
export interface RoundPreview {
  round: number;
  startsOn: string;
  endsOn: string;
  /** Passed the vote, not yet published: they go into this round, in the vote's order (inVoteOrder). */
  nominees: RoundNominee[];
  /** Regions that have sent nobody to the city office yet, or still hold recommended nominees unsent. */
  regionsNotReported: { regionId: string; regionName: string; reported: boolean; unsent: number }[];
  /** Nominees at the city office still awaiting the vote (or back at their county). */
  awaitingVote: RoundNominee[];
}

/** The outcome of a step taken on many nominations: each on its own, so one refusal stops none. */
export interface BatchResult {
  done: string[];
  refused: { id: string; name: string; code: string; message: string }[];
}

/** A round started: its preview and what happened to each nominee. */
export type RoundResult = RoundPreview & BatchResult;

/** Confirmation: those confirmed, those refused (open cases), those whose round has not ended. */
export type ConfirmResult = BatchResult & { waiting: { id: string; name: string; endsOn: string }[] };
