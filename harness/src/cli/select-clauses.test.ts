import { describe, expect, it } from 'vitest';
import { clausesFor } from '../clauses/catalogue.ts';
import { SelectionError, selectClauses } from './select-clauses.ts';

const ids = (list: readonly { id: string }[]) => list.map((clause) => clause.id);

describe('selectClauses', () => {
  it('§3.2 every clause of the profile without --only, and only that profile’s service.name clause', () => {
    expect(ids(selectClauses('buzz', []))).toEqual(ids(clausesFor('buzz')));
    expect(ids(selectClauses('buzz', []))).toContain('resource.service-name.buzz');
    expect(ids(selectClauses('buzz', []))).not.toContain('resource.service-name.otel-spec');
    expect(ids(selectClauses('otel-spec', []))).toContain('resource.service-name.otel-spec');
  });

  it('selects by id, by prefix and by section, in catalogue order', () => {
    expect(ids(selectClauses('buzz', ['spans.req', 'metrics.health']))).toEqual(['metrics.health', 'spans.req']);
    expect(ids(selectClauses('buzz', ['metrics.labels.*']))).toEqual([
      'metrics.labels.kind',
      'metrics.labels.caller',
      'metrics.labels.action',
      'metrics.labels.code',
    ]);
    expect(ids(selectClauses('otel-spec', ['§3.2']))).toEqual([
      'resource.attributes',
      'resource.attributes-parsing',
      'resource.service-name.otel-spec',
    ]);
  });

  it('rejects an entry that selects nothing, suggesting near ids', () => {
    expect(() => selectClauses('buzz', ['metrics.bucket'])).toThrow(SelectionError);
    expect(() => selectClauses('buzz', ['metrics.bucket'])).toThrow(/metrics\.bucket \(did you mean metrics\.health/);
    expect(() => selectClauses('buzz', ['resource.service-name.otel-spec'])).toThrow(
      'no clause of profile buzz matches',
    );
  });
});
