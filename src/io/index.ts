/**
 * File import and export for the atlas (issue 3): the public surface used by the app,
 * the import worker and the CLIs. Parsers load on demand behind `importFile`.
 */
export { importFile, importers, pickImporter, supportedFormats } from './registry';
export { exportSite, clockwiseFromNorthWest, type ExportFile, type ExportFormat, type ExportError } from './export';
export { matchPrj } from './prj';
export {
  formatImportError,
  type CrsAssumption,
  type ImportError,
  type ImportErrorCode,
  type ImportOptions,
  type ImportOutcome,
  type ImportResult,
  type Importer,
  type Result,
} from './types';
