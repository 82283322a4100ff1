/**
 * One direction in the code (CONVENTIONS.md "The shape: data flows one way"), checked by
 * dependency-cruiser inside `npm test` (`npm run check:deps`): a new import that runs back up
 * the layers, a cycle, or React/MapLibre in the engine fails the build with the rule's name.
 *
 *   src/data → src/crs → src/geometry → src/io → src/analysis → src/records → src/worker
 *     → src/i18n → src/state → { src/map, src/components, src/explorer, src/story, src/print }
 *
 * A folder may import itself and any folder to its left, never one to its right. The app
 * folders may import each other (no cycles). src/main.tsx and src/App.tsx sit on top.
 * Move the code instead of bending a rule.
 */

/** Lowest first. */
const LAYERS = ['data', 'crs', 'geometry', 'io', 'analysis', 'records', 'worker', 'i18n', 'state'];
const APP_FOLDERS = ['map', 'components', 'explorer', 'story', 'print'];
/** Run in the browser, in the Web Worker and in the Node CLIs: no UI library. */
const ENGINE_LAYERS = ['data', 'crs', 'geometry', 'io', 'analysis', 'records', 'worker', 'i18n'];
const UI_PACKAGES = ['react', 'react-dom', 'maplibre-gl', 'react-map-gl', 'terra-draw', 'terra-draw-maplibre-gl-adapter', 'echarts'];

const folderPattern = (folders) => `^src/(${folders.join('|')})/`;

/** One rule per layer: it names the layer and every folder it must not reach. */
const upwardRules = LAYERS.map((layer, index) => {
  const higher = [...LAYERS.slice(index + 1), ...APP_FOLDERS];
  return {
    name: `layer-${layer}-imports-only-lower-layers`,
    severity: 'error',
    comment:
      `src/${layer} sits below ${higher.map((folder) => `src/${folder}`).join(', ')} and must not import them ` +
      '(layer order: CONVENTIONS.md, .dependency-cruiser.cjs). Move the shared code down instead.',
    from: { path: `^src/${layer}/` },
    to: { path: folderPattern(higher) },
  };
});

module.exports = {
  forbidden: [
    ...upwardRules,
    {
      name: 'nothing-imports-the-entry',
      severity: 'error',
      comment: 'src/main.tsx and src/App.tsx sit on top of every folder; only main.tsx imports App.tsx.',
      from: { path: '^src/', pathNot: '^src/main\\.tsx$' },
      to: { path: '^src/(main|App)\\.tsx$' },
    },
    {
      name: 'engine-imports-no-ui-library',
      severity: 'error',
      comment:
        `src/{${ENGINE_LAYERS.join(',')}} run in the browser, the Web Worker and the Node CLIs: ` +
        `no ${UI_PACKAGES.join(', ')} there (CONVENTIONS.md).`,
      from: { path: folderPattern(ENGINE_LAYERS) },
      to: { path: `^node_modules/(${UI_PACKAGES.join('|')})/` },
    },
    {
      name: 'src-imports-no-scripts-or-tests',
      severity: 'error',
      comment: 'The app does not depend on build scripts or tests; move what both need into src/.',
      from: { path: '^src/' },
      to: { path: '^(scripts|tests)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only imports count): move the shared piece so the arrow runs one way.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable-import',
      severity: 'error',
      comment: 'The import resolves to no file or package.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: { path: ['^src/', '^node_modules/', '^scripts/', '^tests/'] },
    doNotFollow: { path: ['node_modules', '^scripts/', '^tests/'] },
    // Type-only imports are arrows too (a type cycle still couples two modules).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
