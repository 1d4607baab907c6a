/**
 * The levels of a campaign as users read them: the short names each notice's definition gives
 * (县区 and 市评选办 in Puyang, 学校 and 县教体局 in Qingfeng), their defaults, the Puyang sentences
 * said in another campaign's words, and the state machine's refusals in them.
 */
import { describe, expect, it } from 'vitest';
import { cityPublicityStart } from '#shared/dates';
import { inLevels, levelNames, levelsOfView, PUYANG_LEVELS, wholeOf } from '#shared/levels';
import { STATUS_LABELS, statusLabelIn } from '#shared/nomination';
import { roleLabelIn } from '#shared/role-labels';
import { decide, type WorkflowFacts } from '#shared/workflow';
import { definitionFile } from '../support/forms.ts';

const puyang = levelNames(definitionFile('puyang-2024.yaml'));
const qingfeng = levelNames(definitionFile('qingfeng-2026-teachers.yaml'));

describe('levelNames', () => {
  it('reads the short names each notice gives', () => {
    expect(puyang).toEqual({ middle: '县区', top: '市评选办', topLevel: '市级' });
    expect(puyang).toEqual(PUYANG_LEVELS);
    expect(qingfeng).toEqual({ middle: '学校', top: '县教体局', topLevel: '县级' });
  });

  it('defaults what a definition leaves out: the region term without its brackets, the office, 上级', () => {
    expect(levelNames({ regionTerm: '学校（学区）', office: '清丰县教育体育局教师工作股' })).toEqual({
      middle: '学校',
      top: '清丰县教育体育局教师工作股',
      topLevel: '上级',
    });
    expect(levelNames({ regionTerm: '乡镇(街道)', office: '评选办' }).middle).toBe('乡镇');
  });

  it('a view without names reads as Puyang', () => {
    expect(levelsOfView({})).toEqual(PUYANG_LEVELS);
    expect(levelsOfView({ process: { levels: qingfeng } })).toEqual(qingfeng);
  });
});

describe('inLevels', () => {
  it('leaves the Puyang words as they are', () => {
    const text = '本县区已推荐的对象将全部报送市评选办审核；开始市级公示';
    expect(inLevels(text, puyang)).toBe(text);
  });

  it('says a Puyang sentence in Qingfeng’s words', () => {
    expect(inLevels('本县区已推荐的对象将全部报送市评选办审核；开始市级公示', qingfeng)).toBe(
      '本学校已推荐的对象将全部报送县教体局审核；开始县级公示',
    );
    // the region term itself is no short name: 县（区） stays
    expect(inLevels('县（区）审核意见', qingfeng)).toBe('县（区）审核意见');
  });

  it('names every state in the campaign’s words', () => {
    expect(statusLabelIn('city_review', puyang)).toBe(STATUS_LABELS.city_review);
    expect(statusLabelIn('city_review', qingfeng)).toBe('县级审核中');
    expect(statusLabelIn('submitted', qingfeng)).toBe('已报送学校');
    expect(statusLabelIn('returned_to_county', qingfeng)).toBe('已退回学校');
  });
});

describe('the refusals in the campaign’s words', () => {
  const facts: WorkflowFacts = { category: 'teacher', deadline: '2026-11-20', deadlinePassed: true };

  it('names the school and the county office, never 县区 or 市评选办', () => {
    const late = decide({
      status: 'unit_publicized',
      action: 'submitToCounty',
      role: 'unit',
      facts: { ...facts, levels: qingfeng },
    });
    expect(late.ok || late.reason).toBe(
      '截止日期 2026年11月20日 已过，不能再报送学校；如需延期，请联系县教体局',
    );
    const report = decide({
      status: 'recommended',
      action: 'submitToCity',
      role: 'county',
      facts: { category: 'teacher', countyReportDone: false, levels: qingfeng },
    });
    expect(report.ok || report.reason).toBe('请先填写本学校的审核推荐工作报告，再报送县教体局');
    const state = decide({ status: 'city_review', action: 'submitToCounty', role: 'unit', facts });
    const stateIn = decide({
      status: 'city_review',
      action: 'submitToCounty',
      role: 'unit',
      facts: { ...facts, levels: qingfeng },
    });
    expect(state.ok || state.reason).toMatch(/「市级审核中」.*报送县区/);
    expect(stateIn.ok || stateIn.reason).toMatch(/「县级审核中」.*报送学校/);
    expect(stateIn.ok || stateIn.reason).not.toMatch(/县区|市评选办|市级/);
  });

  it('says the Puyang refusals unchanged when the facts carry Puyang’s names', () => {
    const without = decide({ status: 'unit_publicized', action: 'submitToCounty', role: 'unit', facts });
    const withNames = decide({
      status: 'unit_publicized',
      action: 'submitToCounty',
      role: 'unit',
      facts: { ...facts, levels: puyang },
    });
    expect(withNames).toEqual(without);
    expect(without.ok || without.reason).toContain('请联系市评选办');
  });
});

describe('the final publicity’s dates in the campaign’s words', () => {
  it('asks for the meeting before the 县级公示', () => {
    const input = { startsOn: '2026-12-01', today: '2026-12-01' };
    expect(cityPublicityStart(input)?.message).toBe('请先登记评审会，会后才能开始市级公示');
    expect(cityPublicityStart({ ...input, levels: qingfeng })?.message).toBe(
      '请先登记评审会，会后才能开始县级公示',
    );
    expect(cityPublicityStart({ ...input, meetingDate: '2026-11-30', levels: qingfeng })).toBeNull();
  });

  it('names the whole campaign as its exports do: 全市, 全县, else 全部', () => {
    expect(wholeOf(PUYANG_LEVELS)).toBe('全市');
    expect(wholeOf({ middle: '学校', top: '县教体局', topLevel: '县级' })).toBe('全县');
    expect(wholeOf({ middle: '学校', top: '评选办', topLevel: '上级' })).toBe('全部');
  });

  it('names the roles as the campaign does: its region term’s reviewer, its office', () => {
    const puyang = definitionFile('puyang-2024.yaml');
    const qingfeng = definitionFile('qingfeng-2026-teachers.yaml');
    expect(roleLabelIn('county', puyang)).toBe('县（区）审核');
    expect(roleLabelIn('city', puyang)).toBe('市评选办');
    expect(roleLabelIn('county', qingfeng)).toBe('学校（学区）审核');
    expect(roleLabelIn('city', qingfeng)).toBe('县教体局');
    expect(roleLabelIn('unit', qingfeng)).toBe('推荐单位');
  });
});
