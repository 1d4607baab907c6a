import { describe, expect, it } from 'vitest';
import { checkPortrait } from '#lib/photo';
import { nominationProblems } from '#shared/forms';
import { photoRulesOf } from '#shared/photo-rules';
import {
  collectiveForm,
  idPhoto,
  planUnits,
  seeded,
  unitListCsv,
  workerForm,
} from '../../infra/rehearsal/people.ts';
import { puyangRules } from '../support/forms.ts';

/** A campaign without a definition: the Puyang 2-inch blue photo. */
const PUYANG = photoRulesOf({});

describe('the rehearsal cast', () => {
  it('makes photos the processor accepts', async () => {
    const v = await checkPortrait(await idPhoto(7), PUYANG);
    expect(v.ok, JSON.stringify(v)).toBe(true);
  });
  it('makes forms that pass the submission checks', () => {
    const rand = seeded(1);
    const years = [2021, 2022, 2023, 2024, 2025];
    const rules = puyangRules(2025);
    for (let i = 0; i < 50; i++) {
      expect(nominationProblems('worker', workerForm(rand, '华龙区财政局', years), rules)).toEqual([]);
      expect(nominationProblems('collective', collectiveForm(rand, '华龙区财政局'), rules)).toEqual([]);
    }
  });
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
});
