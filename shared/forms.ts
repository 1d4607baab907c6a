/**
 * The approval forms of a campaign's categories, as its definition gives them (see
 * ./definition/form.ts for how a form is built from its fields). The web form checks each field
 * with these as the user types; the API enforces the same.
 */
import type { Campaign } from './campaign.ts';
import {
  assessmentYearsOf,
  draftSchema,
  formProblems,
  type Problem,
  valueSchema,
} from './definition/form.ts';
import type { CategoryDefinition } from './definition/schema.ts';

export { assessmentProblems, assessmentYearsOf, type IdFacts, idFactsProblems } from './definition/form.ts';

/**
 * The Chinese labels of the Puyang forms' fields, for the records of campaigns before definitions
 * (the audit timeline); a campaign's own labels are in its definition.
 */
export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  sex: '性别',
  ethnicity: '民族',
  birthMonth: '出生年月',
  idNumber: '身份证号',
  politicalStatus: '政治面貌',
  workStartMonth: '参加工作时间',
  education: '学历',
  professionalTitle: '职称',
  unitAndPost: '工作单位及职务',
  personalIdentity: '个人身份',
  phone: '联系电话',
  assessments: '近五年年度考核结果',
  awards: '何时何地受过何种奖励',
  noViolation: '有无违法违纪',
  deeds: '主要事迹',
  summary: '事迹简介',
  unitName: '单位名称',
  unitNature: '单位性质',
  unitLevel: '单位级别',
  leader: '主要负责人',
  staffCount: '职工总数',
  address: '单位地址',
  contactPerson: '联系人',
};

/** What the forms need of a campaign: its categories' definitions and its work year. */
export type FormRules = Pick<Campaign, 'definition' | 'workYear'>;

/** A category of the campaign by id, or undefined. */
export function categoryOf(r: Pick<Campaign, 'definition'>, id: string): CategoryDefinition | undefined {
  return r.definition.categories.find((c) => c.id === id);
}

function need(r: FormRules, id: string): CategoryDefinition {
  const cat = categoryOf(r, id);
  if (!cat) throw new Error(`unknown category ${id}`);
  return cat;
}

/** A single field's schema, for checking one input as the user types. */
export function fieldSchema(category: string, field: string, r: FormRules) {
  const f = need(r, category).form.find((x) => x.key === field);
  return f && valueSchema(f, r.workYear);
}

/** The schema of a (possibly incomplete) form of the category: unknown fields are refused. */
export function draftFormSchema(category: string, r: FormRules) {
  return draftSchema(need(r, category), r.workYear);
}

/** The assessment years of a category's form (none when it has no assessments field). */
export function formAssessmentYears(category: string, r: FormRules): number[] {
  const f = need(r, category).form.find((x) => x.kind === 'assessments');
  return f?.kind === 'assessments' ? assessmentYearsOf(f, r.workYear) : [];
}

/** A stored form: whatever fields the category's definition has. */
export type NominationForm = Record<string, unknown>;

/**
 * What still blocks submitting this form: required fields not filled, and eligibility not met.
 * Empty when the form is complete and eligible. Assumes the form already passed `draftFormSchema`.
 */
export function nominationProblems(category: string, form: Record<string, unknown>, r: FormRules): Problem[] {
  return formProblems(need(r, category), form, r.workYear);
}
