/**
 * The checks a campaign definition must pass beyond each value's own shape: ids unique, quotas
 * adding up to the totals, and every name of a category, field, region tag or department used
 * somewhere pointing at one that exists. Each problem names the path of the value at fault, so
 * the loader can give its line.
 */
import { shareProblems } from '../share-rules.ts';
import { APPROVAL_LEVELS } from './documents.ts';
import type { CampaignDefinition, CategoryDefinition, DocumentDefinition, FormField } from './schema.ts';

export type DefinitionPath = (string | number)[];

/** One disagreement inside a definition, at `path` (e.g. ['categories', 1, 'total']). */
export interface DefinitionProblem {
  path: DefinitionPath;
  message: string;
}

/** Paths of the items whose `key` repeats an earlier one. */
function duplicates<T>(items: readonly T[], key: (item: T) => string, at: (i: number) => DefinitionPath) {
  const seen = new Set<string>();
  const out: DefinitionProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) out.push({ path: at(i), message: `“${k}”重复` });
    seen.add(k);
  });
  return out;
}

/** The value of a fraction written as 2/3. */
function fractionValue(fraction: string): number {
  const [n, d] = fraction.split('/').map(Number);
  return (n ?? 0) / (d ?? 1);
}

function fieldProblems(cat: CategoryDefinition, at: DefinitionPath): DefinitionProblem[] {
  const out = duplicates(
    cat.form,
    (f) => f.key,
    (i) => [...at, 'form', i, 'key'],
  );
  cat.form.forEach((f, i) => {
    const here = [...at, 'form', i];
    if (f.kind === 'choice') out.push(...duplicates(f.options, String, (j) => [...here, 'options', j]));
    if (f.kind === 'number' && f.min !== undefined && f.max !== undefined && f.min > f.max) {
      out.push({ path: [...here, 'max'], message: `最大值 ${f.max} 小于最小值 ${f.min}` });
    }
    if (f.kind === 'assessments') {
      for (const rule of ['everyAtLeast', 'atLeastOnce'] as const) {
        const result = f.rule[rule];
        if (result !== undefined && !f.results.includes(result)) {
          out.push({
            path: [...here, 'rule', rule],
            message: `“${result}”不在考核等次（${f.results.join('、')}）之中`,
          });
        }
      }
    }
  });
  return out;
}

/** Problems of one eligibility condition that names a field of the category's form. */
function eligibilityProblem(
  rule: CategoryDefinition['eligibility'][number],
  field: FormField | undefined,
): { key: string; message: string } | null {
  if (rule.field === undefined) {
    return rule.equals !== undefined || rule.min !== undefined || rule.max !== undefined
      ? { key: 'field', message: '设了核验条件，但未指明字段' }
      : null;
  }
  if (!field) return { key: 'field', message: `本类别的表单中没有字段“${rule.field}”` };
  const hasEquals = rule.equals !== undefined;
  const hasRange = rule.min !== undefined || rule.max !== undefined;
  if (field.kind === 'assessments') {
    return hasEquals || hasRange
      ? { key: 'field', message: '考核结果按字段自身的规则核验，不再设条件' }
      : null;
  }
  if (field.kind === 'number') {
    return hasRange && !hasEquals ? null : { key: 'field', message: '数字字段应以 min 或 max 设条件' };
  }
  if (field.kind === 'yesNo' || field.kind === 'choice') {
    if (!hasEquals || hasRange) return { key: 'equals', message: '是/否或选择字段应以 equals 设条件' };
    if (field.kind === 'yesNo' && typeof rule.equals !== 'boolean') {
      return { key: 'equals', message: '应为 true 或 false' };
    }
    if (field.kind === 'choice' && !field.options.includes(String(rule.equals))) {
      return { key: 'equals', message: `“${String(rule.equals)}”不是字段“${field.label}”的选项` };
    }
    return null;
  }
  return { key: 'field', message: `字段“${field.label}”无法自动核验，请去掉 field，只留条件原文` };
}

