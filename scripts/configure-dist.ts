/**
 * `npm run configure -- <dist folder>`: after an administrator edits `<dist>/atlas-config.json`
 * (allowed intranet origins, layer sources, review profiles), validates it and rewrites the
 * Content-Security-Policy in `<dist>/index.html`, whose `connect-src` is built from the
 * file's `allowedOrigins` and nothing else. A bad file: one bilingual line, exit code 2,
 * index.html untouched.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ATLAS_CONFIG_FILE, parseAtlasConfig } from '../src/data/atlas-config';
import { contentSecurityPolicy } from '../vite.config';

function fail(zh: string, en: string): never {
  process.stderr.write(`错误：${zh} | Error: ${en}\n`);
  process.exit(2);
}

const folder = process.argv[2];
if (!folder) fail('用法：npm run configure -- <dist 目录>', 'usage: npm run configure -- <dist folder>');
let configText: string;
let html: string;
try {
  configText = readFileSync(path.join(folder, ATLAS_CONFIG_FILE), 'utf8');
  html = readFileSync(path.join(folder, 'index.html'), 'utf8');
} catch {
  fail(`${folder} 中缺少 index.html 或 ${ATLAS_CONFIG_FILE}，请先运行 npm run build`, `${folder} lacks index.html or ${ATLAS_CONFIG_FILE}; run npm run build first`);
}
const parsed = parseAtlasConfig(configText);
if (!parsed.ok) fail(parsed.error.zh, parsed.error.en);
const meta = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;
if (!meta.test(html)) fail('index.html 中没有 Content-Security-Policy 标签，请用 npm run build 重新构建', 'index.html has no Content-Security-Policy tag; rebuild with npm run build');
const policy = contentSecurityPolicy({ configText });
writeFileSync(path.join(folder, 'index.html'), html.replace(meta, `<meta http-equiv="Content-Security-Policy" content="${policy}">`));
process.stdout.write(`${path.join(folder, 'index.html')}: connect-src ${["'self'", ...parsed.config.allowedOrigins].join(' ')}\n`);
