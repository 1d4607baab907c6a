/**
 * Where the code builds table keys by hand and reads items back without validating them. The
 * entity modules (functions/lib/entities/) are the one place for keys and item shapes; this
 * scan finds what escaped them. Run it alone to print the counts and the places:
 *   node test/support/key-audit.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
/** The folders of code that runs (or seeds and restores) against the table. */
const SCANNED = ['functions', 'shared', 'infra/cli', 'infra/local', 'infra/rehearsal'];
const ENTITIES = 'functions/lib/entities/';

/** Every prefix and fixed sort key of the single table. */
const KEY_WORDS = [
  'CAMPAIGNS?',
  'QUOTA',
  'SHARE',
  'UNIT',
  'REPORT',
  'EXPORT',
  'EXPORTPROGRESS',
  'RECEIPTS',
  'ACCOUNTS?',
  'CODE',
  'NOM',
  'PHOTO',
  'SCAN',
  'CASES?',
  'AUDIT',
  'AUDITLOG',
  'EVENT',
  'LOG',
  'READS?',
  'ANCHOR',
  'RATE',
  'VERIFY',
  'HOLIDAYS',
  'W',
].join('|');
/** A string or template literal (or a regular expression) opening with a key word and `#`, or a bare `'NOM'`-like sort key. */
const KEY_STRING = new RegExp(`[\`'"/^](?:${KEY_WORDS})(?:#|[\`'"])`, 'g');
/** An item from the table taken as a type without a check. */
const UNCHECKED_CAST =
  /\.(?:Item|Items|Attributes)\b[^;\n]*?\)?\s+as\s+(?!const\b)|\bItems\s*\?\?\s*\[\]\)\s*as\s|\bas unknown as\s+(?:\w+Item|ExportJob|VerificationJob|ScanVersion|AuditEvent|NominationItem)\b|\bitems\s+as\s+unknown\s+as\b/g;

export interface Finding {
  file: string;
  line: number;
  text: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function scan(pattern: RegExp, skip: (file: string) => boolean): Finding[] {
  const found: Finding[] = [];
  for (const file of SCANNED.flatMap(sourceFiles)) {
    const rel = relative(ROOT, join(ROOT, file));
    if (skip(rel)) continue;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (/^\s*(\*|\/\/|\/\*)/.test(text)) return; // comments describe keys; they build none
        for (const _ of text.matchAll(pattern)) found.push({ file: rel, line: i + 1, text: text.trim() });
      });
  }
  return found;
}

/** Key and chain strings built outside the entity modules. */
export const handBuiltKeys = () => scan(KEY_STRING, (f) => f.startsWith(ENTITIES));

/** Items read from the table and cast to a type without validation. */
export const uncheckedCasts = () => scan(UNCHECKED_CAST, () => false);

if (import.meta.main) {
  for (const [name, found] of [
    ['hand-built key strings', handBuiltKeys()],
    ['unchecked casts of stored items', uncheckedCasts()],
  ] as const) {
    console.log(`${name}: ${found.length} in ${new Set(found.map((f) => f.file)).size} files`);
    for (const f of found) console.log(`  ${f.file}:${f.line}  ${f.text.slice(0, 110)}`);
  }
}
