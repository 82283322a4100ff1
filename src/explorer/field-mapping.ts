/**
 * Field mapping for a user's own parcel layer (issue 5): which column of the file feeds each
 * canonical parcel attribute (src/analysis/parcel-fields.ts PARCEL_FIELDS) and how its
 * land-use and status codes translate. The dialog starts from a guess (canonical name, then
 * the synonyms the engine knows) and the chosen mapping is remembered per set of column
 * names, so the same export from the same system maps itself next time.
 *
 * Pure apart from the two storage helpers, which take a Storage-like object.
 */
import type { FeatureCollection } from 'geojson';
import {
  LAND_USES,
  mapParcelFields,
  PARCEL_FIELDS,
  PARCEL_STATUSES,
  type LandUse,
  type ParcelFieldMapping,
  type ParcelFieldName,
  type ParcelStatus,
} from '../analysis/parcel-fields';

/** Column names of a collection, in first-seen order (at most the first 2,000 features are read). */
export function columnsOf(collection: FeatureCollection): string[] {
  const seen = new Set<string>();
  for (const feature of collection.features.slice(0, 2000)) for (const key of Object.keys(feature.properties ?? {})) seen.add(key);
  return [...seen];
}

/** Distinct values of one column (as text), at most `limit`, most frequent first. */
export function distinctValues(collection: FeatureCollection, column: string, limit = 40): string[] {
  const counts = new Map<string, number>();
  for (const feature of collection.features) {
    const value = feature.properties?.[column];
    if (value === null || value === undefined || value === '') continue;
    const key = String(value).trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([value]) => value);
}

/** First guess: the canonical name, then a synonym (case-insensitive); undefined when none fits. */
export function guessMapping(columns: readonly string[]): ParcelFieldMapping {
  const result: Partial<Record<ParcelFieldName, string>> = {};
  for (const spec of PARCEL_FIELDS) {
    const wanted = new Set([spec.name, ...spec.synonyms].map((name) => name.toLowerCase()));
    const found = columns.find((column) => wanted.has(column.toLowerCase()));
    if (found) result[spec.name] = found;
  }
  return { columns: result };
}

/**
 * The value codes of `column` the engine does not recognise by itself (not a canonical code
 * nor a known Chinese/English synonym): the ones the dialog asks the user to translate.
 */
export function unknownCodes(collection: FeatureCollection, field: 'land_use' | 'status', column: string | undefined, mapping: ParcelFieldMapping): string[] {
  if (!column) return [];
  return distinctValues(collection, column).filter((value) => {
    const probe: ParcelFieldMapping = {
      columns: { [field]: column, [field === 'land_use' ? 'status' : 'land_use']: '__probe__' },
      landUseValues: mapping.landUseValues,
      statusValues: mapping.statusValues,
    };
    const properties = { [column]: value, __probe__: field === 'land_use' ? 'built' : 'industrial' };
    return !mapParcelFields(properties, probe).ok;
  });
}

export function isLandUse(value: string): value is LandUse {
  return (LAND_USES as readonly string[]).includes(value);
}
export function isParcelStatus(value: string): value is ParcelStatus {
  return (PARCEL_STATUSES as readonly string[]).includes(value);
}

const STORAGE_PREFIX = 'weihai-rushan-atlas.parcel-mapping.';

/** The key a mapping is remembered under: the file's sorted column names. */
export function mappingKey(columns: readonly string[]): string {
  return STORAGE_PREFIX + [...columns].sort().join('|');
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export function rememberMapping(storage: StorageLike | undefined, columns: readonly string[], mapping: ParcelFieldMapping): void {
  try {
    storage?.setItem(mappingKey(columns), JSON.stringify(mapping));
  } catch {
    // Not remembering is harmless: the dialog guesses again next time.
  }
}

export function recallMapping(storage: StorageLike | undefined, columns: readonly string[]): ParcelFieldMapping | null {
  try {
    const text = storage?.getItem(mappingKey(columns));
    if (!text) return null;
    const parsed = JSON.parse(text) as ParcelFieldMapping;
    // Only keep columns that still exist, and codes that are still canonical.
    const columnSet = new Set(columns);
    const kept: Partial<Record<ParcelFieldName, string>> = {};
    for (const [name, column] of Object.entries(parsed.columns ?? {})) if (typeof column === 'string' && columnSet.has(column)) kept[name as ParcelFieldName] = column;
    const landUseValues = Object.fromEntries(Object.entries(parsed.landUseValues ?? {}).filter(([, code]) => isLandUse(code)));
    const statusValues = Object.fromEntries(Object.entries(parsed.statusValues ?? {}).filter(([, code]) => isParcelStatus(code)));
    return { columns: kept, landUseValues, statusValues } as ParcelFieldMapping;
  } catch {
    return null;
  }
}
