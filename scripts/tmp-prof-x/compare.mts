import { readFile } from 'node:fs/promises';
import { importFile } from '/work/main/src/io/registry.ts';
import { writeFlatGeobuf } from '/work/main/src/data/fgb-writer.ts';
import { writeFlatGeobuf as oldWrite } from '/work/main/src/data/fgb-writer-old-tmp.ts';
import parseDbf from 'parsedbf';
import JSZip from 'jszip';
import { isDeepStrictEqual } from 'node:util';
for (const name of ['STBHHX.zip','CZKFBJ.zip','DLTB.zip','ZXCQGHYDYH.zip']) {
  const file = '/work/main/tests/fixtures/bureau/' + name;
  const result = await importFile(new Uint8Array(await readFile(file)), { fileName: name });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const a = writeFlatGeobuf(result.value.features, { title: 'x' });
  const b = oldWrite(result.value.features, { title: 'x' });
  console.log(name, a.length, b.length, Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0 ? 'FGB SAME' : 'FGB DIFF');
  const zip = await JSZip.loadAsync(await readFile(file));
  const dbfName = Object.keys(zip.files).find(n => n.toLowerCase().endsWith('.dbf'))!;
  const dbf = await zip.file(dbfName)!.async('uint8array');
  const cpgName = Object.keys(zip.files).find(n => n.toLowerCase().endsWith('.cpg'));
  const cpg = cpgName ? await zip.file(cpgName)!.async('string') : undefined;
  const old = parseDbf(new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength), cpg ?? 'gbk');
  const props = result.value.features.features.map(f => f.properties);
  console.log(name, 'dbf same', isDeepStrictEqual(old, props), cpg, JSON.stringify(props[0]));
}
