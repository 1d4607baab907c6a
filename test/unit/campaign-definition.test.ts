import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  campaignFromDefinition,
  DefinitionNotRunnableError,
  runnableProblems,
} from '#shared/definition/campaign';
import { DEFINITION_SCHEMA_FILE, definitionJsonSchemaText } from '#shared/definition/json-schema';
import { type DefinitionError, errorText, parseDefinition } from '#shared/definition/load';
import { describeDefinition } from '#shared/definition/summary';

const root = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const PUYANG = read('campaigns/puyang-2024.yaml');
const QINGFENG = read('campaigns/qingfeng-2026-teachers.yaml');

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not in the file: ${needle}`);
  return text.slice(0, at).split('\n').length;
}

/** `text` with `from` replaced by `to` (which must occur exactly once). */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function errorsOf(text: string): DefinitionError[] {
  const r = parseDefinition(text, 'x.yaml');
  if (r.ok) throw new Error('expected errors, the definition passed');
  return r.errors;
}

describe('the two definition files', () => {
  it('parse with no errors', () => {
    for (const [file, text] of [
      ['puyang', PUYANG],
      ['qingfeng', QINGFENG],
    ] as const) {
      const r = parseDefinition(text, file);
      expect(r.ok ? [] : r.errors.map(errorText)).toEqual([]);
    }
  });

  it('hold what the Qingfeng notice decides', () => {
    const r = parseDefinition(QINGFENG);
    if (!r.ok) throw new Error('Qingfeng does not parse');
    const d = r.definition;
    expect(d.regions).toHaveLength(23);
    expect(d.regions.filter((x) => x.name.endsWith('中心校'))).toHaveLength(17);
    expect(d.categories.map((c) => [c.label, c.kind, c.total])).toEqual([
      ['优秀教师', 'person', 40],
      ['优秀班主任', 'person', 20],
    ]);
    expect(d.steps.vote).toMatchObject({ fraction: '2/3', comparison: 'atLeast', rankByScore: true });
    expect(d.steps.finalPublicity).toMatchObject({ days: 7, dayKind: 'calendar' });
    expect(d.photo).toMatchObject({ background: 'white', prints: 0, pixels: { width: 295, height: 413 } });
    expect(d.categories[1]?.form.map((f) => f.key)).toContain('classTeacherYears');
    expect(d.categories[0]?.form.map((f) => f.key)).not.toContain('idNumber');
  });

  it('are summed up in one paragraph by the checker', () => {
    const r = parseDefinition(QINGFENG);
    if (!r.ok) throw new Error('Qingfeng does not parse');
    const text = describeDefinition(r.definition);
    expect(text).toContain('优秀教师 40 名');
    expect(text).toContain('23 个学校（学区）');
    expect(text).toContain('单位公示 3 个工作日');
    expect(text).toContain('同意票达到到会成员的 2/3，按得分排序');
    expect(text).toContain('公示 7 个自然日');
    expect(text).toContain('只交电子版');
  });
});

describe('a broken definition', () => {
  it('with a YAML syntax error gives its line', () => {
    const text = edit(PUYANG, 'docNumber: 濮人社函〔2024〕2号', 'docNumber: "濮人社函〔2024〕2号');
    const r = parseDefinition(text);
    expect(r).toMatchObject({ ok: false, stage: 'syntax' });
    const [e] = errorsOf(text);
    expect(e?.line).toBeGreaterThanOrEqual(lineOf(text, 'docNumber'));
    expect(e?.message).toMatch(/^YAML 语法错误：/);
    expect(errorText(e as DefinitionError)).toMatch(/^x\.yaml 第 \d+ 行：YAML 语法错误/);
  });

  /** One edit of a good file, and the single error it must give: the line holding `at`, the path, the message. */
  const cases: {
    what: string;
    file: string;
    from: string;
    to: string;
    at: string;
    path: string;
    message: string;
  }[] = [
    {
      what: 'a wrong type',
      file: PUYANG,
      from: '{ key: name, label: 姓名, kind: text, maxChars: 20 }',
      to: '{ key: name, label: 姓名, kind: text, maxChars: 二十 }',
      at: 'maxChars: 二十',
      path: 'categories[1].form[0].maxChars',
      message: '应为正整数',
    },
    {
      what: 'a number out of range',
      file: PUYANG,
      from: '{ key: birthMonth, label: 出生年月, kind: yearMonth, help: 如 1985-06 }',
      to: '{ key: birthMonth, label: 出生年月, kind: text, maxChars: 0 }',
      at: 'maxChars: 0',
      path: 'categories[1].form[3].maxChars',
      message: '应为正整数',
    },
    {
      what: 'an unknown key',
      file: PUYANG,
      from: '  email: pyczjd@126.com\n',
      to: '  email: pyczjd@126.com\n  fax: 0393-6666716\n',
      at: 'fax:',
      path: 'contact.fax',
      message: '不认识的键，请检查拼写或删去',
    },
    {
      what: 'a missing key (at the map that lacks it)',
      file: PUYANG,
      from: '  name: 高龙超\n',
      to: '',
      at: 'contact:',
      path: 'contact.name',
      message: '缺少此项',
    },
    {
      what: 'quotas that do not add up to the total (at the total)',
      file: PUYANG,
      from: 'reviewer: 华龙区财政局, quotas: { collective: 4, worker: 6 }',
      to: 'reviewer: 华龙区财政局, quotas: { collective: 4, worker: 7 }',
      at: 'total: 52',
      path: 'categories[1].total',
      message: '先进工作者各县（区）名额合计 53 与总名额 52 不一致',
    },
    {
      what: 'a share rule naming a missing category',
      file: QINGFENG,
      from: '    category: teacher\n    tag: 农村',
      to: '    category: teachers\n    tag: 农村',
      at: 'category: teachers',
      path: 'shares[0].category',
      message: '没有类别“teachers”',
    },
    {
      what: 'a share the tagged regions cannot reach',
      file: QINGFENG,
      from: 'atLeastPercent: 60',
      to: 'atLeastPercent: 70',
      at: 'atLeastPercent: 70',
      path: 'shares[0].atLeastPercent',
      message: '带标签“农村”的学校（学区）名额合计 26，达不到优秀教师 40 名的 70%（28）',
    },
    {
      what: 'a share rule whose tag no region has',
      file: QINGFENG,
      from: '    tag: 农村\n',
      to: '    tag: 山区\n',
      at: 'tag: 山区',
      path: 'shares[0].tag',
      message: '没有学校（学区）带标签“山区”',
    },
    {
      what: 'a share rule repeated (at the second)',
      file: QINGFENG,
      from: '    atLeastPercent: 60\n',
      to: '    atLeastPercent: 60\n  - { text: 农村教师过半, category: teacher, tag: 农村, atLeastPercent: 50 }\n',
      at: 'text: 农村教师过半',
      path: 'shares[1].tag',
      message: '优秀教师已有按标签“农村”的比例规则，不能重复',
    },
    {
      what: 'a document column naming a missing field',
      file: PUYANG,
      from: '{ header: 负责人, field: leader, width: 10 }',
      to: '{ header: 负责人, field: boss, width: 10 }',
      at: 'field: boss',
      path: 'documents[5].columns[4].field',
      message: '该类别的表单中没有字段“boss”',
    },
    {
      what: 'an approval form naming a missing field',
      file: QINGFENG,
      from: 'classTeacherYears, assessments, deeds, summary]',
      to: 'classTeacherYear, assessments, deeds, summary]',
      at: 'classTeacherYear, assessments',
      path: 'documents[1].rows[9]',
      message: '该类别的表单中没有字段“classTeacherYear”',
    },
    {
      what: 'an approval form with two opinion boxes',
      file: PUYANG,
      from: `    category: collective
    title: 濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体推荐审批表
    rows: [unitName, unitNature, unitLevel, leader, staffCount, address, contactPerson, phone, noViolation, deeds, summary]
    opinionBoxes: [推荐单位意见, 县（区）审核意见, 市评选工作领导小组意见]`,
      to: `    category: collective
    title: 濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体推荐审批表
    rows: [unitName, unitNature, unitLevel, leader, staffCount, address, contactPerson, phone, noViolation, deeds, summary]
    opinionBoxes: [推荐单位意见, 市评选工作领导小组意见]`,
      at: 'opinionBoxes: [推荐单位意见, 市评选',
      path: 'documents[1].opinionBoxes',
      message: '应为 3 个意见栏，依次为推荐单位、县（区）财政部门和评选工作领导小组的意见（现为 2 个）',
    },
    {
      what: 'a second quota table (at its kind)',
      file: QINGFENG,
      from: '    title: 清丰县2026年度优秀教师和优秀班主任名额分配表\n',
      to: '    title: 清丰县2026年度优秀教师和优秀班主任名额分配表\n  - { id: quota-table-2, kind: quotaTable, title: 名额表 }\n',
      at: 'id: quota-table-2',
      path: 'documents[7].kind',
      message: '已有名额分配表，每种文书只能有一份',
    },
    {
      what: 'a duplicate region id (at the second)',
      file: PUYANG,
      from: 'id: qingfeng, name: 清丰县',
      to: 'id: hualong, name: 清丰县',
      at: 'id: hualong, name: 清丰县',
      path: 'regions[2].id',
      message: '“hualong”重复',
    },
    {
      what: 'a field repeated through a YAML alias (at the alias)',
      file: QINGFENG,
      from: '      - *teachingYears\n',
      to: '      - *teachingYears\n      - *teachingYears # again\n',
      at: '*teachingYears # again',
      path: 'categories[1].form[9].key',
      message: '“teachingYears”重复',
    },
  ];

  it.each(cases)('with $what gives its line, path and message', (c) => {
    const text = edit(c.file, c.from, c.to);
    const errors = errorsOf(text);
    expect(errors.map(({ line, path, message }) => ({ line, path, message }))).toEqual([
      { line: lineOf(text, c.at), path: c.path, message: c.message },
    ]);
    expect(errorText(errors[0] as DefinitionError)).toBe(
      `x.yaml 第 ${lineOf(text, c.at)} 行 ${c.path}：${c.message}`,
    );
  });

  it('without a category’s approval form names the category', () => {
    // the 优秀班主任 form turned into a second 优秀教师 form
    const text = edit(
      QINGFENG,
      '    category: class-teacher\n    title: 清丰县2026年度优秀班主任推荐审批表',
      '    category: teacher\n    title: 清丰县2026年度优秀班主任推荐审批表',
    );
    const errors = errorsOf(text).map(({ path, message }) => ({ path, message }));
    expect(errors).toContainEqual({
      path: 'documents',
      message: '类别“优秀班主任”（class-teacher）没有推荐审批表（kind: approvalForm）',
    });
    expect(errors).toContainEqual({
      path: 'documents[1].category',
      message: '类别“teacher”已有推荐审批表，每种文书只能有一份',
    });
  });

  it('with an unknown kind of field lists the kinds', () => {
    const text = edit(
      PUYANG,
      '{ key: idNumber, label: 身份证号, kind: idNumber, help: 18 位；填写后自动带出出生年月和性别 }',
      '{ key: idNumber, label: 身份证号, kind: id, help: 18 位；填写后自动带出出生年月和性别 }',
    );
    const [e] = errorsOf(text);
    expect(e).toMatchObject({ line: lineOf(text, 'kind: id, help'), path: 'categories[1].form[4].kind' });
    expect(e?.message).toMatch(/^应为 text、longText、.*assessments 之一$/);
  });

  it('never shows an English message', () => {
    const broken = [
      edit(PUYANG, 'workYear: 2023', 'workYear: "2023"'),
      edit(PUYANG, 'prints: 3', 'prints: -1'),
      edit(PUYANG, 'background: blue', 'background: navy'),
      edit(PUYANG, 'issuers: [濮阳市人力资源和社会保障局, 濮阳市财政局]', 'issuers: []'),
      edit(PUYANG, 'middleToTop: 2024-01-18', 'middleToTop: 2024-02-30'),
      edit(PUYANG, 'fraction: 1/2', 'fraction: half'),
      edit(PUYANG, 'kind: quotaTable', 'kind: table'),
      edit(PUYANG, 'regions:\n', 'regions: ~\n'),
      'just a string',
      // an alias bomb: yaml refuses to expand it
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
    ];
    for (const text of broken) {
      for (const e of errorsOf(text)) {
        expect(e.message).toMatch(/[\u4e00-\u9fff]/);
        expect(e.message).not.toMatch(/\b(expected|received|invalid|Invalid)\b/);
      }
    }
  });
});

describe('the published JSON Schema', () => {
  it('is what the code generates (run npm run campaigns:schema after changing the schema)', () => {
    expect(read(DEFINITION_SCHEMA_FILE)).toBe(definitionJsonSchemaText());
  });

  it('is referenced by both definition files', () => {
    for (const text of [PUYANG, QINGFENG]) {
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./campaign-definition.schema.json');
    }
  });
});

describe('campaignFromDefinition', () => {
  it('runs Qingfeng whole: two person categories, 3 and 7 days, one opinion, no report, a vote ranked by score', () => {
    const r = parseDefinition(QINGFENG);
    if (!r.ok) throw new Error('Qingfeng does not parse');
    expect(runnableProblems(r.definition)).toEqual([]);
    const c = campaignFromDefinition(r.definition, 'C1');
    expect(c.definition.steps.vote).toMatchObject({ fraction: '2/3', rankByScore: true });
    expect(Object.keys(c.totals)).toEqual(['teacher', 'class-teacher']);
  });

  it('refuses a definition today’s system cannot run, with every reason', () => {
    const r = parseDefinition(QINGFENG);
    if (!r.ok) throw new Error('Qingfeng does not parse');
    const d = r.definition;
    const without = {
      ...d,
      steps: { ...d.steps, unitPublicity: { enabled: false }, opinions: [] },
    };
    let error: unknown;
    try {
      campaignFromDefinition(without, 'C1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionNotRunnableError);
    expect((error as DefinitionNotRunnableError).problems).toEqual([
      '须有单位公示，并写明天数和天数类型',
      '至少须有一项部门意见',
    ]);
    // ranking by score is no longer a reason
    expect((error as Error).message).not.toContain('按得分排序');
  });
});

describe('npm run campaigns:check', () => {
  const check = (file: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'infra/cli/campaign-check.ts'), file], {
      cwd: root,
      encoding: 'utf8',
    });

  it('passes a good file with its summary, and fails a broken one with its lines', () => {
    const good = check('campaigns/qingfeng-2026-teachers.yaml');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/^定义文件检查通过：campaigns\/qingfeng-2026-teachers\.yaml\n《清丰县/);

    const dir = mkdtempSync(join(tmpdir(), 'pingxuan-definition-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, edit(PUYANG, 'id: qingfeng, name: 清丰县', 'id: hualong, name: 清丰县'));
    const bad = check(broken);
    rmSync(dir, { recursive: true });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(
      `第 ${lineOf(PUYANG, 'id: qingfeng, name: 清丰县')} 行 regions[2].id：“hualong”重复`,
    );
  });
});
