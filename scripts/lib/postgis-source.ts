/**
 * A PostGIS table (or query) as a layer source for the Node CLIs — the bureau's 一张图
 * database read where it lives. The bounding-box filter is pushed into the database
 * (`geom && ST_Transform(envelope, srid)`), so its GiST index picks the candidates and only
 * they cross the wire, as GeoJSON in lon/lat (EPSG:4490) with 9 decimals (≈ 0.1 mm).
 *
 *   postgresql://user@host:port/db?table=schema.name[&geometry=geom][&id=gid]
 *   postgresql://user@host:port/db?query=SELECT … (the query's geometry column is `geom`)
 *
 * Browsers never talk to PostgreSQL; they read the same tables through the bureau's WFS /
 * OGC API server (src/io/sources/).
 */
import type { Feature } from 'geojson';
import type { Pool } from 'pg';
import {
  DEFAULT_FEATURE_LIMIT,
  SourceUnavailableError,
  type FeaturesOptions,
  type FeaturesPage,
  type LayerSource,
  type LonLatBox,
} from '../../src/io/sources/layer-source';

export interface PostgisSpec {
  connection: string;
  /** schema.table, or null for a query source. */
  table: string | null;
  query: string | null;
  geometryColumn: string;
  idColumn: string | null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Parses `postgresql://…?table=…|query=…`; throws a bilingual error on a malformed spec. */
export function parsePostgisSpec(spec: string): PostgisSpec {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new SourceUnavailableError(spec, { zh: `无法解析数据库地址 ${spec}。`, en: `Could not parse the database address ${spec}.` });
  }
  const table = url.searchParams.get('table');
  const query = url.searchParams.get('query');
  if (!table === !query) {
    throw new SourceUnavailableError(spec, {
      zh: '数据库图层需写明 table=模式.表名 或 query=SQL 之一，例如 postgresql://user@host:5432/db?table=public.yjjbnt。',
      en: 'A database layer needs exactly one of table=schema.name or query=SQL, e.g. postgresql://user@host:5432/db?table=public.yjjbnt.',
    });
  }
  if (table && !table.split('.').every((part) => IDENTIFIER.test(part))) {
    throw new SourceUnavailableError(spec, { zh: `表名 ${table} 不合法：只能含字母、数字和下划线。`, en: `Table name ${table} is not valid: letters, digits and underscores only.` });
  }
  const geometryColumn = url.searchParams.get('geometry') ?? 'geom';
  const idColumn = url.searchParams.get('id');
  for (const column of [geometryColumn, idColumn].filter((value): value is string => value !== null)) {
    if (!IDENTIFIER.test(column)) throw new SourceUnavailableError(spec, { zh: `列名 ${column} 不合法。`, en: `Column name ${column} is not valid.` });
  }
  for (const key of ['table', 'query', 'geometry', 'id']) url.searchParams.delete(key);
  return { connection: url.href, table, query, geometryColumn, idColumn };
}

/** The label a report shows: the address without a password. */
function labelOf(spec: PostgisSpec): string {
  const url = new URL(spec.connection);
  url.password = '';
  return `${url.href.replace(/\?$/, '')} ${spec.table ?? 'query'}`;
}

export interface PostgisLayerSource extends LayerSource {
  /** Feature count and SRID of the table (for the report's provenance). */
  describe(): Promise<{ features: number; srid: number; fields: string[] }>;
  close(): Promise<void>;
}

export function postgisSource(specText: string): PostgisLayerSource {
  const spec = parsePostgisSpec(specText);
  const label = labelOf(spec);
  // The driver is loaded on first use (issue 12: loading it took ≈ 48 ms of every review
  // CLI start, most runs of which ask no database).
  let opened: Promise<Pool> | undefined;
  let closed = false;
  const connected = (): Promise<Pool> => {
    if (closed) return Promise.reject(new Error('the source was closed'));
    return (opened ??= import('pg').then(({ default: pg }) => {
      const created = new pg.Pool({ connectionString: spec.connection, max: 2, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
      created.on('error', () => undefined); // a dropped idle connection is reported by the next query
      return created;
    }));
  };
  const from = spec.table
    ? spec.table.split('.').map(quoteIdentifier).join('.')
    : `(${spec.query}) AS atlas_query`;
  const geometry = quoteIdentifier(spec.geometryColumn);
  let srid: Promise<number> | undefined;

  const unavailable = (error: unknown): SourceUnavailableError =>
    error instanceof SourceUnavailableError
      ? error
      : new SourceUnavailableError(label, {
          zh: `无法查询数据库图层 ${label}（${String((error as Error).message ?? error).slice(0, 160)}）。请检查数据库是否运行、地址与权限。`,
          en: `Could not query the database layer ${label} (${String((error as Error).message ?? error).slice(0, 160)}). Check that the database is running, the address and the permissions.`,
        });

  const sridOf = () =>
    (srid ??= connected()
      .then((pool) => pool.query(`SELECT ST_SRID(${geometry}) AS srid FROM ${from} WHERE ${geometry} IS NOT NULL LIMIT 1`))
      .then((result) => Number(result.rows[0]?.srid ?? 4490) || 4490));

  return {
    kind: 'postgis',
    label,
    async features(bbox: LonLatBox, options: FeaturesOptions = {}): Promise<FeaturesPage> {
      const limit = options.limit ?? DEFAULT_FEATURE_LIMIT;
      try {
        const layerSrid = await sridOf();
        const envelope = `ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4490), ${layerSrid})`;
        const result = await (await connected()).query({
          text: `SELECT ST_AsGeoJSON(ST_Transform(${geometry}, 4490), 9) AS geometry, to_jsonb(t) - '${spec.geometryColumn}' AS properties
                 FROM ${from} t WHERE ${geometry} && ${envelope} LIMIT ${limit + 1}`,
          values: bbox,
        });
        let bytes = 0;
        const features: Feature[] = result.rows.slice(0, limit).map((row: { geometry: string; properties: Record<string, unknown> }) => {
          bytes += row.geometry.length + JSON.stringify(row.properties).length;
          const properties = Object.fromEntries(Object.entries(row.properties).map(([key, value]) => [key, value === null || typeof value !== 'object' ? value : JSON.stringify(value)]));
          const id = spec.idColumn ? properties[spec.idColumn] : undefined;
          return { type: 'Feature', id: id === undefined || id === null ? undefined : String(id), properties, geometry: JSON.parse(row.geometry) };
        });
        options.onProgress?.(features.length);
        return { features, truncated: result.rows.length > limit, bytes };
      } catch (error) {
        throw unavailable(error);
      }
    },
    async describe() {
      try {
        const layerSrid = await sridOf();
        const count = await (await connected()).query(`SELECT count(*)::int AS n FROM ${from}`);
        const fields = await (await connected()).query(`SELECT * FROM ${from} LIMIT 0`);
        return {
          features: Number(count.rows[0]?.n ?? 0),
          srid: layerSrid,
          fields: fields.fields.map((field) => field.name).filter((name) => name !== spec.geometryColumn),
        };
      } catch (error) {
        throw unavailable(error);
      }
    },
    async close() {
      closed = true;
      // A driver that never loaded has nothing to end.
      await opened?.then((pool) => pool.end(), () => undefined);
    },
  };
}
