/**
 * Saves bytes or text as a file through the browser's download (an object URL on a
 * temporary <a download>), so nothing leaves the machine.
 */
export function downloadFile(fileName: string, mime: string, content: Uint8Array | string): void {
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  downloadBlob(fileName, new Blob([part], { type: mime }));
}

/** Saves a Blob through the browser's download (an object URL on a temporary <a download>). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started by now; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a project name: keeps letters of any script, digits, - and _. */
export function safeFileName(name: string, fallback = 'site'): string {
  const cleaned = name.trim().replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '');
  return (cleaned || fallback).slice(0, 80);
}
