import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

let validate: ValidateFunction | undefined;

/** A validator for the installed Vega-Lite JSON schema (node_modules/vega-lite/build/vega-lite-schema.json). */
export function vegaLiteValidator(): ValidateFunction {
  if (validate) return validate;
  const require = createRequire(import.meta.url);
  const dir = require.resolve('vega-lite').replace(/build[\\/].*$/, 'build/');
  const schema = JSON.parse(readFileSync(`${dir}vega-lite-schema.json`, 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: true, 'uri-reference': true, 'color-hex': /^#([0-9a-f]{3}|[0-9a-f]{6})$/i } });
  validate = ajv.compile(schema);
  return validate;
}
