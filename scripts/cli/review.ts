/**
 * `npm run --silent review -- <file> [options]`: siting review of every polygon in a file
 * against the atlas's planning layers and the bureau's reference layers (`--layer`,
 * `--profile`). Prints one JSON object `{"reports": [ … ]}` (one report per polygon; the
 * other polygons of the file count as "other sites under review"), or with `--jsonl` one
 * report per line as each site is done. Progress ("3/20 …") goes to stderr with
 * `--progress` or when stderr is a terminal. Geometry of the findings (overlap shapes,
 * closest-point lines, protection zones) is left out unless `--geometry`.
 * Bad input: one bilingual line on stderr, exit code 2, nothing on stdout.
 */
import { appendFile, readFile } from 'node:fs/promises';
import Flatbush from 'flatbush';
import path from 'node:path';
import type { Feature } from 'geojson';
import { importFile } from '../../src/io/registry';
import { offersRepair } from '../../src/io/types';
import { parseCrsCode } from '../../src/crs/projections';
import { createReviewContext, pointSiteArea, reviewSite, siteGeometry, SITE_AREA_PROPERTY, SiteReviewError, type SiteReport } from '../../src/analysis/siting-review';
import { RAIL_AREA_CLASSES, type RailAreaClass } from '../../src/analysis/protection-zone';
import { mapIndustryCode, type IndustryEdition } from '../../src/analysis/industry-editions';
import type { ReferenceSection } from '../../src/analysis/review/reference-types';
import { featureIdOf } from '../../src/io/feature-name';
import { geometryBbox, type BoundingBox } from '../../src/analysis/spatial-index';
import { readAuthoredLayers } from '../lib/atlas-layers';
import { fail, numberOption, parseArgs, RATIO_RULE, ratioOption, runCli, usage, type OptionSpec } from './cli-common';
import { closeReferenceLayers, importErrorText, loadLayerOptions, loadProfile, referenceInputFor, type LoadedReferenceLayer } from './reference-layers';

