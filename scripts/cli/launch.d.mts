/** Types of scripts/cli/launch.mjs (plain JavaScript so that `node` runs it without a loader). */
export declare const CLI_NAMES: string[];
export declare function bundlePath(name: string): string;
export declare function buildCli(name: string): Promise<string>;
