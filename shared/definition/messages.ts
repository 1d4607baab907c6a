/**
 * The Chinese words for what can be wrong in a definition file: zod's issues (its own messages
 * are English, or generic) and the YAML parser's error codes. The loader passes `issueMessage`
 * to every parse, so no default message reaches the person editing the file.
 */
import type { ErrorCode } from 'yaml';

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  array: '列表（每项以 - 开头）',
  object: '键值表（键: 值）',
  literal: '固定值',
};

/** The raw zod issue as an error map sees it (only the parts we read). */
export interface RawIssue {
  code: string;
  input?: unknown;
  path?: PropertyKey[];
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  values?: readonly unknown[];
  keys?: string[];
  divisor?: number;
  discriminator?: string;
  options?: readonly unknown[];
  note?: string;
  message?: string;
}

function bound(issue: RawIssue, small: boolean): string {
  const n = Number(small ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case 'array':
    case 'set':
      return small ? `至少应有 ${n} 项` : `至多 ${n} 项`;
    case 'string':
      if (small && n === 1) return '不能为空';
      return small ? `至少 ${n} 个字` : `不能超过 ${n} 个字`;
    default:
      if (small) return issue.inclusive ? `应不小于 ${n}` : `应大于 ${n}`;
      return issue.inclusive ? `应不大于 ${n}` : `应小于 ${n}`;
  }
}

/** A zod issue in Chinese, for the person who wrote the file. */
export function issueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '缺少此项';
      if (issue.input === null) return `此项为空，应为${TYPE_NAMES[issue.expected ?? ''] ?? issue.expected}`;
      return `应为${TYPE_NAMES[issue.expected ?? ''] ?? issue.expected}`;
    case 'too_small':
      return bound(issue, true);
    case 'too_big':
      return bound(issue, false);
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `应为 ${(issue.values ?? []).map(String).join('、')} 之一`;
    case 'unrecognized_keys':
      return `不认识的键 ${(issue.keys ?? []).join('、')}`;
    case 'invalid_union':
      return issue.discriminator
        ? `应为 ${(issue.options ?? []).map(String).join('、')} 之一`
        : '不符合任何一种允许的写法';
    case 'invalid_key':
      return '键不正确';
    case 'not_multiple_of':
      return `应为 ${issue.divisor} 的倍数`;
    default:
      return '取值不正确';
  }
}

const YAML_MESSAGES: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: '缩进不正确（同一层的键应对齐，用空格缩进）',
  TAB_AS_INDENT: '不能用制表符（Tab）缩进，请用空格',
  DUPLICATE_KEY: '同一层中键重复',
  BLOCK_AS_IMPLICIT_KEY: '键的写法不正确（键后应有冒号和空格）',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（是否漏了冒号，或引号没有闭合？）',
  MISSING_CHAR: '缺少字符（引号、括号或冒号后的空格没有闭合或漏写）',
  UNEXPECTED_TOKEN: '此处出现了不应有的内容',
  BAD_SCALAR_START: '值不能以这个字符开头，请给值加上引号',
  BAD_DQ_ESCAPE: '双引号中的转义不正确',
  BLOCK_IN_FLOW: '方括号或花括号中不能换行书写块结构',
  MULTIPLE_DOCS: '一个文件只能有一份定义（去掉多余的 ---）',
  BAD_ALIAS: '引用（*名称）不正确',
  KEY_OVER_1024_CHARS: '键过长',
  NON_STRING_KEY: '键应为文本',
};

/** A YAML syntax error in Chinese (the parser's own message is English). */
export function yamlErrorMessage(code: ErrorCode): string {
  return `YAML 语法错误：${YAML_MESSAGES[code] ?? '无法解析'}`;
}
