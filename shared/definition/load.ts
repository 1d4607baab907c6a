/**
 * Reading a campaign definition file (YAML, or JSON, which is YAML too): every error comes back
 * with its line, column and field path, in Chinese, e.g.
 * `第 42 行 categories[1].form[3].maxChars：应为正整数`. Syntax errors, values of the wrong shape
 * and values that disagree with each other all point at the line to fix.
 *
 * For the city office's tools, the seed and tests (Node): the phone bundle never imports this.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { type DefinitionPath, definitionProblems } from './checks.ts';
import { issueMessage, type RawIssue, yamlErrorMessage } from './messages.ts';
import { type CampaignDefinition, campaignDefinitionSchema } from './schema.ts';

/** One thing wrong in a definition file, where it is and what to do about it. */
export interface DefinitionError {
  /** The file's name, when the caller gave one. */
  file?: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The field's path, e.g. categories[1].form[3].maxChars ('' for the file as a whole). */
  path: string;
  /** zh-CN */
  message: string;
}

/**
 * Where checking stopped: at the YAML syntax, at values of the wrong shape (their agreement with
 * each other is checked once they are right), or at values that disagree.
 */
export type DefinitionStage = 'syntax' | 'values' | 'consistency';

export type DefinitionResult =
  | { ok: true; definition: CampaignDefinition }
  | { ok: false; stage: DefinitionStage; errors: DefinitionError[] };

/** ['categories', 1, 'form', 3, 'maxChars'] → categories[1].form[3].maxChars */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${String(seg)}`))
    .join('');
}

/** 第 42 行 categories[1].form[3].maxChars：应为正整数 (after the file's name, when known). */
export function errorText(e: DefinitionError): string {
  return `${e.file ? `${e.file} ` : ''}第 ${e.line} 行${e.path ? ` ${e.path}` : ''}：${e.message}`;
}

/**
 * Where `path` is written in the file: the key of the last map entry found on the way (the line a
 * reader looks for), or the item of a list; as deep as the file goes when the path runs past it
 * (a missing key points at the map that lacks it), or the *alias that stands for the value.
 */
function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[]) {
  let node: unknown = doc.contents;
  let offset = (node as { range?: [number] } | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    // a value written as *alias is reported where it is used: the anchor serves several places
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as { range?: [number] } | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      node = item;
    } else break;
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/**
 * Parse and check a campaign definition. Never throws for a bad file: every problem found is in
 * `errors`, in the order of the lines. Syntax errors stop before the values are checked, and
 * values of the wrong shape before they are checked against each other.
 */
export function parseDefinition(text: string, fileName?: string): DefinitionResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const file = fileName ? { file: fileName } : {};
  if (doc.errors.length) {
    return {
      ok: false,
      stage: 'syntax',
      errors: doc.errors.map((e) => ({
        ...file,
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: '',
        message: yamlErrorMessage(e.code),
      })),
    };
  }
  const at = (path: DefinitionPath | readonly PropertyKey[], message: string): DefinitionError => ({
    ...file,
    ...locate(doc, lines, path),
    path: formatPath(path),
    message,
  });
  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    // yaml refuses to expand an alias bomb (more than 100 *alias uses by default)
    return {
      ok: false,
      stage: 'syntax',
      errors: [
        { ...file, line: 1, column: 1, path: '', message: 'YAML 别名（*名称）引用过多，请直接写出内容' },
      ],
    };
  }
  const parsed = campaignDefinitionSchema.safeParse(data, {
    error: (issue) => issueMessage(issue as unknown as RawIssue),
  });
  let errors: DefinitionError[];
  let stage: DefinitionStage = 'values';
  if (!parsed.success) {
    errors = parsed.error.issues.flatMap((issue) =>
      // one error per unknown key, on the key's own line
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => at([...issue.path, k], '不认识的键，请检查拼写或删去'))
        : [at(issue.path, issue.message)],
    );
  } else {
    errors = definitionProblems(parsed.data).map((p) => at(p.path, p.message));
    if (!errors.length) return { ok: true, definition: parsed.data };
    stage = 'consistency';
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, stage, errors };
}
