/**
 * `npm run backup` — the whole local store (table, the three buckets, the data folder's secrets
 * and demo codes) in one zip with a SHA-256 manifest (infra/local/store-archive.ts).
 *
 *   npm run backup                              # .data → backups/pingxuan-<time>.zip (stop npm start first)
 *   npm run backup -- --out /mnt/usb/pingxuan.zip --data-dir .data
 *   npm run backup -- --local                   # read the running npm start (DYNAMODB_PORT, S3_PORT)
 *
 * Without --local it runs the emulators itself on the data folder: with `npm start` stopped, the
 * copy is consistent. The archive holds the key that seals ID numbers: keep it as you keep the data.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupStore, type Manifest, withStoreOn } from '../local/store-archive.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    local: { type: 'boolean', default: false },
    'dynamodb-endpoint': { type: 'string' },
    's3-endpoint': { type: 'string' },
  },
});
const dataDir = resolve(ROOT, values['data-dir'] || process.env.DATA_DIR || '.data');
const now = new Date();
const out = resolve(
  values.out ??
    join(ROOT, 'backups', `pingxuan-${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.zip`),
);
mkdirSync(dirname(out), { recursive: true });

const running =
  values.local || values['dynamodb-endpoint']
    ? {
        dynamoEndpoint:
          values['dynamodb-endpoint'] ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`,
        s3Endpoint: values['s3-endpoint'] ?? `http://127.0.0.1:${process.env.S3_PORT ?? 4569}`,
        dataDir,
      }
    : undefined;
const manifest: Manifest = running
  ? await backupStore(running, out, now)
  : await withStoreOn(dataDir, (at) => backupStore(at, out, now));
console.log(
  `已备份：${manifest.table.items} 条记录，${manifest.objects.length} 个对象，${manifest.files.length} 个文件 → ${out}`,
);
console.log('备份含加密身份证号的密钥，请像保管数据一样保管它。');
