import { describe, expect, it } from 'vitest';
import { idCheckChar } from '#shared/id-number';
import { applyEdits, checkForm, diffForm, readForm, savableEdits } from '../../../web/form-model.ts';
import { puyangRules } from '../../support/forms.ts';

const rules = puyangRules(2023);
const first17 = '41090219850615123';
const ID = first17 + idCheckChar(first17);

describe('reading and saving the form', () => {
  it('turns the posted inputs into API values: assessments by year, the declaration as true', () => {
    const data = new FormData();
    data.append('name', ' 张三 ');
    data.append('phone', '');
    data.append('assessment-2019', '优秀');
    data.append('assessment-2020', '');
    data.append('assessment-2021', '称职(合格)');
    data.append('noViolation', 'true');
    expect(readForm(data, 'worker', rules)).toEqual({
      name: ' 张三 ',
      assessments: [
        { year: 2019, result: '优秀' },
        { year: 2021, result: '称职(合格)' },
      ],
      noViolation: true,
    });
    const collective = new FormData();
    collective.append('staffCount', '25');
    expect(readForm(collective, 'collective', rules)).toEqual({ staffCount: 25 });
  });

  it('sends only valid values, and none of ID, birth month and sex while they disagree', () => {
    const values = { name: '张三', phone: '123', idNumber: ID, birthMonth: '1990-01', sex: '男' };
    const check = checkForm('worker', values, rules);
    expect(Object.keys(check.errors).sort()).toEqual(['birthMonth', 'phone']);
    expect(check.crossFailed).toBe(true);
    expect(savableEdits(values, check)).toEqual({ name: '张三' });
  });

  it('does not resend a value the server refused until it changes', () => {
    const values = { name: '张三', unitAndPost: '财政局' };
    const check = checkForm('worker', values, rules);
    expect(savableEdits(values, check, { unitAndPost: JSON.stringify('财政局') })).toEqual({ name: '张三' });
  });

  it('diffs against the server copy: changed values, and null for a cleared field', () => {
    const base = { name: '张三', phone: '13800000000', assessments: [{ year: 2019, result: '优秀' }] };
    const now = { name: '李四', assessments: [{ result: '优秀', year: 2019 }] };
    expect(diffForm(now, base, 'worker', rules)).toEqual({ name: '李四', phone: null });
    expect(applyEdits(base, { name: '李四', phone: null })).toEqual({
      name: '李四',
      assessments: base.assessments,
    });
  });

  it('outputs what the schema outputs: the ID number upper-cased and trimmed', () => {
    const lower = `${first17}x`;
    const check = checkForm('worker', { idNumber: ` ${ID.toLowerCase()} `, name: ' 王五 ' }, rules);
    expect(check.valid).toEqual({ idNumber: ID, name: '王五' });
    expect(checkForm('worker', { idNumber: lower }, rules).errors.idNumber).toBeDefined();
  });
});
