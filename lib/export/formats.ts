// The export formats, named once for the exporters, the messages, the CLI and the UI.
export const EXPORT_FORMATS = ['json', 'csv', 'w3c', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
