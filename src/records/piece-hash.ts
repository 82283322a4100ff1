/**
 * Hex SHA-256 of a file given in pieces — the name a reference layer's version goes by
 * (`source.hash`), so a record and a profile bundle can be checked against the layer it used.
 *
 * Web Crypto hashes only a whole array (and copies it first), so a 36 MB layer laid out in
 * pieces would need the whole file, and its copy, beside the features. hash-wasm's SHA-256 is
 * incremental and runs as WebAssembly: issue 12 measured it at ≈ 80 ms for 34 MB on this
 * machine where @noble/hashes in JavaScript took 170–370 ms. The app's Content-Security-Policy
 * allows WebAssembly for it (`'wasm-unsafe-eval'`, vite.config.ts); nothing is fetched, the
 * module is inside the worker's code.
 */
import { createSHA256 } from 'hash-wasm';

/** sha256Hex (profile-bundle.ts) of the pieces joined, without joining them. */
export async function sha256HexOfPieces(pieces: Iterable<Uint8Array>): Promise<string> {
  const hash = await createSHA256();
  hash.init();
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
}
