/**
 * The generic form builder (shared/definition/form.ts) on both definition files: each field's
 * kind checks its value, and each machine-checkable rule refuses with a Chinese message that
 * names the field.
 */
import { describe, expect, it } from 'vitest';
import { assessmentYearsOf, draftSchema, formProblems } from '#shared/definition/form';
import type { CategoryDefinition } from '#shared/definition/schema';
import { definitionFile, idNumber, teacherForm, workerForm } from '../support/forms.ts';

const puyang = definitionFile('puyang-2024.yaml');
const qingfeng = definitionFile('qingfeng-2026-teachers.yaml');
const category = (d: typeof puyang, id: string) =>
  d.categories.find((c) => c.id === id) as CategoryDefinition;
const teacher = category(qingfeng, 'teacher');
const classTeacher = category(qingfeng, 'class-teacher');
const YEAR = 2026;

function issues(cat: CategoryDefinition, form: unknown) {
  const r = draftSchema(cat, YEAR).safeParse(form);
  return r.success ? [] : r.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
}

describe('the Qingfeng teachers’ forms', () => {
  it('accept a complete, eligible form with nothing left to do', () => {
    expect(issues(teacher, teacherForm())).toEqual([]);
    expect(formProblems(teacher, teacherForm(), YEAR)).toEqual([]);
    const ct = teacherForm({ classTeacherYears: 4 });
    expect(issues(classTeacher, ct)).toEqual([]);
    expect(formProblems(classTeacher, ct, YEAR)).toEqual([]);
  });

  it('ask a class teacher, and only a class teacher, for 任班主任年限', () => {
    expect(issues(teacher, teacherForm({ classTeacherYears: 4 }))[0]?.message).toContain('classTeacherYears');
    expect(formProblems(classTeacher, teacherForm(), YEAR)).toEqual([
      { field: 'classTeacherYears', message: '请填写任班主任年限' },
    ]);
  });

  it('have no ID number field', () => {
    expect(teacher.form.some((f) => f.kind === 'idNumber')).toBe(false);
    expect(issues(teacher, { idNumber: idNumber('19850615', '女') })[0]?.message).toContain('idNumber');
  });

  it('check 教龄 as a whole number of years within its range, naming the field', () => {
    expect(issues(teacher, { teachingYears: 2.5 })).toEqual([
      { field: 'teachingYears', message: '教龄应为整数' },
    ]);
    expect(issues(teacher, { teachingYears: 51 })).toEqual([
      { field: 'teachingYears', message: '教龄不能超过 50' },
    ]);
    expect(issues(teacher, { teachingYears: '十年' })[0]?.message).toBe('教龄应为整数');
  });

  it('refuse a teacher below the eligibility rules, naming the field', () => {
    expect(formProblems(teacher, teacherForm({ teachingYears: 2 }), YEAR)).toEqual([
      { field: 'teachingYears', message: '教龄不符合推荐条件：在教学一线连续任教满3年' },
    ]);
    expect(formProblems(classTeacher, teacherForm({ classTeacherYears: 1 }), YEAR)).toEqual([
      { field: 'classTeacherYears', message: '任班主任年限不符合推荐条件：担任班主任满2年' },
    ]);
  });

  it('limit 任教学科 and the texts to their 字', () => {
    expect(issues(teacher, { subject: '字'.repeat(21) })).toEqual([
      { field: 'subject', message: '任教学科不能超过 20 字' },
    ]);
    expect(issues(teacher, { summary: '字'.repeat(151) })[0]?.message).toBe('事迹简介不能超过 150 字');
    expect(issues(teacher, { professionalTitle: '特级' })[0]?.message).toBe('请从列表中选择职称');
  });

  it('hold three years of assessments to 合格 or better with at least one 优秀', () => {
    const f = teacher.form.find((x) => x.kind === 'assessments');
    if (f?.kind !== 'assessments') throw new Error('no assessments field');
    expect(assessmentYearsOf(f, YEAR)).toEqual([2024, 2025, 2026]);
    const allPass = [2024, 2025, 2026].map((year) => ({ year, result: '合格' }));
    expect(formProblems(teacher, teacherForm({ assessments: allPass }), YEAR)).toEqual([
      { field: 'assessments', message: '近三年考核须至少一年为优秀' },
    ]);
    const failing = [...allPass.slice(0, 2), { year: 2026, result: '基本合格' }];
    expect(formProblems(teacher, teacherForm({ assessments: failing }), YEAR)).toEqual([
      { field: 'assessments', message: '近三年考核须均为合格及以上，2026 年度未达到' },
      { field: 'assessments', message: '近三年考核须至少一年为优秀' },
    ]);
    expect(formProblems(teacher, teacherForm({ assessments: allPass.slice(1) }), YEAR)).toEqual([
      { field: 'assessments', message: '请填写 2024 年度考核结果' },
    ]);
    expect(issues(teacher, { assessments: [{ year: 2024, result: '称职(合格)' }] })[0]?.message).toBe(
      '请从列表中选择考核结果',
    );
  });
});

describe('the Puyang forms from the file', () => {
  const worker = category(puyang, 'worker');
  const collective = category(puyang, 'collective');
  const years = [2022, 2023, 2024, 2025, 2026];

  it('check the ID number against birth month and sex, with the messages the phone shows', () => {
    const id = idNumber('19850615', '男');
    expect(issues(worker, { idNumber: id, birthMonth: '1985-07', sex: '女' })).toEqual([
      { field: 'birthMonth', message: '出生年月与身份证号不一致（身份证号为 1985-06）' },
      { field: 'sex', message: '性别与身份证号不一致（身份证号为男）' },
    ]);
    expect(issues(worker, { idNumber: '123' })[0]?.message).toBe('身份证号应为 18 位，最后一位可为 X');
  });

  it('refuse a declared violation with each category’s own words', () => {
    expect(formProblems(worker, workerForm(years, { noViolation: false }), YEAR)).toEqual([
      { field: 'noViolation', message: '有违法违纪问题者不能被推荐' },
    ]);
    expect(formProblems(collective, { noViolation: false }, YEAR)).toContainEqual({
      field: 'noViolation',
      message: '近 5 年有违法违纪问题的单位不能被推荐',
    });
  });

  it('leave the optional fields optional and require the rest, in the form’s order', () => {
    const required = worker.form.filter((f) => f.required !== false).map((f) => f.key);
    expect(formProblems(worker, {}, YEAR).map((p) => p.field)).toEqual(required);
    expect(required).not.toContain('professionalTitle');
    expect(issues(worker, { professionalTitle: '', awards: '' })).toEqual([]);
    expect(issues(worker, { name: ' ' })).toEqual([{ field: 'name', message: '请填写姓名' }]);
  });
});
