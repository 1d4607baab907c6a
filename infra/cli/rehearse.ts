/**
 * `npm run rehearse [-- --campaign <file>] [--until <stage>] [--units-per-region 10] [--extra 3] [--port 3000]`:
 * a whole campaign on a fresh local stack (data in .data/rehearsal, started as `npm start`
 * starts it), driven through the public API as its people would, with the local clock moved on
 * between stages. The campaign is the one its definition file describes (`--campaign`; default
 * the Puyang notice, campaigns/puyang-2024.yaml); its forms are filled from that definition. Prints a timeline and a last line such as
 * `rehearsal: 88 confirmed, 0 stuck, export 41 s`; exits 1 when a nominee is left in a state with
 * no way forward (or a step is refused).
 *
 * With `--until <stage>` it stops after that stage and leaves the stack running with the demo
 * codes printed, so you can log in as each role and look at a populated campaign.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runnableProblems } from '#shared/definition/campaign';
import { errorText, parseDefinition } from '#shared/definition/load';
import { launchLocalStack } from '../local/launch.ts';
import { EXAMPLE_CAMPAIGN_ID } from '../local/seed.ts';
import { demoCodes, rehearse, STAGE_LABELS, STAGES, type Stage } from '../rehearsal/scenario.ts';

const { values } = parseArgs({
  options: {
    campaign: { type: 'string', default: 'campaigns/puyang-2024.yaml' },
    until: { type: 'string' },
    'units-per-region': { type: 'string', default: '10' },
    extra: { type: 'string', default: '3' },
    port: { type: 'string', default: '3000' },
    'data-dir': { type: 'string', default: '.data/rehearsal' },
  },
});

const until = values.until as Stage | undefined;
if (until && !STAGES.includes(until)) {
  console.error(
    `--until 应为以下阶段之一 (one of):\n${STAGES.map((s) => `  ${s}  ${STAGE_LABELS[s]}`).join('\n')}`,
  );
  process.exit(2);
}
const campaignFile = resolve(values.campaign as string);
// a file that does not parse or cannot run yet is refused before any stack starts
const parsed = parseDefinition(readFileSync(campaignFile, 'utf8'), values.campaign);
const problems = parsed.ok ? runnableProblems(parsed.definition) : parsed.errors.map(errorText);
if (problems.length) {
  console.error(`评选定义文件 ${values.campaign} 不能演练：\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] as string);
rmSync(dataDir, { recursive: true, force: true });

console.log(
  `演练：${parsed.ok ? parsed.definition.title : ''}（${values.campaign}），启动全新的本地环境（数据目录 ${dataDir}）…`,
);
const stack = await launchLocalStack({
  dataDir,
  env: { CAMPAIGN_FILE: campaignFile },
  port: Number(values.port),
  host: until ? '0.0.0.0' : '127.0.0.1',
});

let exitCode = 0;
let unitCodes: { regionName: string; name: string; code: string }[] = [];
try {
  const r = await rehearse({
    baseUrl: stack.baseUrl,
    campaignId: EXAMPLE_CAMPAIGN_ID,
    codes: demoCodes(stack.demo),
    unitsPerRegion: Number(values['units-per-region']),
    extraPerCategory: Number(values.extra),
    ...(until ? { until } : {}),
  });
  console.log(
    `\n状态分布: ${Object.entries(r.byStatus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `请求: ${r.requests} (${Object.entries(r.requestsByRole)
      .map(([role, n]) => `${role} ${n}`)
      .join(', ')})`,
  );
  for (const s of r.stuck) console.log(`  卡住 (stuck): ${s.name} ${s.status} ${s.id}`);
  console.log(
    `rehearsal: ${r.confirmed} confirmed, ${r.stuck.length} stuck, ${r.nominations} nominations, ${r.requests} requests, ${r.wallSeconds.toFixed(0)} s` +
      (r.exportSeconds !== undefined ? `, export ${r.exportSeconds.toFixed(1)} s` : '') +
      (r.audit ? `, audit ${r.audit.ok ? 'intact' : `${r.audit.breaks} breaks`}` : '') +
      (until ? ` (stopped after ${until})` : ''),
  );
  if (r.stuck.length > 0 || r.audit?.ok === false) exitCode = 1;
  unitCodes = r.units;
  writeFileSync(join(dataDir, 'rehearsal-units.json'), `${JSON.stringify(r.units, null, 2)}\n`, {
    mode: 0o600,
  });
} catch (e) {
  console.error(`\n演练中断 (rehearsal failed): ${e instanceof Error ? e.message : e}`);
  exitCode = 1;
}

if (until && exitCode === 0) {
  console.log(`\n本地环境保持运行：${stack.baseUrl}/ （按 Ctrl+C 停止）。演示账号登录码：`);
  for (const a of stack.demo) console.log(`  ${a.code}  ${a.role.padEnd(7)} ${a.regionName ?? ''} ${a.name}`);
  console.log(`演练中的推荐单位（每个地区一个；全部见 ${join(dataDir, 'rehearsal-units.json')}）：`);
  const shown = new Set<string>();
  for (const u of unitCodes) {
    if (shown.has(u.regionName)) continue;
    shown.add(u.regionName);
    console.log(`  ${u.code}  unit    ${u.regionName} ${u.name}`);
  }
  const stop = () => stack.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  await stack.stop();
  process.exit(exitCode);
}
