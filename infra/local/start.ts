/**
 * `npm start`: the whole system on one machine. DynamoDB Local and the S3 emulator with their
 * data under .data/, the real handlers behind a local API Gateway, the web app on the same
 * port, the example campaign and demo accounts. Prints the addresses (with a QR code for a
 * phone on the same network) and the demo codes.
 *
 * Settings (environment): PORT (3000), HOST (0.0.0.0), DATA_DIR (.data), DYNAMODB_PORT (8000),
 * S3_PORT (4569), SKIP_WEB_BUILD=1 to serve web/dist as it is.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import qrcode from 'qrcode-terminal';
import { LOCAL_NAMES, localDataEnvironment, localPorts } from './config.ts';
import { provision, startDynamo, startS3 } from './emulators.ts';
import { prettyLogsInTerminal } from './log-view.ts';
import { exampleDefinition, seedExampleCampaign, seedSecondCampaign } from './seed.ts';
import { startLocalServer } from './server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(ROOT, process.env.DATA_DIR ?? '.data');
const { dynamo: dynamoPort, s3: s3Port } = localPorts();
const names = LOCAL_NAMES;

function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** A local secret, generated on first start and kept under .data/secrets (git-ignored). */
function localSecret(name: string, bytes: number, encoding: 'base64url' | 'base64'): string {
  const file = join(dataDir, 'secrets', name);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(bytes).toString(encoding), { mode: 0o600 });
  }
  return file;
}

async function main(): Promise<void> {
  prettyLogsInTerminal();
  mkdirSync(dataDir, { recursive: true });
  const lan = host === '0.0.0.0' ? lanAddress() : undefined;
  const publicHost = lan ?? '127.0.0.1';
  const [dynamo, s3] = await Promise.all([
    startDynamo(dynamoPort, join(dataDir, 'dynamodb')),
    startS3(s3Port, join(dataDir, 's3')),
  ]);
  const stop = async () => {
    dynamo.stop();
    await s3.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  Object.assign(process.env, {
    ...localDataEnvironment({ dynamo: dynamo.endpoint, s3: s3.endpoint }),
    TOKEN_SECRET_FILE: localSecret('token-secret', 48, 'base64url'),
    PII_KEY_FILE: localSecret('pii-key', 32, 'base64'),
    WEB_ORIGIN: `http://${publicHost}:${port}`,
    // the same app opened on this machine while links are signed for the LAN address
    WEB_ORIGIN_ALIASES: `http://127.0.0.1:${port},http://localhost:${port}`,
    S3_PUBLIC_ENDPOINT: `http://${publicHost}:${port}/s3`,
  });
  await provision({
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    table: names.table,
    buckets: [names.uploads, names.records, names.exports],
  });
  const accountsFile = join(dataDir, 'demo-accounts.json');
  const demo = await seedExampleCampaign(accountsFile);
  const second = await seedSecondCampaign(demo);

  if (process.env.SKIP_WEB_BUILD !== '1') {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
  }
  await startLocalServer({
    port,
    host,
    webDir: join(ROOT, 'web/dist'),
    s3: s3.server,
    uploadsBucket: names.uploads,
    exportsBucket: names.exports,
    failedEventsDir: join(dataDir, 'failed-events'),
  });

  const local = `http://127.0.0.1:${port}/`;
  const phone = lan ? `http://${lan}:${port}/` : undefined;
  console.log('\n评选 Pingxuan 已启动（本地嵌入式环境）');
  console.log(`  本机访问: ${local}`);
  if (phone) {
    console.log(`  手机访问（同一网络）: ${phone}`);
    qrcode.generate(phone, { small: true });
  }
  console.log('评选活动:');
  console.log(`  ${exampleDefinition().title}（示例）`);
  console.log(`  ${second}${second.startsWith('未创建') ? '' : '（市评选办和审计账号同时参加）'}`);
  console.log(`演示账号（登录码，亦见 ${accountsFile}）:`);
  for (const a of demo) console.log(`  ${a.code}  ${a.role.padEnd(7)} ${a.regionName ?? ''} ${a.name}`);
  console.log('\n数据保存在 .data/，重启不丢失。按 Ctrl+C 停止。');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
