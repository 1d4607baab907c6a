/**
 * `npm run campaigns:schema` — write campaigns/campaign-definition.schema.json from the zod schema
 * of a campaign definition (shared/definition/schema.ts). Run it after changing the schema and
 * commit the result: test/unit/campaign-definition.test.ts fails while the file is behind.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFINITION_SCHEMA_FILE, definitionJsonSchemaText } from '#shared/definition/json-schema';

const target = join(import.meta.dirname, '../..', DEFINITION_SCHEMA_FILE);
writeFileSync(target, definitionJsonSchemaText());
console.log(`已写入 ${DEFINITION_SCHEMA_FILE}`);