const OPTIONS: Record<string, OptionSpec> = {
  crs: {
    type: 'string',
    help: {
      en: 'CRS of the file when it does not say: EPSG:4490, EPSG:4528, EPSG:4529, EPSG:4549, EPSG:4550, gcj02, bd09, … (default: detected)',
      zh: '文件坐标系（文件未声明时）：EPSG:4490、EPSG:4528、EPSG:4529、EPSG:4549、EPSG:4550、gcj02、bd09 等（默认自动识别）',
    },
  },
  industry: {
    type: 'string',
    help: {
      en: 'GB/T 4754 industry code (two digits or more) in the edition of --industry-edition, e.g. 27',
      zh: 'GB/T 4754 行业代码（两位或更多），版本见 --industry-edition，如 27',
    },
  },
  // Issue 11: the edition is named; 2002 stays the default so existing calls keep their meaning.
  'industry-edition': {
    type: 'string',
    help: {
      en: 'Edition of --industry: 2002 (default, the edition of the 2008 control indicators) or 2017 (in force; mapped to 2002, refused where ambiguous)',
      zh: '--industry 的版本：2002（默认，2008 年控制指标所用版本）或 2017（现行；换算为 2002 版，无法唯一对应时拒绝）',
    },
  },
  far: { type: 'string', help: { en: 'Floor-area ratio (容积率)', zh: '容积率' } },
  coverage: { type: 'string', help: { en: 'Building coverage (建筑系数): 0.35, 35 or 35% (see the ratio rule below)', zh: '建筑系数：0.35、35 或 35%（写法见下方比例说明）' } },
  'office-share': {
    type: 'string',
    help: { en: 'Office and living-service land share: 0.05, 5 or 5% (ratio rule below)', zh: '行政办公及生活服务设施用地比重：0.05、5 或 5%（写法见下方比例说明）' },
  },
  green: { type: 'string', help: { en: 'Green ratio (绿地率): 0.15, 15 or 15% (ratio rule below)', zh: '绿地率：0.15、15 或 15%（写法见下方比例说明）' } },
  investment: { type: 'string', help: { en: 'Investment intensity in 10,000 CNY per ha (投资强度, 万元/公顷)', zh: '投资强度（万元/公顷）' } },
  'min-investment': {
    type: 'string',
    help: { en: 'Investment-intensity threshold for the region class, in 10,000 CNY per ha (no default)', zh: '所在地区等别的投资强度控制值（万元/公顷，无默认值）' },
  },
  'rail-class': {
    type: 'string',
    help: {
      en: 'Railway Safety Regulations Art. 27 area class: urban (10 m), suburban (12 m), village (15 m), other (20 m, default)',
      zh: '《铁路安全管理条例》第二十七条地区类别：urban 城市市区 10 米、suburban 城市郊区居民居住区 12 米、village 村镇居民居住区 15 米、other 其他地区 20 米（默认）',
    },
  },
  repair: {
    type: 'boolean',
    help: {
      en: 'Repair the site file instead of refusing it: a self-crossing boundary is split at its crossings, overlapping parts are merged (each repair is listed in input.warnings)',
      zh: '修复选址文件而不是拒绝：自相交的边界在交点处拆分，重叠的部分合并（每处修复列在 input.warnings 中）',
    },
  },
  'site-area': {
    type: 'string',
    help: {
      en: 'Site area in m² for point sites without their own site_area_m2 attribute (reviewed as a circle)',
      zh: '点状选址的用地面积（平方米，按圆形审查），用于没有 site_area_m2 属性的点',
    },
  },
  layer: {
    type: 'string',
    multiple: true,
    help: {
      en: 'Reference layer, repeatable: <file>:<role>[:<arg>][:name=<text>]; roles prohibited, inside[:review|blocker], classes:<field>[:review=01,…][:prohibited=…], zone[:<industry field>], line:<width m>, proximity',
      zh: '参考图层（可多次）：<文件>:<角色>[:<参数>][:name=<名称>]；角色 prohibited 禁止占用、inside[:review|blocker] 须位于其内、classes:<字段>[:review=01,…][:prohibited=…] 分类统计、zone[:<产业字段>] 园区、line:<宽度米> 保护线、proximity 最近距离',
    },
  },
  profile: {
    type: 'string',
    help: {
      en: 'Review profile: the app\'s bundle (.review-profile.zip) or a profile JSON whose layers\' source.file are relative to it',
      zh: '审查方案：图集导出的方案包（.review-profile.zip），或方案 JSON（图层 source.file 为相对方案文件的路径）',
    },
  },
  'no-builtin': { type: 'boolean', help: { en: 'Leave every built-in (schematic) layer out of the verdict (still listed)', zh: '内置（示意）图层均不计入结论（仍列出）' } },
  builtin: { type: 'string', help: { en: 'Only these built-in layers count in the verdict, comma-separated ids', zh: '只有这些内置图层计入结论（逗号分隔的图层编号）' } },
  'max-sites': {
    type: 'string',
    help: {
      en: 'At most this many sites in one file (default 2000); a file with more is usually a parcel layer meant as --layer',
      zh: '一个文件中选址数量上限（默认 2000）；更多时通常是应作为 --layer 的地块图层',
    },
  },
  output: { type: 'string', help: { en: 'With --jsonl: append the reports to this file; a rerun skips the sites already in it (resume)', zh: '与 --jsonl 同用：报告追加写入该文件；重新运行时跳过文件中已有的选址（断点续审）' } },
  jsonl: { type: 'boolean', help: { en: 'One JSON report per line, written as each site is done', zh: '每行一个 JSON 报告，逐个选址输出' } },
  geometry: { type: 'boolean', help: { en: 'Include the findings\' geometry (overlap shapes, closest-point lines, protection zones)', zh: '输出审查发现的几何（重叠形状、最近点连线、保护区）' } },
  progress: { type: 'boolean', help: { en: 'Progress on stderr ("3/20 …"); on by default when stderr is a terminal', zh: '在 stderr 显示进度（“3/20 …”）；stderr 为终端时默认显示' } },
  help: { type: 'boolean', help: { en: 'Show this help', zh: '显示帮助' } },
};

