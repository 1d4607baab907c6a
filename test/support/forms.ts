/** Complete, valid forms for tests, built with the same rules the system checks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinition } from '#shared/definition/load';
import type { CampaignDefinition } from '#shared/definition/schema';
import type { FormRules } from '#shared/forms';
import { idCheckChar } from '#shared/id-number';

/** A definition file of campaigns/, parsed (a broken file fails the test that reads it). */
export function definitionFile(name: string): CampaignDefinition {
  const file = join(import.meta.dirname, '../../campaigns', name);
  const result = parseDefinition(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(`${name} does not parse`);
  return result.definition;
}

/** The Puyang forms' rules for a work year (its five assessment years end with it). */
export const puyangRules = (workYear = 2023): FormRules => ({
  definition: definitionFile('puyang-2024.yaml'),
  workYear,
});

/** A valid ID number for a birth date (YYYYMMDD) and sex. */
export function idNumber(birth: string, sex: '男' | '女', area = '410902'): string {
  const first17 = `${area}${birth}12${sex === '男' ? '3' : '4'}`;
  return first17 + idCheckChar(first17);
}

export function workerForm(
  years: readonly number[],
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: '李建国',
    sex: '男',
    ethnicity: '汉族',
    birthMonth: '1985-06',
    idNumber: idNumber('19850615', '男'),
    politicalStatus: '中共党员',
    workStartMonth: '2007-07',
    education: '大学本科',
    professionalTitle: '会计师',
    unitAndPost: '华龙区财政局 惠民惠农科科长',
    personalIdentity: '公务员',
    phone: '13903930001',
    assessments: years.map((year, i) => ({ year, result: i === 2 ? '优秀' : '称职(合格)' })),
    awards: '2021年被评为华龙区优秀公务员',
    noViolation: true,
    deeds: '负责全区惠民惠农财政补贴资金“一卡通”发放管理工作，推动资金直达到户。',
    summary: '推动“一卡通”资金直达到户，群众满意度显著提升。',
    ...over,
  };
}

export function collectiveForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    unitName: '濮阳市华龙区财政局',
    unitNature: '机关',
    unitLevel: '正科级',
    leader: '王卫东',
    staffCount: 86,
    address: '濮阳市华龙区中原路 100 号',
    contactPerson: '赵敏',
    phone: '0393-4412345',
    noViolation: true,
    deeds: '建立“一卡通”资金监管平台，实现补贴发放全流程监管。',
    summary: '建成资金监管平台，补贴发放零差错。',
    ...over,
  };
}

/**
 * A Qingfeng teacher's form (campaigns/qingfeng-2026-teachers.yaml, 优秀教师): three years of
 * assessments (by default 2024–2026, the notice's work year last), the middle one 优秀; no ID number. `classTeacherYears` in
 * `over` makes it an 优秀班主任's.
 */
export function teacherForm(
  over: Record<string, unknown> = {},
  years: readonly number[] = [2024, 2025, 2026],
): Record<string, unknown> {
  return {
    name: '张老师',
    sex: '女',
    birthMonth: '1988-09',
    ethnicity: '汉族',
    politicalStatus: '中共党员',
    education: '大学本科',
    professionalTitle: '一级教师',
    subject: '数学',
    teachingYears: 12,
    assessments: years.map((year, i) => ({ year, result: i === 1 ? '优秀' : '合格' })),
    deeds: '扎根乡村教学一线十二年，所带班级数学成绩连续三年全镇第一。',
    summary: '乡村数学教师，教学成绩突出。',
    ...over,
  };
}
