/**
 * The rehearsal's forms, made from the campaign's definition: for each field of a category's
 * approval form a value of its kind that passes its rules (字 limits, the ID number agreeing with
 * the birth month and sex, numbers within range, the assessments' rule) and the eligibility rules
 * a machine checks. So any notice's definition rehearses without code for its forms. The values
 * are plausible rather than real: text fields are read by their label (姓名, 单位, 学科 …) and
 * otherwise filled with a short phrase.
 */

import { assessmentYearsOf } from '#shared/definition/form';
import type { CategoryDefinition, EligibilityRule, FormField } from '#shared/definition/schema';
import { idCheckChar } from '#shared/id-number';
import { countChars } from '#shared/text';

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '建国 卫东 晓燕 志强 秀英 海涛 丽娟 俊杰 红梅 国庆 文静 永刚 春花 明辉 雪梅 宏伟 玉兰 志刚 桂英 立新 淑珍 学军 爱华 振华 燕萍 勇 敏 磊 静 军 霞 鹏 婷 超 慧'.split(
    ' ',
  );

/** A made-up person's name. */
const personName = (rand: Rand) => `${pick(rand, [...SURNAMES])}${pick(rand, GIVEN)}`;

/** Sentences a nominee's deeds are made of; cut to the field's 字 limit. */
const DEEDS = [
  '坚持立足岗位、履职尽责，工作扎实细致，业绩突出。',
  '主动担当重点任务，牵头完成多项专项工作，得到上级部门肯定。',
  '注重学习钻研，推动工作方法创新，工作效率和服务质量明显提升。',
  '坚持以人民为中心，耐心细致做好群众服务工作，群众满意度持续提高。',
  '严格遵守各项纪律规定，廉洁自律，在单位内起到示范带头作用。',
];

