/**
 * A Blob of `content` whose stream is a byte stream from the source `source()` gives (a new
 * source for each stream): for tests of readers that meet a File's stream misbehaving — one
 * that never closes, fails part-way, or no longer matches the File's size.
 */
export function byteStreamBlob(content: Uint8Array<ArrayBuffer>, source: () => Omit<UnderlyingByteSource, 'type'>): Blob {
  class ByteStreamBlob extends Blob {
    override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
      return new ReadableStream({ ...source(), type: 'bytes' }) as ReadableStream<Uint8Array<ArrayBuffer>>;
    }
  }
  return new ByteStreamBlob([content]);
}
