/**
 * A throwaway PostgreSQL 15 + PostGIS 3 server for tests and benchmarks: a new cluster in a
 * temporary folder, listening on 127.0.0.1 at a free port (and a unix socket in the same
 * folder), fsync off, removed again by `stop()`. Uses Debian's packages
 * (`postgresql-15-postgis-3`); as root the server runs as the `postgres` user (initdb
 * refuses root), otherwise as the current user. Never mocked: the real server answers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgisServer {
  host: string;
  port: number;
  user: string;
  database: string;
  /** `postgresql://postgres@127.0.0.1:PORT/atlas` */
  url: string;
  /** Runs SQL through psql (for set-up scripts); returns stdout. */
  psql(sql: string): string;
  stop(): void;
}

/** Whether this machine has the server binaries and the PostGIS extension. */
export function postgisAvailable(): boolean {
  return existsSync(path.join(PG_BIN, 'postgres')) && existsSync('/usr/share/postgresql/15/extension/postgis.control');
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asServerUser(isRoot: boolean, command: string, args: string[]): string[] {
  return isRoot ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
}

/** Starts a new cluster with the postgis extension in database `atlas`. */
export async function startPostgis(): Promise<PostgisServer> {
  if (!postgisAvailable()) {
    throw new Error(
      'PostgreSQL 15 + PostGIS 3 not installed: apt-get install postgresql-15-postgis-3 (npm test installs it when run as root)',
    );
  }
  const isRoot = process.getuid?.() === 0;
  const folder = mkdtempSync(path.join(tmpdir(), 'atlas-postgis-'));
  chmodSync(folder, 0o755);
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(folder, uid, gid);
  }
  const data = path.join(folder, 'data');
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const [binary, ...rest] = asServerUser(isRoot, command, args);
    const result = spawnSync(binary!, rest, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  run(path.join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
  run(path.join(PG_BIN, 'pg_ctl'), [
    '-D', data, '-w', '-l', path.join(folder, 'server.log'),
    '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off`,
    'start',
  ]);
  const psql = (sql: string, database = 'atlas') => {
    const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At'], {
      input: sql,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
    return result.stdout;
  };
  psql('CREATE DATABASE atlas;', 'postgres');
  psql('CREATE EXTENSION postgis;');
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'atlas',
    url: `postgresql://postgres@127.0.0.1:${port}/atlas`,
    psql: (sql: string) => psql(sql),
    stop,
  };
}
