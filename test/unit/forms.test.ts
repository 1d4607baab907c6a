import { describe, expect, it } from 'vitest';
import { assessmentProblems, draftFormSchema, fieldSchema, nominationProblems } from '#shared/forms';
import { countChars } from '#shared/text';
import { exampleCampaign } from '../../infra/local/seed.ts';
import { collectiveForm, idNumber, workerForm } from '../support/forms.ts';

const campaign = exampleCampaign(new Date('2026-11-26T00:00:00Z'));
const years = campaign.assessmentYears;

function issues(category: 'worker' | 'collective', form: unknown) {
  const r = draftFormSchema(category, campaign).safeParse(form);
  return r.success ? [] : r.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
}

describe('the approval forms', () => {
  it('accept complete forms of both categories with nothing left to do', () => {
    expect(issues('worker', workerForm(years))).toEqual([]);
    expect(issues('collective', collectiveForm())).toEqual([]);
    expect(nominationProblems('worker', workerForm(years), campaign)).toEqual([]);
    expect(nominationProblems('collective', collectiveForm(), campaign)).toEqual([]);
  });

  it('accept an empty draft but list every required field as missing', () => {
    expect(issues('worker', {})).toEqual([]);
    const missing = nominationProblems('worker', {}, campaign).map((p) => p.field);
    expect(missing).toContain('name');
    expect(missing).toContain('idNumber');
    expect(missing).not.toContain('professionalTitle');
  });

  it('cross-check the ID number with birth month and sex', () => {
    const id = idNumber('19850615', '男');
    expect(issues('worker', { idNumber: id, birthMonth: '1985-07' })[0]).toMatchObject({
      field: 'birthMonth',
    });
    expect(issues('worker', { idNumber: id, sex: '女' })[0]).toMatchObject({ field: 'sex' });
    expect(issues('worker', { idNumber: id, sex: '男', birthMonth: '1985-06' })).toEqual([]);
  });

  it('normalise a lower-case x and surrounding spaces', () => {
    const r = draftFormSchema('worker', campaign).parse({ idNumber: ' 11010519491231002x ', name: ' 张三 ' });
    expect(r).toMatchObject({ idNumber: '11010519491231002X', name: '张三' });
  });

  it('count 字 without white space, against the campaign limits', () => {
    expect(countChars('一 二\n三')).toBe(3);
    const summary = fieldSchema('worker', 'summary', campaign);
    expect(summary?.safeParse('字'.repeat(200)).success).toBe(true);
    expect(summary?.safeParse(`${'字'.repeat(200)}    `).success).toBe(true);
    expect(summary?.safeParse('字'.repeat(201)).success).toBe(false);
  });

  it('refuse unknown fields and wrong kinds of value with Chinese messages', () => {
    expect(issues('worker', { nickname: 'x' })[0]?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(issues('collective', { staffCount: 'many' })[0]).toMatchObject({ field: 'staffCount' });
    expect(issues('collective', { staffCount: 0 })[0]?.message).toMatch(/至少为 1/);
  });

  it('hold a worker to 称职(合格) or better in each of the five years', () => {
    const field = campaign.definition.categories[1]?.form.find((f) => f.kind === 'assessments');
    if (field?.kind !== 'assessments') throw new Error('the worker form has no assessments');
    const ok = years.map((year) => ({ year, result: '称职(合格)' }));
    expect(assessmentProblems(field, ok, years)).toEqual([]);
    const weak = ok.map((a, i) => (i === 4 ? { ...a, result: '基本称职' } : a));
    expect(assessmentProblems(field, weak, years)[0]?.message).toBe(
      `近五年考核须均为称职（合格）及以上，${years[4]} 年度未达到`,
    );
    expect(assessmentProblems(field, ok.slice(1), years)[0]?.message).toMatch(/请填写/);
    expect(assessmentProblems(field, [...ok, { year: 1999, result: '优秀' }], years)[0]?.message).toMatch(
      /1999/,
    );
  });

  it('block a nominee who declares a violation', () => {
    const problems = nominationProblems('worker', workerForm(years, { noViolation: false }), campaign);
    expect(problems).toEqual([{ field: 'noViolation', message: '有违法违纪问题者不能被推荐' }]);
  });
});
