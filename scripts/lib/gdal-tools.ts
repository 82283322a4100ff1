/**
 * Thin wrappers around GDAL's command-line tools for tests and checks: GDAL is the
 * independent reader that tells whether our FlatGeobuf files are right (CONVENTIONS:
 * expected values come from an independent tool, never from the code under test).
 * Node-only. A missing tool is a failure with an install hint, never a silent skip.
 */
import { execFileSync } from 'node:child_process';

export const GDAL_INSTALL_HINT =
  'GDAL is required: apt-get install gdal-bin (python checks also need python3-gdal) / 需要 GDAL：apt-get install gdal-bin';

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error(`${command} not found. ${GDAL_INSTALL_HINT}`);
    }
    throw new Error(`${command} ${args.join(' ')} failed: ${failure.stderr ?? failure.message}`);
  }
}

/** `ogrinfo <args>` output; throws with the install hint when ogrinfo is missing. */
export function ogrinfo(args: string[]): string {
  return run('ogrinfo', args);
}

/** `ogr2ogr <args>` output; throws with the install hint when ogr2ogr is missing. */
export function ogr2ogr(args: string[]): string {
  return run('ogr2ogr', args);
}

export interface OgrLayerSummary {
  layerName: string;
  geometry: string;
  featureCount: number;
  extent: [number, number, number, number] | null;
  epsg: number | null;
  fields: Record<string, string>;
}

/** Parse `ogrinfo -so -al <file>` (one layer) into its summary lines. */
export function ogrinfoSummary(file: string): OgrLayerSummary {
  const text = ogrinfo(['-so', '-al', file]);
  const line = (label: string): string | undefined => text.match(new RegExp(`^${label}: (.*)$`, 'm'))?.[1]?.trim();
  const extentMatch = text.match(/^Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/m);
  const epsgMatches = [...text.matchAll(/ID\["EPSG",(\d+)\]\]\s*$/gm)];
  const fields: Record<string, string> = {};
  const afterMapping = text.split(/^Data axis to CRS axis mapping:.*$/m)[1] ?? '';
  for (const match of afterMapping.matchAll(/^(\S+): ([\w()]+) \(/gm)) fields[match[1]] = match[2];
  return {
    layerName: line('Layer name') ?? '',
    geometry: line('Geometry') ?? '',
    featureCount: Number(line('Feature Count')),
    extent: extentMatch ? (extentMatch.slice(1, 5).map(Number) as [number, number, number, number]) : null,
    epsg: epsgMatches.length > 0 ? Number(epsgMatches[epsgMatches.length - 1][1]) : null,
    fields,
  };
}

/** The values of one string field of every feature, in file order, read by `ogrinfo -al -q`. */
export function ogrinfoFieldValues(file: string, field: string, spatialFilter?: [number, number, number, number]): string[] {
  const args = ['-al', '-q', '-geom=NO'];
  if (spatialFilter) args.push('-spat', ...spatialFilter.map(String));
  args.push(file);
  const pattern = new RegExp(`^\\s+${field} \\(String\\) = (.*)$`, 'gm');
  return [...ogrinfo(args).matchAll(pattern)].map((match) => match[1]);
}

/**
 * Whether GDAL's FlatGeobuf driver reports a usable spatial index for each file's first
 * layer (OGRLayer::TestCapability(OLCFastSpatialFilter), true only when the header's
 * index_node_size > 0 and the index was read). `ogrinfo` 3.6 prints no such line, so the
 * GDAL Python bindings are asked through the Debian python (/usr/bin/python3), once for
 * all files.
 */
export function gdalSpatialIndexReport(files: string[]): Record<string, boolean> {
  const script = [
    'import sys',
    'from osgeo import ogr',
    'ogr.UseExceptions()',
    'for path in sys.argv[1:]:',
    // Keep the dataset in a variable: a layer outliving its dataset crashes GDAL's bindings.
    '    dataset = ogr.Open(path)',
    '    layer = dataset.GetLayer(0)',
    '    print("FastSpatialFilter=" + str(bool(layer.TestCapability(ogr.OLCFastSpatialFilter))) + " " + path)',
    '    dataset = None',
  ].join('\n');
  let output: string;
  try {
    output = run('/usr/bin/python3', ['-c', script, ...files]);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nThe spatial-index check needs GDAL's Python bindings: apt-get install python3-gdal / 空间索引检查需要 GDAL Python 绑定：apt-get install python3-gdal`);
  }
  const report: Record<string, boolean> = {};
  for (const match of output.matchAll(/^FastSpatialFilter=(True|False) (.*)$/gm)) report[match[2]] = match[1] === 'True';
  for (const file of files) {
    if (!(file in report)) throw new Error(`GDAL python gave no answer for ${file}: ${output}`);
  }
  return report;
}

/** {@link gdalSpatialIndexReport} for one file. */
export function gdalReportsSpatialIndex(file: string): boolean {
  return gdalSpatialIndexReport([file])[file];
}
