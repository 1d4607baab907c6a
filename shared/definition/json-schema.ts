/**
 * The JSON Schema of a campaign definition file, generated from the zod schema, so that an editor
 * (VS Code with the YAML extension, or any yaml-language-server client) checks a file as it is
 * typed. `npm run campaigns:schema` writes it to campaigns/campaign-definition.schema.json;
 * a unit test fails when the committed file is not what the code generates.
 */
import * as z from 'zod/mini';
import { campaignDefinitionSchema } from './schema.ts';

/** Where the generated schema lives in the repository. */
export const DEFINITION_SCHEMA_FILE = 'campaigns/campaign-definition.schema.json';

/**
 * The schema as an object. Draft-07, the draft every YAML language server reads (2020-12 support
 * is newer and partial). Checks between values are not in it: run the checker.
 */
export function definitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(campaignDefinitionSchema, { io: 'input', target: 'draft-07' }),
    title: '评选活动定义文件',
    description:
      '一份评选通知的全部设置。本模式只检查各项的格式；名额合计、引用的类别和字段是否存在等，请用 npm run campaigns:check 检查。',
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function definitionJsonSchemaText(): string {
  return `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`;
}
