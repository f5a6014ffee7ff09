// docs/molml-lint.schema.json (the JSON schema VS Code uses for molml.lint.json and .molmlrc) as generated from the
// configuration's zod schema; scripts/lint-schema.mjs writes it and a unit test checks the committed file.
import * as z from 'zod';
import { lintConfigInput } from './config';

export function lintConfigJsonSchema(): string {
  return JSON.stringify(z.toJSONSchema(lintConfigInput, { target: 'draft-7' }), null, 2) + '\n';
}
