/**
 * campaigns/puyang-2024.yaml against the code that still holds the Puyang notice (shared/forms.ts,
 * shared/workflow.ts, shared/photo-rules.ts, functions/lib/documents/*, the seed): until later work
 * makes the system read the definition, the two must say the same, and this test says where not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentSubject, documentTitle } from '#lib/documents/format';
import { photoSheetHeading } from '#lib/documents/photo-sheet-docx';
import { reportTitle, SECTIONS } from '#lib/documents/report-docx';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '#shared/campaign';
import { campaignFromDefinition, unitDeadline } from '#shared/definition/campaign';
import { parseDefinition } from '#shared/definition/load';
import type { CampaignDefinition, CategoryDefinition } from '#shared/definition/schema';
import { FIELD_LABELS } from '#shared/forms';
import { PUYANG_OPINIONS } from '#shared/opinions';
import { photoRulesOf } from '#shared/photo-rules';
import { FIVE_WORKING_DAYS } from '#shared/publicity-length';
import { DEFAULT_VOTE_RULE, voteRuleOf } from '#shared/workflow';
import { EXAMPLE_CAMPAIGN_ID, exampleCampaign } from '../../infra/local/seed.ts';

const result = parseDefinition(
  readFileSync(join(import.meta.dirname, '../../campaigns/puyang-2024.yaml'), 'utf8'),
);
if (!result.ok) throw new Error('campaigns/puyang-2024.yaml does not parse');
const def: CampaignDefinition = result.definition;
const category = (id: Category) => def.categories.find((c) => c.id === id) as CategoryDefinition;
// The forms themselves are built from the file (shared/definition/form.ts; test/unit/forms.test.ts).
describe.each(CATEGORIES)('the %s category', (id) => {
  const cat = category(id);

  it('has the category and label the code has', () => {
    expect(cat.label).toBe(CATEGORY_LABELS[id]);
    expect(cat.kind).toBe(id === 'worker' ? 'person' : 'collective');
  });

  it('has the labels the audit timeline uses for records of campaigns before definitions', () => {
    for (const f of cat.form) expect([f.key, f.label]).toEqual([f.key, FIELD_LABELS[f.key]]);
  });
});

describe('the Puyang definition', () => {
  it('has the photo of a campaign without a definition: 2-inch, blue, three prints, for workers', () => {
    // campaigns set up before definitions run on photoRulesOf's default: the Puyang file must equal it
    expect(def.photo?.categories).toEqual(['worker']);
    expect(photoRulesOf({ definition: def })).toEqual(photoRulesOf({}));
    expect(photoRulesOf({})).toMatchObject({ mm: { width: 35, height: 49 }, background: 'blue', prints: 3 });
  });

  it('has the workflow’s three opinions, publicities and pass rule', () => {
    const s = def.steps;
    // records written before definitions name their opinions by these ids
    expect(s.opinions.map(({ id, department }) => ({ id, department }))).toEqual(PUYANG_OPINIONS);
    // campaigns set up before definitions run on the default: the Puyang file must equal it
    expect(s.unitPublicity).toEqual({ enabled: true, ...FIVE_WORKING_DAYS });
    expect(s.finalPublicity).toEqual(FIVE_WORKING_DAYS);
    expect(voteRuleOf({ definition: def })).toEqual(DEFAULT_VOTE_RULE);
    expect(s.middleReview.report).toBe(true);
  });

  it('has the documents’ titles and the summary tables’ columns', () => {
    const doc = (id: string) => def.documents.find((d) => d.id === id);
    for (const c of CATEGORIES) {
      const label = CATEGORY_LABELS[c];
      expect(doc(`${c}-approval`)?.title).toBe(documentTitle(def.title, label, '推荐审批表'));
      expect(doc(`${c}-opinions`)?.title).toBe(documentTitle(def.title, label, '推荐对象征求意见表'));
      // the summary tables' columns come from the file (test/unit/documents/summary-xlsx.test.ts)
      expect(doc(`${c}-summary`)?.title).toBe(documentTitle(def.title, label, '推荐汇总表'));
    }
    expect(doc('quota-table')?.title).toBe(`${documentSubject(def.title)}名额分配及使用情况表`);
    const report = doc('county-report');
    if (report?.kind !== 'report') throw new Error('no report');
    expect(report.title.replace('{region}', '华龙区')).toBe(reportTitle(def.title, '华龙区'));
    expect(report.sections).toEqual(SECTIONS.map(([, heading]) => heading));
    expect(doc('photo-sheet')?.title).toBe(photoSheetHeading(photoRulesOf({})));
  });

  it('shows on the public page what the city publicity lists (functions/lib/publicity-rounds.ts)', () => {
    expect(category('worker').publicFields).toEqual(['name', 'sex', 'unitAndPost']);
    expect(category('collective').publicFields).toEqual(['unitName']);
  });

  it('gives the seed the example campaign it had before it read the file', () => {
    // exampleCampaign(2026-11-26) as infra/local/seed.ts wrote it out before campaigns/puyang-2024.yaml
    expect(exampleCampaign(new Date('2026-11-26T00:00:00Z'))).toEqual({
      id: EXAMPLE_CAMPAIGN_ID,
      title: '濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体和先进工作者评选',
      docNumber: '濮人社函〔2024〕2号',
      issuers: ['濮阳市人力资源和社会保障局', '濮阳市财政局'],
      workYear: 2026,
      totals: { collective: 36, worker: 52 },
      regions: [
        { id: 'hualong', name: '华龙区', quotas: { collective: 4, worker: 6 } },
        { id: 'puyang-county', name: '濮阳县', quotas: { collective: 5, worker: 7 } },
        { id: 'qingfeng', name: '清丰县', quotas: { collective: 4, worker: 6 } },
        { id: 'nanle', name: '南乐县', quotas: { collective: 4, worker: 6 } },
        { id: 'fanxian', name: '范县', quotas: { collective: 4, worker: 6 } },
        { id: 'taiqian', name: '台前县', quotas: { collective: 3, worker: 5 } },
        { id: 'kaifaqu', name: '濮阳经济技术开发区', quotas: { collective: 2, worker: 2 } },
        { id: 'gongyeyuan', name: '濮阳工业园区', quotas: { collective: 1, worker: 2 } },
        { id: 'shifanqu', name: '濮阳市城乡一体化示范区', quotas: { collective: 1, worker: 2 } },
        { id: 'shizhi', name: '市直', quotas: { collective: 8, worker: 10 } },
      ],
      deadlines: { unitToCounty: '2027-01-11', countyToCity: '2027-01-18' },
      noticeDate: '2026-11-18',
      assessmentYears: [2022, 2023, 2024, 2025, 2026],
      limits: { deedsMax: 2000, summaryMax: 200 },
      contact: {
        name: '高龙超',
        phone: '0393-6666715',
        email: 'pyczjd@126.com',
        address: '濮阳市古城路 260 号 909 室',
      },
      endsAt: '2027-06-30T16:00:00.000Z',
      definition: { ...def, workYear: 2026, deadlines: { middleToTop: '2027-01-18' } },
    });
  });

  it('becomes the notice’s own campaign through campaignFromDefinition', () => {
    const c = campaignFromDefinition(def, 'C1');
    expect(c.deadlines).toEqual({ unitToCounty: unitDeadline(def), countyToCity: '2024-01-18' });
    expect(c.deadlines.unitToCounty).toBe('2024-01-11');
    expect(c.assessmentYears).toEqual([2019, 2020, 2021, 2022, 2023]);
    expect(c.endsAt).toBe('2024-07-19T16:00:00.000Z');
    expect(c).not.toHaveProperty('passRule');
    expect(c.definition).toBe(def);
    expect(campaignFromDefinition(def, 'C1', { endsAt: 'x' }).endsAt).toBe('x');
  });
});
