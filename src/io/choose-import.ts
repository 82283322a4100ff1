/**
 * Starting an import from files chosen in a picker or dropped: one ordinary file goes on as it
 * is; several, or a lone shapefile part, load the grouping (src/io/file-set.ts, a dynamic
 * import, so its messages stay out of the page's first load) — which hands back the .shp
 * carrying its parts, or the refusal (src/io/chosen-files.ts).
 */
import { extensionOf, SHAPEFILE_SIBLINGS, type NamedBlob } from './chosen-files';

/** The import to start for files chosen together (file-set.ts `chosenImport`); undefined when none was chosen. */
export async function chooseImport(files: readonly NamedBlob[]): Promise<{ source: Blob; fileName: string } | undefined> {
  if (files.length === 0) return undefined;
  const [only] = files;
  if (files.length === 1 && !(SHAPEFILE_SIBLINGS as readonly string[]).includes(extensionOf(only.name))) return { source: only, fileName: only.name };
  const { chosenImport } = await import('./file-set');
  return chosenImport(files);
}