/** Text of at most `max` 字 (as the form counts them). */
function upTo(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (countChars(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** The range an eligibility rule leaves a number field (its own min/max narrowed by the rules). */
function numberRange(f: Extract<FormField, { kind: 'number' }>, rules: EligibilityRule[]) {
  let low = f.min ?? 0;
  let high = f.max ?? low + 30;
  for (const r of rules) {
    if (r.min !== undefined) low = Math.max(low, r.min);
    if (r.max !== undefined) high = Math.min(high, r.max);
  }
  return { low, high: Math.min(high, low + 20) };
}

/** Results for each year: each at the rule's floor or better, one at `atLeastOnce` when it asks. */
function assessments(rand: Rand, f: Extract<FormField, { kind: 'assessments' }>, workYear: number) {
  const floor = f.results.indexOf(f.rule.everyAtLeast);
  const years = assessmentYearsOf(f, workYear);
  const results = years.map(() => (rand() < 0.25 ? (f.results[0] as string) : (f.results[floor] as string)));
  const best = f.rule.atLeastOnce;
  if (best && !results.some((r) => f.results.indexOf(r) <= f.results.indexOf(best)))
    results[years.length - 1] = best;
  return years.map((year, i) => ({ year, result: results[i] as string }));
}

/** Who the form is about: a person's sex and birth, or a collective's unit. */
interface Subject {
  unit: string;
  name: string;
  sex: '男' | '女';
  birth: { year: number; month: number; day: number };
}

function idNumber(rand: Rand, s: Subject): string {
  const { year, month, day } = s.birth;
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const seq = String(Math.floor(rand() * 50)).padStart(2, '0');
  const sexDigit = pick(rand, s.sex === '男' ? ['1', '3', '5', '7', '9'] : ['0', '2', '4', '6', '8']);
  const first17 = `410902${birth}${seq}${sexDigit}`;
  return first17 + idCheckChar(first17);
}

/** A text field's value, read from its label. */
function textValue(rand: Rand, f: { key: string; label: string }, s: Subject, workYear: number): string {
  const l = f.label;
  if (/姓名|负责人|联系人/.test(l)) return f.key === 'name' ? s.name : personName(rand);
  if (/职务/.test(l)) return `${s.unit} ${pick(rand, ['科长', '股长', '副主任', '业务骨干'])}`;
  if (/单位/.test(l)) return s.unit;
  if (/学科/.test(l))
    return pick(rand, ['语文', '数学', '英语', '物理', '化学', '历史', '地理', '音乐', '体育']);
  if (/地址/.test(l))
    return `${pick(rand, ['中原路', '胜利路', '黄河路', '人民路'])} ${1 + Math.floor(rand() * 300)} 号`;
  if (/奖|荣誉|表彰/.test(l)) return `${workYear - 1}年被评为本单位先进个人`;
  if (/级别/.test(l)) return pick(rand, ['正科级', '副处级']);
  if (/性质/.test(l)) return pick(rand, ['机关', '事业单位']);
  if (/身份/.test(l)) return pick(rand, ['公务员', '事业单位工作人员']);
  return `${l}（演练）`;
}

/** A value for one field that its kind's rules and the category's eligibility rules accept. */
function valueFor(rand: Rand, cat: CategoryDefinition, f: FormField, s: Subject, workYear: number): unknown {
  const rules = cat.eligibility.filter((r) => r.field === f.key);
  const required = rules.find((r) => r.equals !== undefined)?.equals;
  switch (f.kind) {
    case 'text':
      return upTo(
        f.key === cat.nameField ? (cat.kind === 'person' ? s.name : s.unit) : textValue(rand, f, s, workYear),
        f.maxChars,
      );
    case 'longText': {
      const short = f.maxChars <= 200;
      const n = short ? 1 : 3;
      const text = Array.from({ length: n }, () => pick(rand, DEEDS)).join('');
      return upTo(short ? `${s.name}${text}` : `${s.name}同志${text}`, f.maxChars);
    }
    case 'date':
      return `${workYear}-${String(1 + Math.floor(rand() * 11)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    case 'yearMonth': {
      if (/出生/.test(f.label) || f.key === 'birthMonth')
        return `${s.birth.year}-${String(s.birth.month).padStart(2, '0')}`;
      return `${Math.min(s.birth.year + 22, workYear - 3)}-07`;
    }
    case 'choice': {
      if (typeof required === 'string') return required;
      if (/性别/.test(f.label) && f.options.includes(s.sex)) return s.sex;
      if (/民族/.test(f.label) && f.options.includes('汉族'))
        return rand() < 0.95 ? '汉族' : pick(rand, f.options);
      return pick(rand, f.options);
    }
    case 'idNumber':
      return idNumber(rand, s);
    case 'phone':
      return `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
    case 'number': {
      const { low, high } = numberRange(f, rules);
      const v = low + rand() * (high - low);
      return f.integer === false ? Math.round(v * 10) / 10 : Math.round(v);
    }
    case 'yesNo':
      return typeof required === 'boolean' ? required : true;
    case 'assessments':
      return assessments(rand, f, workYear);
  }
}

/**
 * A complete, eligible approval form of `cat` for a nominee of `unit` (or for `unit` itself when
 * the category is a collective): every field of the definition, in its order.
 */
export function formFor(rand: Rand, cat: CategoryDefinition, unit: string, workYear: number) {
  const subject: Subject = {
    unit,
    name: personName(rand),
    sex: rand() < 0.55 ? '男' : '女',
    birth: {
      year: workYear - 55 + Math.floor(rand() * 25),
      month: 1 + Math.floor(rand() * 12),
      day: 1 + Math.floor(rand() * 28),
    },
  };
  const form: Record<string, unknown> = {};
  for (const f of cat.form) form[f.key] = valueFor(rand, cat, f, subject, workYear);
  return form;
}

/**
 * What a unit sends back when asked to add figures to its deeds: the longest long text (主要事迹)
 * with a sentence of figures added, within its 字 limit.
 */
export function amendedDeeds(cat: CategoryDefinition, form: Record<string, unknown>): Record<string, string> {
  const longTexts = cat.form.flatMap((f) => (f.kind === 'longText' ? [f] : []));
  const deeds = longTexts.sort((a, b) => b.maxChars - a.maxChars)[0];
  if (!deeds) return {};
  const before = String(form[deeds.key] ?? '');
  return { [deeds.key]: upTo(`${before}全年完成重点任务 12 项，服务对象满意率 100%。`, deeds.maxChars) };
}
