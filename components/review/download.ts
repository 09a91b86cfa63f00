// Saves an export as a file from an extension page (review page, popup): a Blob link, no
// "downloads" permission.
export function download(file: { parts: string[]; mime: string; filename: string }): void {
  const url = URL.createObjectURL(new Blob(file.parts, { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the browser reads the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