function categoryProblems(cat: CategoryDefinition, at: DefinitionPath): DefinitionProblem[] {
  const out = fieldProblems(cat, at);
  const byKey = new Map(cat.form.map((f) => [f.key, f]));
  const missing = (key: string) => `本类别的表单中没有字段“${key}”`;
  if (!byKey.has(cat.nameField)) out.push({ path: [...at, 'nameField'], message: missing(cat.nameField) });
  cat.publicFields.forEach((key, i) => {
    const f = byKey.get(key);
    if (!f) out.push({ path: [...at, 'publicFields', i], message: missing(key) });
    else if (f.kind === 'idNumber' || f.kind === 'phone') {
      out.push({ path: [...at, 'publicFields', i], message: `公示不得显示${f.label}（个人信息）` });
    }
  });
  cat.eligibility.forEach((rule, i) => {
    const p = eligibilityProblem(rule, rule.field === undefined ? undefined : byKey.get(rule.field));
    if (p) out.push({ path: [...at, 'eligibility', i, p.key], message: p.message });
  });
  return out;
}

function quotaProblems(d: CampaignDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const ids = new Set(d.categories.map((c) => c.id));
  d.regions.forEach((r, i) => {
    for (const key of Object.keys(r.quotas)) {
      if (!ids.has(key)) out.push({ path: ['regions', i, 'quotas', key], message: `没有类别“${key}”` });
    }
  });
  d.categories.forEach((c, i) => {
    const sum = d.regions.reduce((n, r) => n + (r.quotas[c.id] ?? 0), 0);
    if (sum !== c.total) {
      out.push({
        path: ['categories', i, 'total'],
        message: `${c.label}各${d.regionTerm}名额合计 ${sum} 与总名额 ${c.total} 不一致`,
      });
    }
  });
  for (const p of shareProblems(d)) out.push({ path: ['shares', p.index, p.key], message: p.message });
  return out;
}

function stepProblems(d: CampaignDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const up = d.steps.unitPublicity;
  if (up.enabled && up.days === undefined) {
    out.push({ path: ['steps', 'unitPublicity', 'days'], message: '开启单位公示时须填写公示天数' });
  }
  if (up.enabled && up.dayKind === undefined) {
    out.push({
      path: ['steps', 'unitPublicity', 'dayKind'],
      message: '开启单位公示时须填写 working 或 calendar',
    });
  }
  out.push(
    ...duplicates(
      d.steps.opinions,
      (o) => o.id,
      (i) => ['steps', 'opinions', i, 'id'],
    ),
  );
  if (fractionValue(d.steps.vote.fraction) > 1) {
    out.push({ path: ['steps', 'vote', 'fraction'], message: '比例不能超过 1' });
  }
  const { unitToMiddle, middleToTop } = d.deadlines;
  if (unitToMiddle && unitToMiddle > middleToTop) {
    out.push({ path: ['deadlines', 'unitToMiddle'], message: `晚于报送评选办公室的截止日期 ${middleToTop}` });
  }
  if (d.issuedOn && d.issuedOn > (unitToMiddle ?? middleToTop)) {
    out.push({ path: ['issuedOn'], message: '发文日期晚于报送截止日期' });
  }
  return out;
}

function photoProblems(d: CampaignDefinition): DefinitionProblem[] {
  if (!d.photo) return [];
  const ids = new Set(d.categories.map((c) => c.id));
  const out: DefinitionProblem[] = [];
  d.photo.categories.forEach((c, i) => {
    if (!ids.has(c)) out.push({ path: ['photo', 'categories', i], message: `没有类别“${c}”` });
  });
  const accept = d.photo.acceptHeightMm;
  if (accept && !(accept.min <= d.photo.mm.height && d.photo.mm.height <= accept.max)) {
    out.push({ path: ['photo', 'acceptHeightMm'], message: `应包含照片高度 ${d.photo.mm.height} 毫米` });
  }
  return out;
}

