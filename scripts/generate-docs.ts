/**
 * Generates the documentation that is derived from code: the configuration
 * reference from the config schema and the data-model page from the attribute catalogue and the
 * connector modules' mapping defaults.
 * `--check` fails when a committed page is out of date (run by `npm test` in CI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigurationDoc } from '../src/config/configuration-doc.ts';
import { renderDataModelDoc } from '../src/model/data-model-doc.ts';
import { defaultMappingColumns } from '../src/upstream/index.ts';

const pages: Record<string, () => string> = {
  'docs/configuration.md': renderConfigurationDoc,
  'docs/data-model.md': () => renderDataModelDoc(defaultMappingColumns()),
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, render] of Object.entries(pages)) {
  const expected = render();
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = '';
  }
  if (current === expected) continue;
  if (check) {
    console.error(`${path} is out of date: run \`npm run docs\` and commit the result`);
    stale++;
  } else {
    writeFileSync(path, expected);
    console.log(`wrote ${path}`);
  }
}
if (stale) process.exit(1);
if (check) console.log('generated docs are current');
