/**
 * The three levels of a campaign as a user reads them on buttons, notes and messages: the
 * nominating unit (推荐单位), the middle review (Puyang 县区, Qingfeng 学校) and the top office
 * (Puyang 市评选办, Qingfeng 县教体局). The notice's own words come from its definition
 * (`regionShort`, `officeShort`, `officeLevel`); these defaults serve a definition that leaves them out.
 */
import type { CampaignDefinition } from './definition/schema.ts';

/** The short names of the middle and top levels. */
export interface LevelNames {
  /** Who reviews a unit's nominations: 县区, 学校. */
  middle: string;
  /** Who runs the campaign: 市评选办, 县教体局. */
  top: string;
  /** The top office's level, as in 市级公示: 市级, 县级. */
  topLevel: string;
}

/** The Puyang notice's words: what pages and messages say when no campaign is at hand. */
export const PUYANG_LEVELS: LevelNames = { middle: '县区', top: '市评选办', topLevel: '市级' };

/** The level names of a campaign's definition; absent ones default (regionTerm unbracketed, office, 上级). */
export function levelNames(
  d: Pick<CampaignDefinition, 'regionTerm' | 'office' | 'regionShort' | 'officeShort' | 'officeLevel'>,
): LevelNames {
  return {
    middle: d.regionShort ?? (d.regionTerm.replace(/（[^）]*）|\([^)]*\)/g, '') || d.regionTerm),
    top: d.officeShort ?? d.office,
    topLevel: d.officeLevel ?? '上级',
  };
}

/**
 * A Puyang sentence in the campaign's words: 市评选办, 县区 and 市级 become `names.top`,
 * `names.middle` and `names.topLevel` (报送县区 → 报送学校). The Puyang names leave it unchanged,
 * so pages and messages keep one text each, written as the Puyang notice says it.
 */
export function inLevels(text: string, names: LevelNames): string {
  return text.replace(/市评选办|县区|市级/g, (w) =>
    w === '市评选办' ? names.top : w === '县区' ? names.middle : names.topLevel,
  );
}

/** The level names a nomination's view carries (process.levels), Puyang's when it carries none. */
export const levelsOfView = (v: { process?: { levels?: LevelNames } | undefined }): LevelNames =>
  v.process?.levels ?? PUYANG_LEVELS;

/** The whole campaign as its exports are named: 全市 (市级), 全县 (县级); 全部 when the level is unnamed. */
export const wholeOf = (names: LevelNames): string =>
  names.topLevel !== '上级' && names.topLevel.endsWith('级') ? `全${names.topLevel.slice(0, -1)}` : '全部';
