/**
 * `npm run --silent review -- <file> [options]`: siting review of every polygon in a file
 * against the atlas's planning layers. Prints one JSON object `{"reports": [ … ]}` (one
 * report per polygon; the other polygons of the file count as "other sites under review").
 * Bad input: one bilingual line on stderr, exit code 2, nothing on stdout.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Feature } from 'geojson';
import { importFile } from '../../src/io/registry';
import type { ImportError } from '../../src/io/types';
import { parseCrsCode } from '../../src/crs/projections';
import { createReviewContext, pointSiteArea, reviewSite, SITE_AREA_PROPERTY, SiteReviewError } from '../../src/analysis/siting-review';
import { RAIL_AREA_CLASSES, type RailAreaClass } from '../../src/analysis/protection-zone';
import { readAuthoredLayers } from '../lib/atlas-layers';
import { fail, numberOption, parseArgs, RATIO_RULE, ratioOption, runCli, usage, type OptionSpec } from './cli-common';

const OPTIONS: Record<string, OptionSpec> = {
  crs: {
    type: 'string',
    help: {
      en: 'CRS of the file when it does not say: EPSG:4490, EPSG:4528, EPSG:4529, EPSG:4549, EPSG:4550, gcj02, bd09, … (default: detected)',
      zh: '文件坐标系（文件未声明时）：EPSG:4490、EPSG:4528、EPSG:4529、EPSG:4549、EPSG:4550、gcj02、bd09 等（默认自动识别）',
    },
  },
  industry: { type: 'string', help: { en: 'GB/T 4754-2002 industry code (two digits or more), e.g. 27', zh: 'GB/T 4754-2002 行业代码（两位或更多），如 27' } },
  far: { type: 'string', help: { en: 'Floor-area ratio (容积率)', zh: '容积率' } },
  coverage: { type: 'string', help: { en: 'Building coverage (建筑系数): 0.35, 35 or 35% (see the ratio rule below)', zh: '建筑系数：0.35、35 或 35%（写法见下方比例说明）' } },
  'office-share': {
    type: 'string',
    help: { en: 'Office and living-service land share: 0.05, 5 or 5% (ratio rule below)', zh: '行政办公及生活服务设施用地比重：0.05、5 或 5%（写法见下方比例说明）' },
  },
  green: { type: 'string', help: { en: 'Green ratio (绿地率): 0.15, 15 or 15% (ratio rule below)', zh: '绿地率：0.15、15 或 15%（写法见下方比例说明）' } },
  investment: { type: 'string', help: { en: 'Investment intensity, 10k yuan per ha (投资强度, 万元/公顷)', zh: '投资强度（万元/公顷）' } },
  'min-investment': {
    type: 'string',
    help: { en: 'Investment-intensity threshold for the region class, 10k yuan/ha (no default)', zh: '所在地区等别的投资强度控制值（万元/公顷，无默认值）' },
  },
  'rail-class': {
    type: 'string',
    help: {
      en: 'Railway Safety Regulations Art. 27 area class: urban (10 m), suburban (12 m), village (15 m), other (20 m, default)',
      zh: '《铁路安全管理条例》第二十七条地区类别：urban 城市市区 10 米、suburban 城市郊区居民居住区 12 米、village 村镇居民居住区 15 米、other 其他地区 20 米（默认）',
    },
  },
  'site-area': {
    type: 'string',
    help: {
      en: 'Site area in m² for point sites without their own site_area_m2 attribute (reviewed as a circle)',
      zh: '点状选址的用地面积（平方米，按圆形审查），用于没有 site_area_m2 属性的点',
    },
  },
  help: { type: 'boolean', help: { en: 'Show this help', zh: '显示帮助' } },
};

/** File, what is wrong, what to do — without doubled sentence ends ("。。"). */
function importErrorText(error: ImportError): [string, string] {
  const trim = (text: string) => text.trim().replace(/[。.．]+$/u, '');
  return [
    `${error.file}：${trim(error.message.zh)}。${trim(error.hint.zh)}。`,
    `${error.file}: ${trim(error.message.en)}. ${trim(error.hint.en)}.`,
  ];
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
  const proposal = {
    industryCode,
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
  const imported = await importFile(bytes, { fileName: path.basename(file), crs });
  if (!imported.ok) return fail(...importErrorText(imported.error));
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

  let layers;
  try {
    layers = await readAuthoredLayers();
  } catch (error) {
    const first = (error as { problems?: string[] }).problems?.[0] ?? (error as Error).message.split('\n')[0];
    return fail(`图集图层有误：${first}`, `The atlas layers have problems: ${first}`, 3);
  }
  const context = createReviewContext(layers);
  const input = {
    file: path.basename(file),
    format: value.format,
    crs: value.crs.crs,
    crs_detected: value.crs.detected,
    axis_swapped: value.crs.axisSwapped,
    warnings: value.warnings,
  };
  const reports = sites.map((site, position) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { candidates_tested, ...report } = reviewSite(context, site, proposal, {
        railClass,
        otherSites: sites.filter((_, other) => other !== position),
        controls: { minInvestmentIntensity },
      });
      return { input, ...report };
    } catch (error) {
      if (error instanceof SiteReviewError) {
        return fail(`${input.file} 第 ${position + 1} 个选址：${error.text.zh}`, `${input.file}, site ${position + 1}: ${error.text.en}`);
      }
      throw error;
    }
  });
  return { reports };
}

void runCli(main);
