/**
 * The exports of a CommonJS package loaded with import(). Vite, and esbuild in one file, give
 * them as named exports; esbuild splitting a bundle into chunks (the CLIs: scripts/cli/launch.mjs)
 * gives a CommonJS package only a `default` export, its `module.exports`. So: the named
 * exports when `name` is among them, else the default.
 */
export function commonJsExports<T extends object>(loaded: T, name: keyof T): T {
  if (name in loaded) return loaded;
  return (loaded as T & { default: T }).default;
}
