// Pure export/import of reviews and detections: our JSON, CSV, W3C Web Annotation, Markdown.
// Usable by the background, the review page and the CLI (no browser or database access here).
import { type CsvOptions, toCsv } from './csv';
import type { ExportFormat } from './formats';
import type { AnnotationInput, ExportOptions } from './items';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import { toW3CJson } from './w3c';

export * from './csv';
export * from './formats';
export * from './import';
export * from './items';
export * from './json';
export * from './markdown';
export * from './schema';
export * from './w3c';

export interface ExportFile {
  text: string;
  mime: string;
  extension: string;
}

/** One export file in the given format. */
export function exportAs(
  format: ExportFormat,
  items: readonly AnnotationInput[],
  opts: ExportOptions & CsvOptions & { title?: string; label?: string } = {},
): ExportFile {
  switch (format) {
    case 'json':
      return { text: toJson(items, opts), mime: 'application/json', extension: 'json' };
    case 'csv':
      return { text: toCsv(items, opts), mime: 'text/csv;charset=utf-8', extension: 'csv' };
    case 'w3c':
      return { text: toW3CJson(items, opts), mime: 'application/ld+json', extension: 'jsonld' };
    case 'md':
      return { text: toMarkdown(items, opts), mime: 'text/markdown;charset=utf-8', extension: 'md' };
  }
}