/** A reference section in the CLI JSON: issue 10's keys (those that do not apply omitted), geometry only on request. */
function sectionJson(section: ReferenceSection, withGeometry: boolean): Record<string, unknown> {
  return {
    layer: section.layer,
    name: section.name,
    ...(section.named_by ? { named_by: section.named_by } : {}),
    role: section.role,
    source: { file: section.source.file, features: section.source.features, crs: section.source.crs },
    enabled: section.enabled,
    ...(section.unavailable ? { unavailable: section.unavailable } : {}),
    findings: section.findings.map((finding) => ({
      id: finding.id,
      name: finding.name,
      ...(finding.place !== undefined ? { place: finding.place } : {}),
      ...(finding.class !== undefined ? { class: finding.class } : {}),
      ...(finding.overlap_m2 !== undefined ? { overlap_m2: finding.overlap_m2 } : {}),
      ...(finding.outside_m2 !== undefined ? { outside_m2: finding.outside_m2 } : {}),
      ...(finding.distance_m !== undefined ? { distance_m: finding.distance_m } : {}),
      severity: finding.severity,
      ...(withGeometry && finding.geometry ? { geometry: finding.geometry } : {}),
    })),
    ...(section.total_overlap_m2 !== undefined ? { total_overlap_m2: section.total_overlap_m2 } : {}),
    ...(section.outside_m2 !== undefined ? { outside_m2: section.outside_m2 } : {}),
    ...(withGeometry && section.outside_geometry ? { outside_geometry: section.outside_geometry } : {}),
    ...(section.classes ? { classes: section.classes } : {}),
  };
}

/** The report as printed: today's keys, `reference`, and geometry only with --geometry. */
function reportJson(report: SiteReport, withGeometry: boolean): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { candidates_tested, protection_zones, reference, ...rest } = report;
  return {
    ...rest,
    conflicts: report.conflicts.map(({ geometry, ...conflict }) => (withGeometry && geometry ? { ...conflict, geometry } : conflict)),
    proximity: report.proximity.map(({ line, ...entry }) => (withGeometry && line ? { ...entry, line } : entry)),
    ...(withGeometry ? { protection_zones } : {}),
    reference: reference.map((section) => sectionJson(section, withGeometry)),
  };
}


