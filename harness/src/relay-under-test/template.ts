import { PLACEHOLDERS, type Placeholder, type PlaceholderValues } from './adapter-types.ts';

const REFERENCE = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The `{name}` references in a template that are not known placeholders. */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...template.matchAll(REFERENCE)].map((match) => match[1] ?? '').filter((name) => !known.includes(name));
}

/** Substitutes every `{name}`; templates are validated on load, so an unknown name here is a programming error. */
export function renderTemplate(template: string, values: PlaceholderValues): string {
  return template.replace(REFERENCE, (whole, name: string) => {
    if (!(name in values)) throw new Error(`template ${JSON.stringify(template)}: unknown placeholder ${whole}`);
    return values[name as Placeholder];
  });
}
