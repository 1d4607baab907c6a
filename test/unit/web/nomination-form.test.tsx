import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idCheckChar } from '#shared/id-number';
import { NominationForm } from '../../../web/components/NominationForm/NominationForm.tsx';
import { puyangRules } from '../../support/forms.ts';

const rules = puyangRules(2023);
const years = [2019, 2020, 2021, 2022, 2023];
/** A valid ID number of a man born on 15 June 1985. */
const first17 = '41090219850615123';
const ID = first17 + idCheckChar(first17);

afterEach(cleanup);

function type(label: string, value: string) {
  const el = screen.getByLabelText(label) as HTMLInputElement;
  fireEvent.input(el, { target: { value } });
  return el;
}
function choose(label: string, value: string) {
  const el = screen.getByLabelText(label) as HTMLSelectElement;
  fireEvent.change(el, { target: { value } });
  return el;
}
function leave(el: HTMLElement) {
  fireEvent.change(el);
  fireEvent.focusOut(el);
}
/** What a screen reader announces with the field: its hint, counter and error. */
function describedText(el: HTMLElement) {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}
function checklist() {
  return screen.getByRole('region', { name: /提交前还需完成|必填项已齐全/ }).textContent ?? '';
}

describe('the worker form', () => {
  it('labels every field of the approval form in Chinese', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    const labels = [
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
      '近五年无违法违纪问题',
      ...years.map((y) => `${y}年度考核结果`),
    ];
    for (const label of labels) expect(screen.getByLabelText(label)).toBeTruthy();
  });

  it('says next to 身份证号 that a wrong check digit is wrong, as soon as 18 characters are in', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    const id = type('身份证号', `${first17}${idCheckChar(first17) === '0' ? '1' : '0'}`);
    expect(id.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(id)).toContain('身份证号校验位不正确，请核对');
  });

  it('waits for the user to leave 身份证号 before complaining about its length', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    const id = type('身份证号', '4109021985');
    expect(id.getAttribute('aria-invalid')).toBeNull();
    leave(id);
    expect(describedText(id)).toContain('身份证号应为 18 位，最后一位可为 X');
  });

  it('flags a birth month that disagrees with the ID number', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    leave(type('出生年月', '1986-01'));
    type('身份证号', ID);
    const birth = screen.getByLabelText('出生年月');
    expect(birth.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(birth)).toContain('出生年月与身份证号不一致（身份证号为 1985-06）');
  });

  it('flags a sex that disagrees with the ID number', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    choose('性别', '女');
    type('身份证号', ID);
    expect(describedText(screen.getByLabelText('性别'))).toContain('性别与身份证号不一致（身份证号为男）');
  });

  it('fills birth month and sex from a valid ID number when they are empty', () => {
    const onChange = vi.fn();
    render(<NominationForm category="worker" campaign={rules} onChange={onChange} />);
    type('身份证号', ID.toLowerCase());
    expect((screen.getByLabelText('出生年月') as HTMLInputElement).value).toBe('1985-06');
    expect((screen.getByLabelText('性别') as HTMLSelectElement).value).toBe('男');
    const [values, check] = onChange.mock.lastCall ?? [];
    expect(values).toMatchObject({ idNumber: ID, birthMonth: '1985-06', sex: '男' });
    expect(check.errors).toEqual({});
  });

  it('says a 基本称职 year does not meet the bar, and lists it as blocking submission', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    choose('2019年度考核结果', '优秀');
    const y2021 = choose('2021年度考核结果', '基本称职');
    const message = '近五年考核须均为称职（合格）及以上，2021 年度未达到';
    expect(describedText(y2021)).toContain(message);
    expect(checklist()).toContain(message);
    expect(checklist()).toContain('请填写 2020、2022、2023 年度考核结果');
  });

  it('counts 字 in 事迹简介 and says when the summary is over the campaign limit', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    const summary = type('事迹简介', '好'.repeat(150));
    expect(describedText(summary)).toContain('150 / 200 字');
    expect(summary.getAttribute('aria-invalid')).toBeNull();
    type('事迹简介', `${'好'.repeat(200)} 事`);
    expect(describedText(summary)).toContain('201 / 200 字');
    expect(describedText(summary)).toContain('事迹简介不能超过 200 字');
  });

  it('checks the phone format', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    const phone = type('联系电话', '2381234567');
    leave(phone);
    expect(describedText(phone)).toContain('联系电话应为 11 位手机号或带区号的固定电话');
    type('联系电话', '0393-6666715');
    expect(phone.getAttribute('aria-invalid')).toBeNull();
  });

  it('needs the no-violation declaration before submission', () => {
    render(<NominationForm category="worker" campaign={rules} />);
    expect(checklist()).toContain('请填写有无违法违纪');
    const box = screen.getByLabelText('近五年无违法违纪问题') as HTMLInputElement;
    box.checked = true;
    fireEvent.change(box);
    expect(checklist()).not.toContain('请填写有无违法违纪');
  });

  it('says the form is complete once every required field is valid', () => {
    render(
      <NominationForm
        category="worker"
        campaign={rules}
        idNumberMasked="410902********1234"
        initial={{
          name: '张三',
          sex: '男',
          ethnicity: '汉族',
          birthMonth: '1985-06',
          politicalStatus: '中共党员',
          workStartMonth: '2008-07',
          education: '大学本科',
          unitAndPost: '濮阳县财政局 股长',
          personalIdentity: '公务员',
          phone: '13800000000',
          assessments: years.map((year) => ({ year, result: '称职(合格)' })),
          noViolation: true,
          deeds: '事迹',
          summary: '简介',
        }}
      />,
    );
    expect(checklist()).toContain('各项内容已填写完整，符合推荐条件');
  });

  it('shows an ID number on file only masked, and lets the user enter a new one', () => {
    render(<NominationForm category="worker" campaign={rules} idNumberMasked="410902********1234" />);
    expect(screen.queryByLabelText('身份证号')).toBeNull();
    expect(screen.getByText(/已填写 410902\*{8}1234/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重新填写' }));
    expect(screen.getByLabelText('身份证号')).toBeTruthy();
  });

  it('shows the message the server gave for a field it refused', () => {
    render(
      <NominationForm category="worker" campaign={rules} serverErrors={{ name: '姓名含有不允许的字符' }} />,
    );
    expect(describedText(screen.getByLabelText('姓名'))).toContain('姓名含有不允许的字符');
  });
});

describe('the collective form', () => {
  it('labels the collective fields and checks the staff count', () => {
    render(<NominationForm category="collective" campaign={rules} />);
    for (const label of [
      '单位名称',
      '单位性质',
      '单位级别',
      '主要负责人',
      '职工总数',
      '单位地址',
      '联系人',
      '联系电话',
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    const staff = type('职工总数', '0');
    expect(describedText(staff)).toContain('职工总数至少为 1');
    expect(screen.queryByLabelText('身份证号')).toBeNull();
  });
});
