// The export formats, as <option>s, in the same words wherever an export is offered.
import type { ExportFormat } from '../../lib/export/formats';

const LABELS: Record<ExportFormat, string> = {
  json: 'SuppLens JSON',
  csv: 'CSV (spreadsheet)',
  w3c: 'W3C Web Annotation (JSON-LD)',
  md: 'Markdown report',
};

export function ExportFormatOptions() {
  return (
    <>
      {(Object.keys(LABELS) as ExportFormat[]).map((f) => (
        <option key={f} value={f}>
          {LABELS[f]}
        </option>
      ))}
    </>
  );
}