async function main(): Promise<unknown> {
  const { positionals, values } = parseArgs(process.argv.slice(2), OPTIONS);
  if (values.help) return `${usage('npm run --silent review --', '<file> [options]', OPTIONS)}\n\n${RATIO_RULE.en}\n${RATIO_RULE.zh}\n`;
  if (positionals.length !== 1) {
    fail('请给出一个选址文件（GeoJSON、Shapefile、KML、DXF 等）', 'Give exactly one site file (GeoJSON, Shapefile, KML, DXF, …)');
  }
  const file = positionals[0];

  let crs;
  if (typeof values.crs === 'string') {
    crs = parseCrsCode(values.crs);
    if (!crs) fail(`不认识的坐标系 "${values.crs}"（可用 EPSG:4490、EPSG:4528、EPSG:4529、gcj02、bd09 等）`, `Unknown CRS "${values.crs}" (use EPSG:4490, EPSG:4528, EPSG:4529, gcj02, bd09, …)`);
  }
  const railClassText = typeof values['rail-class'] === 'string' ? values['rail-class'] : 'other';
  if (!(RAIL_AREA_CLASSES as readonly string[]).includes(railClassText)) {
    fail(`--rail-class 应为 urban、suburban、village 或 other，收到 "${railClassText}"`, `--rail-class must be urban, suburban, village or other, got "${railClassText}"`);
  }
  const railClass = railClassText as RailAreaClass;
  const industryCode = typeof values.industry === 'string' ? values.industry.trim() : undefined;
  if (industryCode !== undefined && !/^[A-Za-z]?\d{2,4}$/.test(industryCode)) {
    fail(`--industry 应为 GB/T 4754 行业代码（2–4 位数字），收到 "${industryCode}"`, `--industry must be a GB/T 4754 code (2–4 digits), got "${industryCode}"`);
  }
  const editionText = typeof values['industry-edition'] === 'string' ? values['industry-edition'].trim() : '2002';
  if (editionText !== '2002' && editionText !== '2017') {
    fail(`--industry-edition 应为 2002 或 2017，收到 "${editionText}"`, `--industry-edition must be 2002 or 2017, got "${editionText}"`);
  }
  let engineIndustryCode = industryCode;
  if (industryCode !== undefined) {
    const mapped = mapIndustryCode(industryCode, editionText as IndustryEdition);
    if (!mapped.ok) fail(`${mapped.error.message.zh}${mapped.error.hint.zh}`, `${mapped.error.message.en} ${mapped.error.hint.en}`);
    else engineIndustryCode = mapped.code2002 === '' ? undefined : mapped.code2002;
  }
  const proposal = {
    industryCode: engineIndustryCode,
    far: numberOption('far', values.far, { min: 0, max: 100 }),
    coverage: ratioOption('coverage', values.coverage),
    officeShare: ratioOption('office-share', values['office-share']),
    greenRatio: ratioOption('green', values.green),
    investmentIntensity: numberOption('investment', values.investment, { min: 0 }),
  };
  const minInvestmentIntensity = numberOption('min-investment', values['min-investment'], { min: 0 });
  const siteAreaM2 = numberOption('site-area', values['site-area'], { min: 0.01 });

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    return fail(`无法读取文件 ${file}（不存在或没有权限）`, `Cannot read the file ${file} (missing or not permitted)`);
  }
  const imported = await importFile(bytes, { fileName: path.basename(file), crs, ...(values.repair ? { repair: true } : {}) });
  if (!imported.ok) {
    const [zh, en] = importErrorText(imported.error);
    // The site file can be read with repair: say how.
    if (offersRepair(imported.error, values.repair === true)) return fail(`${zh} 也可加 --repair 参数，自动修复后审查。`, `${en} Or add --repair to have it repaired and reviewed.`);
    return fail(zh, en);
  }
  const { value } = imported;

  // A point site is a circle of its own site_area_m2 attribute, else of --site-area; it
  // carries that area as an attribute so that, as one of the "other sites" of the others'
  // reviews, it keeps its own size.
  const sites: Feature[] = value.features.features.flatMap((feature): Feature[] => {
    if (feature.geometry?.type === 'Polygon' || feature.geometry?.type === 'MultiPolygon') return [feature];
    if (feature.geometry?.type !== 'Point') return [];
    const area = pointSiteArea(feature) ?? siteAreaM2;
    return area === undefined ? [] : [{ ...feature, properties: { ...(feature.properties ?? {}), [SITE_AREA_PROPERTY]: area } }];
  });
  if (sites.length === 0) {
    const hasPoints = value.features.features.some((feature) => feature.geometry?.type === 'Point');
    return fail(
      `${path.basename(file)}：没有面状选址${hasPoints ? '（点状选址请用 --site-area 给出面积）' : ''}`,
      `${path.basename(file)}: no polygon site found${hasPoints ? ' (for point sites give the area with --site-area)' : ''}`,
    );
  }
  const maxSites = numberOption('max-sites', values['max-sites'], { min: 1 }) ?? 2000;
  if (sites.length > maxSites) {
    return fail(
      `${path.basename(file)} 含 ${sites.length} 个面，超过单次审查上限 ${maxSites} 个选址。若这是地块或管控图层，请用 --layer ${path.basename(file)}:prohibited 等方式作为参考图层；确为批量选址时用 --max-sites ${sites.length} --jsonl --output 结果.jsonl`,
      `${path.basename(file)} holds ${sites.length} polygons, more than the ${maxSites} sites one review run takes. If it is a parcel or control layer, give it as a reference layer (--layer ${path.basename(file)}:prohibited …); for a real batch use --max-sites ${sites.length} --jsonl --output results.jsonl`,
    );
  }

  let layers;
  try {
    layers = await readAuthoredLayers();
  } catch (error) {
    const first = (error as { problems?: string[] }).problems?.[0] ?? (error as Error).message.split('\n')[0];
    return fail(`图集图层有误：${first}`, `The atlas layers have problems: ${first}`, 3);
  }
  // Reference layers: imported once and indexed; each site reads its bbox candidates.
  let references: LoadedReferenceLayer[] = [];
  let builtInLayers: string[] | undefined;
  if (typeof values.profile === 'string') {
    const loaded = await loadProfile(values.profile);
    references = loaded.layers;
    builtInLayers = loaded.profile.builtInLayers;
  }
  const layerOptions = Array.isArray(values.layer) ? values.layer : typeof values.layer === 'string' ? [values.layer] : [];
  references = [...references, ...(await loadLayerOptions(layerOptions))];
  if (values['no-builtin'] && typeof values.builtin === 'string') {
    fail('--no-builtin 与 --builtin 只能用一个', 'Use either --no-builtin or --builtin, not both');
  }
  if (values['no-builtin']) builtInLayers = [];
  if (typeof values.builtin === 'string') {
    builtInLayers = values.builtin.split(',').map((id) => id.trim()).filter((id) => id !== '');
    const unknown = builtInLayers.filter((id) => !layers.some((layer) => layer.meta.id === id));
    if (unknown.length > 0) {
      fail(`--builtin 中有不存在的图层：${unknown.join('、')}（可用：${layers.map((layer) => layer.meta.id).join('、')}）`, `--builtin names unknown layers: ${unknown.join(', ')} (available: ${layers.map((layer) => layer.meta.id).join(', ')})`);
    }
  }
  const withGeometry = values.geometry === true;
  const showProgress = values.progress === true || process.stderr.isTTY === true;
  const context = createReviewContext(layers);
  const input = {
    file: path.basename(file),
    format: value.format,
    crs: value.crs.crs,
    crs_detected: value.crs.detected,
    axis_swapped: value.crs.axisSwapped,
    warnings: value.warnings,
  };
  // Other sites under review: indexed once (flatbush over their boxes), so each site is
  // checked only against those whose boxes meet its own — linear, not quadratic, in the
  // number of sites. A site without an id is numbered by its place in the file (1, 2, …), so
  // it is named the same in every other site's report.
  const numbered = sites.map((site, position) => (featureIdOf(site) === undefined ? { ...site, id: position + 1 } : site));
  const siteBoxes = numbered.map((site) => geometryBbox(siteGeometry(site, pointSiteArea(site) ?? siteAreaM2)) as BoundingBox);
  const siteIndex = new Flatbush(numbered.length);
  for (const box of siteBoxes) siteIndex.add(box[0], box[1], box[2], box[3]);
  siteIndex.finish();

  // --output FILE (with --jsonl): append one line per site; a rerun skips the sites already
  // in the file, so a long batch interrupted (server restart, Ctrl+C) resumes where it stopped.
  const outputFile = typeof values.output === 'string' ? values.output : undefined;
  if (outputFile && !values.jsonl) fail('--output 需与 --jsonl 一起使用', '--output goes with --jsonl');
  const done = new Set<number>();
  if (outputFile) {
    const previous = await readFile(outputFile, 'utf8').catch(() => '');
    for (const line of previous.split('\n')) {
      try {
        const index = (JSON.parse(line) as { site_index?: unknown }).site_index;
        if (typeof index === 'number') done.add(index);
      } catch {
        // a line cut by an interruption: that site is reviewed again
      }
    }
    if (previous !== '' && !previous.endsWith('\n')) await appendFile(outputFile, '\n');
  }
  const reports: Record<string, unknown>[] = [];
  try {
    for (const [position, site] of numbered.entries()) {
      const siteNumber = position + 1;
      if (done.has(siteNumber)) continue;
      if (showProgress) {
        // Bytes received so far from server and database layers: what the review costs the network.
        const received = references.reduce((sum, reference) => sum + reference.bytesRead, 0);
        process.stderr.write(`${siteNumber}/${numbered.length} ${site.properties?.name ?? site.properties?.id ?? ''}${references.some((reference) => reference.source) ? ` (${(received / 1024).toFixed(1)} KiB read)` : ''}\n`);
      }
      const box = siteBoxes[position]!;
      const otherSites = siteIndex.search(box[0], box[1], box[2], box[3]).filter((other) => other !== position).sort((a, b) => a - b).map((other) => numbered[other]!);
      let report: SiteReport;
      try {
        report = reviewSite(context, site, proposal, {
          railClass,
          otherSites,
          withGeometry,
          controls: { minInvestmentIntensity },
          references: await Promise.all(references.map((reference) => referenceInputFor(reference, box))),
          ...(builtInLayers !== undefined ? { builtInLayers } : {}),
        });
      } catch (error) {
        if (error instanceof SiteReviewError) {
          return fail(`${input.file} 第 ${siteNumber} 个选址：${error.text.zh}`, `${input.file}, site ${siteNumber}: ${error.text.en}`);
        }
        throw error;
      }
      const json = values.jsonl ? { site_index: siteNumber, input, ...reportJson(report, withGeometry) } : { input, ...reportJson(report, withGeometry) };
      if (outputFile) await appendFile(outputFile, `${JSON.stringify(json)}\n`);
      else if (values.jsonl) process.stdout.write(`${JSON.stringify(json)}\n`);
      else reports.push(json);
    }
  } finally {
    await closeReferenceLayers(references);
  }
  return values.jsonl ? undefined : { reports };
}

void runCli(main);