function documentProblems(d: CampaignDefinition): DefinitionProblem[] {
  const out = duplicates(
    d.documents,
    (doc) => doc.id,
    (i) => ['documents', i, 'id'],
  );
  d.documents.forEach((doc, i) => {
    const at: DefinitionPath = ['documents', i];
    const fieldsOf = (categoryId: string) => {
      const cat = d.categories.find((c) => c.id === categoryId);
      if (!cat) out.push({ path: [...at, 'category'], message: `没有类别“${categoryId}”` });
      return cat ? new Set(cat.form.map((f) => f.key)) : undefined;
    };
    const checkFields = (keys: string[], known: Set<string> | undefined, where: DefinitionPath) => {
      keys.forEach((key, j) => {
        if (known && !known.has(key))
          out.push({ path: [...where, j], message: `该类别的表单中没有字段“${key}”` });
      });
    };
    switch (doc.kind) {
      case 'approvalForm':
        checkFields(doc.rows, fieldsOf(doc.category), [...at, 'rows']);
        out.push(...duplicates(doc.rows, String, (j) => [...at, 'rows', j]));
        if (doc.opinionBoxes.length !== APPROVAL_LEVELS.length) {
          out.push({
            path: [...at, 'opinionBoxes'],
            message: `应为 3 个意见栏，依次为推荐单位、${d.steps.middleReview.by}和${d.steps.vote.body}的意见（现为 ${doc.opinionBoxes.length} 个）`,
          });
        }
        break;
      case 'opinionForm':
        checkFields(doc.subject, fieldsOf(doc.category), [...at, 'subject']);
        if (d.steps.opinions.length === 0) {
          out.push({ path: [...at, 'kind'], message: 'steps.opinions 中没有部门意见，不需要征求意见表' });
        }
        break;
      case 'summaryTable': {
        const known = fieldsOf(doc.category);
        doc.columns.forEach((col, j) => {
          const where = [...at, 'columns', j];
          if ((col.field === undefined) === (col.value === undefined)) {
            out.push({ path: where, message: '每列应有且仅有 field 或 value 之一' });
          } else if (col.field !== undefined && known && !known.has(col.field)) {
            out.push({ path: [...where, 'field'], message: `该类别的表单中没有字段“${col.field}”` });
          }
        });
        break;
      }
      case 'report':
        if (!d.steps.middleReview.report) {
          out.push({
            path: [...at, 'kind'],
            message: 'steps.middleReview.report 为 false，不撰写审核推荐工作报告',
          });
        }
        break;
      case 'photoSheet':
        if (!d.photo || d.photo.prints === 0) {
          out.push({
            path: [...at, 'kind'],
            message: '照片只交电子版（photo.prints 为 0），不需要照片裁剪页',
          });
        }
        break;
      case 'quotaTable':
        break;
    }
  });
  return [...out, ...documentSetProblems(d)];
}

/** What each kind of document is called in messages. */
const DOCUMENT_NAMES: Record<DocumentDefinition['kind'], string> = {
  approvalForm: '推荐审批表',
  opinionForm: '征求意见表',
  summaryTable: '推荐汇总表',
  quotaTable: '名额分配表',
  report: '审核推荐工作报告',
  photoSheet: '照片裁剪页',
};

/**
 * The export package prints one 推荐审批表 and one 推荐汇总表 per category, and at most one of
 * every other kind (per category for 征求意见表): a category without its form or table, or a
 * second one, is a mistake the package could not resolve.
 */
function documentSetProblems(d: CampaignDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const seen = new Set<string>();
  d.documents.forEach((doc, i) => {
    const category = 'category' in doc ? doc.category : undefined;
    const key = `${doc.kind}/${category ?? ''}`;
    if (seen.has(key)) {
      const label = category === undefined ? '' : `类别“${category}”`;
      out.push({
        path: ['documents', i, category === undefined ? 'kind' : 'category'],
        message: `${label}已有${DOCUMENT_NAMES[doc.kind]}，每种文书只能有一份`,
      });
    }
    seen.add(key);
  });
  for (const c of d.categories) {
    for (const kind of ['approvalForm', 'summaryTable'] as const) {
      if (!seen.has(`${kind}/${c.id}`)) {
        out.push({
          path: ['documents'],
          message: `类别“${c.label}”（${c.id}）没有${DOCUMENT_NAMES[kind]}（kind: ${kind}）`,
        });
      }
    }
  }
  return out;
}

/** Everything in `d` that disagrees with the rest of it; empty when the definition is whole. */
export function definitionProblems(d: CampaignDefinition): DefinitionProblem[] {
  return [
    ...duplicates(
      d.regions,
      (r) => r.id,
      (i) => ['regions', i, 'id'],
    ),
    ...duplicates(
      d.regions,
      (r) => r.name,
      (i) => ['regions', i, 'name'],
    ),
    ...duplicates(
      d.categories,
      (c) => c.id,
      (i) => ['categories', i, 'id'],
    ),
    ...d.categories.flatMap((c, i) => categoryProblems(c, ['categories', i])),
    ...quotaProblems(d),
    ...stepProblems(d),
    ...photoProblems(d),
    ...documentProblems(d),
  ];
}
