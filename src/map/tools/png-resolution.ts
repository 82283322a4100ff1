/**
 * Sets a PNG's physical resolution: inserts a pHYs chunk (PNG spec, ISO/IEC 15948 §11.3.5.3:
 * pixels per metre, unit 1 = metre) right after IHDR, so print software places a 300 dpi
 * export at its paper size. Browsers' canvas.toBlob writes none. Pure bytes in, bytes out.
 */
const PNG_SIGNATURE_LENGTH = 8;
const IHDR_CHUNK_LENGTH = 8 + 13 + 4; // length + type, 13 data bytes, CRC

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The PNG with a pHYs chunk for `dpi` (replacing none: call once on a fresh encoder output). */
export function withPngResolution(png: Uint8Array, dpi: number): Uint8Array<ArrayBuffer> {
  const pixelsPerMetre = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, pixelsPerMetre);
  view.setUint32(12, pixelsPerMetre);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const at = PNG_SIGNATURE_LENGTH + IHDR_CHUNK_LENGTH;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, at), 0);
  out.set(chunk, at);
  out.set(png.subarray(at), at + chunk.length);
  return out;
}
