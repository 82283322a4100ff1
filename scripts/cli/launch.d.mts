/** Types of scripts/cli/launch.mjs (plain JavaScript so that `node` runs it without a loader). */
export declare const CLI_NAMES: string[];
export declare const NODE_BUNDLE_OPTIONS: {
  bundle: true;
  platform: 'node';
  format: 'esm';
  target: string;
  logLevel: 'error';
  banner: { js: string };
};
export declare function bundlePath(name: string): string;
export declare function buildCli(name: string): Promise<string>;
