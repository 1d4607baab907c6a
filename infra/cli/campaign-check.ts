/**
 * `npm run campaigns:check -- <file> [<file> …]` — check campaign definition files (campaigns/*.yaml)
 * before a campaign is set up from them: prints 定义文件检查通过 and what the file sets up, or every
 * error with its line and field. Exit code 0 when every file passes, 1 when one has errors, 2 when
 * it cannot run (no file given, a file that cannot be read).
 */
import { readFileSync } from 'node:fs';
import { errorText, parseDefinition } from '#shared/definition/load';
import { describeDefinition } from '#shared/definition/summary';

const USAGE = `用法:
  npm run campaigns:check -- <定义文件> [<定义文件> …]
  例如 npm run campaigns:check -- campaigns/puyang-2024.yaml`;

const files = process.argv.slice(2).filter((a) => a !== '--');
if (files.length === 0 || files.includes('--help') || files.includes('-h')) {
  console.log(USAGE);
  process.exit(files.length === 0 ? 2 : 0);
}

let failed = false;
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(
      `无法读取 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）\n\n${USAGE}`,
    );
    process.exit(2);
  }
  const result = parseDefinition(text, file);
  if (result.ok) {
    console.log(`定义文件检查通过：${file}\n${describeDefinition(result.definition)}`);
  } else {
    failed = true;
    console.log(`定义文件有 ${result.errors.length} 处错误：${file}`);
    for (const e of result.errors) console.log(`  ${errorText(e)}`);
    if (result.stage !== 'consistency')
      console.log('（改正以上错误后，还将检查名额合计、引用的类别和字段等是否一致。）');
  }
}
process.exit(failed ? 1 : 0);
