import { describe, expect, it } from 'vitest';
import { CLAUSES, clause, clausesFor, clauseTag } from './catalogue.ts';
import { finding } from './finding.ts';

describe('clause catalogue', () => {
  it('catalogue: ids are unique, dotted, lowercase, and every clause names a section', () => {
    const ids = CLAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CLAUSES) {
      expect(c.id).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
      expect(c.section).toMatch(/^(§\d(\.\d)?|suite)$/);
    }
  });

  it('catalogue: lookup throws on an unknown id and tags findings with id and section', () => {
    expect(clause('metrics.buckets').section).toBe('§2.2');
    expect(() => clause('metrics.nope')).toThrow("unknown clause id 'metrics.nope'");
    expect(clauseTag('spans.ws-event-attributes')).toBe('[spans.ws-event-attributes §6]');
    expect(finding('metrics.no-help', 'x').message).toBe('[metrics.no-help §2.1] x');
  });

  it('catalogue: each profile sees its own service.name clause and not the other', () => {
    const buzz = clausesFor('buzz').map((c) => c.id);
    expect(buzz).toContain('resource.service-name.buzz');
    expect(buzz).not.toContain('resource.service-name.otel-spec');
    expect(clausesFor('otel-spec').map((c) => c.id)).toContain('resource.service-name.otel-spec');
  });
});
