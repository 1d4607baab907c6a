/**
 * Every code the records hold reads in Chinese on the office and auditor pages: each workflow
 * action, state, form field and process sub-field of shared/, every audit action and changed field
 * the server writes (read from functions/ itself, so a new one without a name fails here), and
 * every step that cannot be taken back has its question.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_LABELS } from '#shared/forms';
import { NOMINATION_STATUSES } from '#shared/nomination';
import { PUYANG_OPINIONS } from '#shared/opinions';
import {
  ACTION_IDS,
  ACTIONS,
  CHECKLIST_ITEMS,
  CHECKLIST_LABELS,
  MATERIAL_GAP_LABELS,
  MATERIAL_GAPS,
  PASS_RULES,
} from '#shared/workflow';
import { confirmationOf } from '../../../web/components/ConfirmDialog/ConfirmDialog.tsx';
import {
  ACTION_LABELS,
  actionLabel,
  fieldLabel,
  type Shown,
  shownValue,
  text,
} from '../../../web/components/NominationTimeline/event-labels.ts';
import { fieldsOf } from '../../../web/form-model.ts';
import { puyangRules } from '../../support/forms.ts';

const CHINESE = /[\u4e00-\u9fff]/;
const chinese = (label: string | undefined, key: string) => {
  expect(label, key).toBeTruthy();
  expect(CHINESE.test(label as string), `${key} → ${label}`).toBe(true);
  expect(label, key).not.toMatch(/其他(操作|字段)$/);
};

/** Every label in a shown value, parts and sub-parts. */
function labels(shown: Shown): string[] {
  return typeof shown === 'string' ? [] : shown.flatMap((p) => [p.label, ...labels(p.value)]);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const server = sources(join(import.meta.dirname, '../../../functions')).map((f) => readFileSync(f, 'utf8'));

describe('labels of shared/', () => {
  it('names every workflow action, state, department, pass rule, checklist item and gap', () => {
    for (const a of ACTION_IDS) chinese(actionLabel(`workflow.${a}`), a);
    for (const s of NOMINATION_STATUSES) {
      chinese(text(shownValue('status', s)), s);
      expect(text(shownValue('status', s))).not.toBe(s);
    }
    for (const d of PUYANG_OPINIONS) chinese(d.department, d.id);
    for (const r of PASS_RULES) chinese(text(shownValue('passRule', r)), r);
    for (const c of CHECKLIST_ITEMS) chinese(CHECKLIST_LABELS[c], c);
    for (const g of MATERIAL_GAPS) chinese(MATERIAL_GAP_LABELS[g], g);
  });

  it('names every form field of both categories', () => {
    const fields = new Set([
      ...Object.keys(FIELD_LABELS),
      ...['worker', 'collective'].flatMap((c) => fieldsOf(c, puyangRules()).map((f) => f.field)),
    ]);
    for (const f of fields) chinese(fieldLabel(f), f);
  });

  it('shows every recorded process object as labelled sub-fields, none in English', () => {
    const recorded: Record<string, unknown> = {
      unitRecommendation: {
        democratic: { date: '2024-02-05', voters: 30, votesFor: 27 },
        leadershipDecisionDate: '2024-02-06',
      },
      unitPublicity: {
        postedOn: '2024-02-08',
        endsOn: '2024-02-21',
        noticeScanId: 'S',
        outcome: 'no_objection',
        note: '无',
      },
      politicalReview: { passed: true, text: '通过', date: '2024-02-23' },
      opinions: Object.fromEntries(
        PUYANG_OPINIONS.map(({ id }) => [
          id,
          {
            conclusion: '同意',
            favourable: true,
            text: '好',
            date: '2024-02-23',
            docNumber: '1号',
            scanId: 'S',
          },
        ]),
      ),
      vote: { for: 7, against: 1, abstain: 0, present: 8, members: 9, score: 87.5 },
      decisions: [{ action: 'returnToUnit', reason: '补正', at: '2024-02-24T01:00:00Z', role: 'county' }],
      meeting: { date: '2024-02-25', members: 9, present: 8, attendees: ['甲', '乙'] },
      cityPublicity: { startsOn: '2024-02-26', endsOn: '2024-03-04' },
      objectionChannels: { phone: '0393-1', letter: '濮阳', email: 'a@b.cn', visit: '濮阳' },
      extensions: { unitToCounty: '2024-01-20', countyToCity: '2024-01-25' },
      calendar: { years: { 2027: { holidays: ['2027-01-01'], workdays: ['2027-01-04'] } } },
      anchor: { key: 'k', sha256: 'h', headHash: 'h', chains: 3 },
    };
    for (const [field, value] of Object.entries(recorded)) {
      chinese(fieldLabel(field), field);
      const shown = shownValue(field, value);
      for (const l of labels(shown)) expect(l, `${field}: ${l}`).not.toBe('其他');
      expect(text(shown), field).not.toMatch(/[{}]|true|false|returnToUnit|no_objection|county/);
    }
  });
});

describe('labels of what the server records', () => {
  it('names every audit action the functions write', () => {
    const actions = new Set<string>();
    for (const code of server) {
      for (const line of code.split('\n')) {
        if (/action[:,]|updateCampaign\(|logPersonalDataRead\(/.test(line))
          for (const m of line.matchAll(/'([a-z]+\.[a-z_]+)'/g)) actions.add(m[1] as string);
        if (/['`]pii\.[a-z_]+'/.test(line))
          for (const m of line.matchAll(/'(pii\.[a-z_]+)'/g)) actions.add(m[1] as string);
      }
      // `export.${result.status}`: every status a job ends in.
      if (code.includes('`export.${')) for (const s of ['done', 'failed']) actions.add(`export.${s}`);
    }
    expect(actions.size).toBeGreaterThan(20);
    for (const a of actions) chinese(ACTION_LABELS[a], a);
  });

  it('names every field the functions record as changed', () => {
    const fields = new Set<string>();
    for (const code of server)
      for (const m of code.matchAll(/field: '([A-Za-z.]+)'/g)) fields.add(m[1] as string);
    expect(fields.size).toBeGreaterThan(15);
    for (const f of fields) chinese(fieldLabel(f), f);
  });
});

describe('questions before the steps that cannot be taken back', () => {
  it('asks before every action that moves a nomination to another state', () => {
    for (const a of ACTION_IDS) {
      if (ACTIONS[a].to === null || a === 'discard') continue; // 删除草稿 asks on its own (ConfirmDelete)
      const q = confirmationOf(a);
      expect(q, a).toBeTruthy();
      chinese(q?.body, a);
      expect(q?.title).toMatch(/^确定.+吗？$/);
    }
  });
});
