/**
 * `npm run restore -- <archive>` — a backup from `npm run backup` into a fresh data folder: every
 * checksum is verified first (a damaged archive is refused and nothing is written), the folder
 * must be absent or empty, then the emulators run on it and receive the table's items, the
 * buckets' objects and the data files. `npm start` then starts on the restored store.
 *
 *   npm run restore -- backups/pingxuan-20270110T080000.zip [--data-dir .data]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ArchiveError,
  freshDataDir,
  restoreStore,
  verifyArchive,
  withStoreOn,
} from '../local/store-archive.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' } },
});
if (positionals.length !== 1) {
  console.error('usage: npm run restore -- <backup.zip> [--data-dir .data]');
  process.exit(2);
}
const archive = resolve(positionals[0] as string);
const dataDir = resolve(ROOT, values['data-dir'] || process.env.DATA_DIR || '.data');

try {
  if (!freshDataDir(dataDir)) {
    throw new ArchiveError(
      `数据目录 ${dataDir} 不是空的：请先停止 npm start，把它移走或换一个 --data-dir。\n` +
        `The data folder ${dataDir} is not empty: stop npm start and move it away, or pass another --data-dir.`,
    );
  }
  const manifest = await verifyArchive(archive);
  console.log(`校验通过：${Object.keys(manifest.sha256).length} 个条目（备份于 ${manifest.createdAt}）`);
  await withStoreOn(dataDir, (at) => restoreStore(archive, manifest, at));
  console.log(
    `已恢复：${manifest.table.items} 条记录，${manifest.objects.length} 个对象，${manifest.files.length} 个文件 → ${dataDir}`,
  );
} catch (e) {
  if (!(e instanceof ArchiveError)) throw e;
  console.error(e.message);
  process.exit(1);
}
