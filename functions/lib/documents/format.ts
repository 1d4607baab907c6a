/** How form values are written in the documents: dates without zero padding, declarations as 有/无. */
import { type Campaign, type CategoryBrief, categoryBriefs, nomineeNameIn } from '#shared/campaign';
import type { FormField } from '#shared/definition/schema';
import { officialDate } from '#shared/text';
import type { DocNominee } from './types.ts';

/** '1985-06' → '1985年6月' (the official style, no zero padding); anything else as it is. */
export function officialMonth(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m ? `${m[1]}年${Number(m[2])}月` : value;
}

/** Left for the pen where a date is not recorded yet. */
export const BLANK_DATE = '　　　　年　　月　　日';

/** '2024-01-18' → '2024年1月18日'; '' when there is no date. */
export function dateText(value: string | undefined): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? officialDate(value) : '';
}

/** A form field as text ('' when absent). */
export function field(form: Record<string, unknown>, key: string): string {
  const v = form[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** 有无违法违纪: the declaration `noViolation: true` reads 无. */
export function violationText(form: Record<string, unknown>): string {
  if (form.noViolation === true) return '无';
  if (form.noViolation === false) return '有';
  return '';
}

/** The result recorded for each of the campaign's assessment years ('' where none). */
export function assessmentsByYear(
  form: Record<string, unknown>,
  years: readonly number[],
): { year: number; result: string }[] {
  const list = Array.isArray(form.assessments)
    ? (form.assessments as { year: number; result: string }[])
    : [];
  const byYear = new Map(list.map((a) => [a.year, a.result]));
  return years.map((year) => ({ year, result: byYear.get(year) ?? '' }));
}

/**
 * A form value as a document prints it, by its field's kind: months and days the official way
 * (1985年6月), a number as a number (an Excel cell stays numeric), a yes/no as its statement or 否,
 * assessments as 2024年 优秀；2025年 合格.
 */
export function fieldValue(f: FormField, form: Record<string, unknown>): string | number {
  const v = form[f.key];
  switch (f.kind) {
    case 'yearMonth':
      return officialMonth(v);
    case 'date':
      return typeof v === 'string' ? dateText(v) || v : '';
    case 'number':
      return typeof v === 'number' ? v : field(form, f.key);
    case 'yesNo':
      return v === true ? (f.statement ?? '是') : v === false ? '否' : '';
    case 'assessments':
      return Array.isArray(v)
        ? (v as { year: number; result: string }[]).map((a) => `${a.year}年 ${a.result}`).join('；')
        : '';
    default:
      return field(form, f.key);
  }
}

/** Whether a nominee is a person, by its category; without the categories, by its form having a 姓名 (name). */
export function isPerson(
  n: Pick<DocNominee, 'category' | 'form'>,
  categories?: readonly Pick<CategoryBrief, 'id' | 'kind'>[],
): boolean {
  const kind = categories?.find((c) => c.id === n.category)?.kind;
  return kind ? kind === 'person' : typeof n.form.name === 'string';
}

/**
 * The nominee's display name: its category's name field (a person's 姓名, a collective's 单位名称,
 * the unit when blank). Without a campaign: 姓名 when the form has one, else the unit's name.
 */
export function nomineeName(
  n: Pick<DocNominee, 'category' | 'form' | 'unitName'>,
  campaign?: Pick<Campaign, 'definition'>,
): string {
  if (campaign) return nomineeNameIn(categoryBriefs(campaign), n);
  return isPerson(n) ? field(n.form, 'name') : field(n.form, 'unitName') || n.unitName;
}

/**
 * The subject the documents are titled after: the campaign title without its trailing
 * "先进集体和先进工作者评选", so that "<subject>先进工作者推荐审批表" reads naturally.
 * 濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体和先进工作者评选 → 濮阳市惠民惠农财政补贴资金“一卡通”管理工作
 */
export function documentSubject(campaignTitle: string): string {
  return campaignTitle
    .trim()
    .replace(/(先进集体和先进工作者|先进工作者和先进集体|先进集体|先进工作者)?评选(活动|工作)?$/, '');
}

/** e.g. <subject>先进工作者推荐审批表, for a category named `label`. */
export function documentTitle(campaignTitle: string, label: string, form: string): string {
  return `${documentSubject(campaignTitle)}${label}${form}`;
}

/** Text split into paragraphs at line breaks, blank lines dropped. */
export function paragraphsOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}
