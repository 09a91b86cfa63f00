// Reader settings. Personal flags live here; they are read only by extension pages and the
// background, never sent to the content script.
import * as v from 'valibot';

export type AnnotationMode = 'health' | 'all' | 'on-request';
export type SiteRule = 'paused' | 'always';

export const SettingsSchema = v.object({
  version: v.literal(1),
  flags: v.array(v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'is not a concept id'))),
  mode: v.picklist(['health', 'all', 'on-request']),
  sites: v.record(v.pipe(v.string(), v.minLength(1)), v.picklist(['paused', 'always'])),
  highlightStyle: v.picklist(['underline', 'background']),
  reviewerMode: v.boolean(),
  /** Sites whose review URLs keep their query string (by default it is dropped). */
  reviewQuerySites: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(253))), v.maxLength(500)),
  sync: v.boolean(),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  flags: [],
  mode: 'health',
  sites: {},
  highlightStyle: 'underline',
  reviewerMode: false,
  reviewQuerySites: [],
  sync: false,
};

export const SETTINGS_KEY = 'settings';

/** Reads whatever is stored, falling back field by field so one bad value never wipes the rest. */
export function coerceSettings(raw: unknown): Settings {
  const parsed = v.safeParse(SettingsSchema, raw);
  if (parsed.success) return parsed.output;
  const out: Settings = { ...DEFAULT_SETTINGS, sites: {}, flags: [] };
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(SettingsSchema.entries) as (keyof Settings)[]) {
      const field = v.safeParse(SettingsSchema.entries[key], r[key]);
      if (field.success) (out as Record<string, unknown>)[key] = field.output;
    }
  }
  return out;
}

/** What the content script may know: nothing personal, only how to behave on this site. */
export interface PublicSiteSettings {
  mode: AnnotationMode;
  siteRule?: SiteRule;
  highlightStyle: Settings['highlightStyle'];
  reviewerMode: boolean;
}

export function publicSiteSettings(s: Settings, hostname: string): PublicSiteSettings {
  const rule = s.sites[hostname];
  return {
    mode: s.mode,
    ...(rule ? { siteRule: rule } : {}),
    highlightStyle: s.highlightStyle,
    reviewerMode: s.reviewerMode,
  };
}
