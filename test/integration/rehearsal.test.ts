/**
 * Smaller rehearsals in the tests, one per example notice: a whole campaign on a stack of its own
 * (the rehearsal moves the clock and saves a year's holidays for the whole deployment, which the
 * other tests' stack must not see), through the public API only, its forms filled from the
 * notice's definition, ending with every nominee in an end state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { launchLocalStack } from '../../infra/local/launch.ts';
import { EXAMPLE_CAMPAIGN_ID } from '../../infra/local/seed.ts';
import { demoCodes, type RehearsalResult, rehearse, STAGES } from '../../infra/rehearsal/scenario.ts';

/** The whole rehearsal of the campaign `file` defines, on a stack of its own. */
async function rehearseNotice(file: string, unitsPerRegion: number): Promise<RehearsalResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingxuan-rehearsal-'));
  // the global setup has built the web app already
  const stack = await launchLocalStack({ dataDir, env: { SKIP_WEB_BUILD: '1', CAMPAIGN_FILE: file } });
  try {
    const lines: string[] = [];
    const r = await rehearse({
      baseUrl: stack.baseUrl,
      campaignId: EXAMPLE_CAMPAIGN_ID,
      codes: demoCodes(stack.demo),
      unitsPerRegion,
      extraPerCategory: 1,
      log: (l) => lines.push(l),
    });
    console.log(
      `${lines.join('\n')}\nrehearsal of ${file}: ${r.confirmed} confirmed, ${r.stuck.length} stuck, ${r.nominations} nominations, ${r.requests} requests, export ${r.exportSeconds?.toFixed(1)} s`,
    );
    expect(r.stagesRun).toEqual([...STAGES]);
    expect(r.stuck).toEqual([]);
    expect(r.exportSeconds).toBeGreaterThan(0);
    // nothing written behind the history's back: every record agrees with its chain
    expect(r.audit).toMatchObject({ ok: true, breaks: 0 });
    return r;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

it('runs the Puyang notice from the notice to the export with nobody stuck', {
  timeout: 1_800_000,
}, async () => {
  const r = await rehearseNotice('campaigns/puyang-2024.yaml', 2);
  // every place filled: the failed vote and the upheld objection replaced by the counties' reserves
  expect(r.confirmed).toBe(88);
  expect(r.byStatus).toEqual({
    confirmed: 88,
    not_recommended: 18,
    not_selected: 1,
    revoked: 1,
    withdrawn: 1,
  });
  expect(r.units).toHaveLength(20);
});

it('runs the Qingfeng teachers’ notice by its definition alone: 40 teachers and 20 class teachers confirmed', {
  timeout: 1_800_000,
}, async () => {
  const r = await rehearseNotice('campaigns/qingfeng-2026-teachers.yaml', 1);
  expect(r.confirmed).toBe(60);
  expect(r.byStatus).toEqual({
    confirmed: 60,
    not_recommended: 44,
    not_selected: 1,
    revoked: 1,
    withdrawn: 1,
  });
  // one unit in each of the 23 schools (学区)
  expect(r.units).toHaveLength(23);
});
