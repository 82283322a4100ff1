import { importFile } from './src/io/registry';
import { formatImportError } from './src/io/types';
import { readdirSync, readFileSync } from 'fs';
const dir = 'tests/fixtures/import/';
for (const name of readdirSync(dir).sort()) {
  if (name === 'expected.json') continue;
  const result = await importFile(new Uint8Array(readFileSync(dir + name)), { fileName: name });
  if (result.ok) {
    const v = result.value;
    console.log('OK ', name, v.format, v.features.features.length, v.crs.crs, v.crs.detected, v.crs.axisSwapped, JSON.stringify(v.features.features[0].geometry).slice(0, 90), JSON.stringify(v.features.features[0].properties).slice(0,100), v.warnings.map(w => w.en).join(' | '));
  } else console.log('ERR', name, result.error.code, formatImportError(result.error, 'en'));
}
