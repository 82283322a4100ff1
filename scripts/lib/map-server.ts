/**
 * A real map server for tests and benchmarks: MapServer 8 (Debian `cgi-mapserver`) behind
 * lighttpd (Debian `lighttpd`) on 127.0.0.1 at a free port, publishing PostGIS tables as
 * WFS 2.0 (GeoJSON and GML 3.2 output) and OGC API – Features — the way a bureau's intranet
 * publishes its 一张图 layers — and static files (FlatGeobuf with range requests) from its
 * document root. Started from a temporary folder and removed by `stop()`.
 *
 *   WFS:      http://127.0.0.1:PORT/cgi-bin/mapserv?map=atlas&SERVICE=WFS&REQUEST=GetCapabilities
 *   OGC API:  http://127.0.0.1:PORT/cgi-bin/mapserv/atlas/ogcapi/collections?f=json
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, type PostgisServer } from './postgis-server';

export const MAPSERV = process.env.MAPSERV ?? '/usr/lib/cgi-bin/mapserv';
export const LIGHTTPD = process.env.LIGHTTPD ?? '/usr/sbin/lighttpd';

export interface PublishedTable {
  /** Table name in schema public; also the WFS type name and the OGC API collection id. */
  table: string;
  /** Geometry column's SRID (4490, 4528, 4529 …). */
  srid: number;
  geometryType: 'POLYGON' | 'LINE' | 'POINT';
  /** Primary key column (unique ids for paging and items). */
  idColumn: string;
  title?: string;
}

export interface MapServer {
  port: number;
  /** WFS endpoint (append &SERVICE=WFS&…). */
  wfsUrl: string;
  /** OGC API – Features landing page. */
  ogcApiUrl: string;
  /** Static files (HTTP range requests answered by lighttpd) from {@link documentRoot}. */
  staticUrl: string;
  documentRoot: string;
  stop(): void;
}

export function mapServerAvailable(): boolean {
  return existsSync(MAPSERV) && existsSync(LIGHTTPD);
}

function mapfile(database: PostgisServer, tables: PublishedTable[], port: number): string {
  const online = `http://127.0.0.1:${port}/cgi-bin/mapserv?map=atlas&`;
  const layers = tables
    .map(
      (table) => `
  LAYER
    NAME "${table.table}"
    TYPE ${table.geometryType}
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION "host=${database.host} port=${database.port} user=${database.user} dbname=${database.database}"
    DATA "geom FROM public.${table.table} USING UNIQUE ${table.idColumn} USING SRID=${table.srid}"
    PROJECTION "init=epsg:${table.srid}" END
    METADATA
      "wfs_title" "${table.title ?? table.table}"
      "wfs_srs" "EPSG:${table.srid} EPSG:4490 EPSG:4326 EPSG:4528 EPSG:4529"
      "wfs_featureid" "${table.idColumn}"
      "gml_include_items" "all"
      "gml_types" "auto"
      "wfs_getfeature_formatlist" "geojson"
      "wfs_use_default_extent_for_getfeature" "false"
      "oga_use_default_extent_for_getfeature" "false"
      "ows_enable_request" "*"
      "oga_enable_request" "*"
    END
    TEMPLATE "ttt"
  END`,
    )
    .join('\n');
  return `MAP
  NAME "atlas"
  EXTENT -180 -90 180 90
  UNITS DD
  PROJECTION "init=epsg:4490" END
  OUTPUTFORMAT
    NAME "geojson"
    DRIVER "OGR/GEOJSON"
    MIMETYPE "application/json; subtype=geojson"
    FORMATOPTION "STORAGE=stream"
    FORMATOPTION "FORM=SIMPLE"
    FORMATOPTION "LCO:RFC7946=NO"
    FORMATOPTION "LCO:COORDINATE_PRECISION=9"
  END
  WEB
    METADATA
      "ows_title" "Weihai–Rushan planning layers (test server)"
      "ows_onlineresource" "${online}"
      "ows_srs" "EPSG:4490 EPSG:4326 EPSG:4528 EPSG:4529"
      "ows_enable_request" "*"
      "oga_enable_request" "*"
      "oga_onlineresource" "http://127.0.0.1:${port}/cgi-bin/mapserv/atlas/ogcapi"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
      "wfs_maxfeatures" "100000"
      "oga_max_limit" "10000"
      "oga_default_limit" "1000"
    END
  END
${layers}
END
`;
}

/** Starts lighttpd + MapServer publishing `tables` of a running PostGIS server. */
export async function startMapServer(database: PostgisServer, tables: PublishedTable[]): Promise<MapServer> {
  if (!mapServerAvailable()) throw new Error('MapServer/lighttpd not installed: apt-get install cgi-mapserver lighttpd');
  const folder = mkdtempSync(path.join(tmpdir(), 'atlas-mapserver-'));
  const port = await freePort();
  const documents = path.join(folder, 'www');
  mkdirSync(documents);
  writeFileSync(path.join(folder, 'atlas.map'), mapfile(database, tables, port));
  writeFileSync(
    path.join(folder, 'mapserver.conf'),
    `CONFIG
  ENV
    MS_MAP_NO_PATH "1"
    PROJ_DATA "/usr/share/proj"
  END
  MAPS
    "atlas" "${path.join(folder, 'atlas.map')}"
  END
END
`,
  );
  writeFileSync(
    path.join(folder, 'lighttpd.conf'),
    `server.document-root = "${documents}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${path.join(folder, 'error.log')}"
server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
alias.url = ("/cgi-bin/mapserv" => "${MAPSERV}")
$HTTP["url"] =~ "^/cgi-bin/" { cgi.assign = ("" => "") }
setenv.set-environment = ("MAPSERVER_CONFIG_FILE" => "${path.join(folder, 'mapserver.conf')}")
# The atlas is served from another origin: browsers read cross-origin answers only with CORS (issue 13).
setenv.add-response-header = ("Access-Control-Allow-Origin" => "*")
`,
  );
  const lighttpd: ChildProcess = spawn(LIGHTTPD, ['-D', '-f', path.join(folder, 'lighttpd.conf')], { stdio: 'ignore' });
  // Wait until it answers.
  const base = `http://127.0.0.1:${port}/cgi-bin/mapserv/atlas`;
  const wfsUrl = `http://127.0.0.1:${port}/cgi-bin/mapserv?map=atlas`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(`${wfsUrl}&SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0`);
      if (response.ok && (await response.text()).includes('WFS_Capabilities')) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      lighttpd.kill('SIGKILL');
      throw new Error(`lighttpd + MapServer did not answer on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    lighttpd.kill('SIGTERM');
    spawnSync('sleep', ['0.1']);
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { port, wfsUrl, ogcApiUrl: `${base}/ogcapi`, staticUrl: `http://127.0.0.1:${port}`, documentRoot: documents, stop };
}
