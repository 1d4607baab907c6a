import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { idCheckChar } from '#shared/id-number';
import { NominationForm } from '../../../web/components/NominationForm/NominationForm.tsx';

const rules = {
  limits: { deedsMax: 2000, summaryMax: 200 },
  assessmentYears: [2019, 2020, 2021, 2022, 2023],
};
/** A valid ID number of a man born in June 1985. */
const first17 = '41090219850615123';
const ID = first17 + idCheckChar(first17);

afterEach(cleanup);

function type(label: string, value: string) {
  const el = screen.getByLabelText(label) as HTMLInputElement;
  fireEvent.input(el, { target: { value } });
  return el;
}
function leave(el: HTMLElement) {
  fireEvent.change(el);
  fireEvent.focusOut(el);
}
function messageFor(el: HTMLElement) {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('worker form', () => {
  it('labels every field of the approval form in Chinese', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    for (const label of [
      '姓名',
      '性别',
      '民族',
      '出生年月',
      '身份证号',
      '政治面貌',
      '参加工作时间',
      '学历',
      '职称',
      '工作单位及职务',
      '个人身份',
      '联系电话',
      '何时何地受过何种奖励',
      '主要事迹',
      '事迹简介',
      '2019年度考核结果',
      '2023年度考核结果',
      '近五年无违法违纪问题',
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
  });

  it('says in Chinese, next to 身份证号, that a wrong check digit is wrong', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    const id = type('身份证号', `${first17}0`);
    expect(id.getAttribute('aria-invalid')).toBe('true');
    expect(messageFor(id)).toContain('身份证号校验位不正确');
  });
});
