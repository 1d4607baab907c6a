import { describe, expect, it } from 'vitest';
import { checkPortrait } from '#lib/photo';
import { draftFormSchema, type FormRules, nominationProblems } from '#shared/forms';
import { photoRulesOf } from '#shared/photo-rules';
import { amendedDeeds, formFor } from '../../infra/rehearsal/forms.ts';
import { idPhoto, planUnits, seeded, unitListCsv } from '../../infra/rehearsal/people.ts';
import { definitionFile } from '../support/definitions.ts';

const NOTICES = ['puyang-2024.yaml', 'qingfeng-2026-teachers.yaml'];

describe('the rehearsal cast', () => {
  it.each(NOTICES)('makes photos the processor accepts for %s', async (file) => {
    const rules = photoRulesOf({ definition: definitionFile(file) });
    const v = await checkPortrait(await idPhoto(7, rules), rules);
    expect(v.ok, JSON.stringify(v)).toBe(true);
  });

  it.each(NOTICES)(
    'fills every category’s form of %s from its definition, passing the submission checks',
    (file) => {
      const definition = definitionFile(file);
      const rules: FormRules = { definition, workYear: definition.workYear };
      const rand = seeded(1);
      for (const cat of definition.categories) {
        for (let i = 0; i < 50; i++) {
          const form = formFor(rand, cat, '城关镇第一小学', definition.workYear);
          expect(Object.keys(form)).toEqual(cat.form.map((f) => f.key));
          const draft = draftFormSchema(cat.id, rules).safeParse(form);
          expect(draft.success, JSON.stringify(draft.error?.issues)).toBe(true);
          expect(nominationProblems(cat.id, form, rules)).toEqual([]);
          // the amended deeds still pass, and say more
          const amended = { ...form, ...amendedDeeds(cat, form) };
          expect(nominationProblems(cat.id, amended, rules)).toEqual([]);
          expect(JSON.stringify(amended)).not.toBe(JSON.stringify(form));
        }
      }
    },
  );

  it('names ten units a region and lists them as the import expects', () => {
    const units = planUnits(
      [
        { id: 'hualong', name: '华龙区' },
        { id: 'shizhi', name: '市直' },
      ],
      10,
    );
    expect(units).toHaveLength(20);
    expect(new Set(units.map((u) => u.name)).size).toBe(20);
    expect(unitListCsv(units).split('\n')[1]).toBe('华龙区,华龙区财政局');
  });

  it('names a centre school’s schools and a county school’s campuses where the regions are schools', () => {
    const units = planUnits(
      [
        { id: 'chengguan', name: '城关镇中心校' },
        { id: 'yigao', name: '清丰县第一高级中学' },
      ],
      2,
      '学校（学区）',
    );
    expect(units.map((u) => u.name)).toEqual([
      '城关镇第一小学',
      '城关镇第二小学',
      '清丰县第一高级中学（本部）',
      '清丰县第一高级中学（东校区）',
    ]);
  });
});
