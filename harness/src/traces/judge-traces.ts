// Everything the suite says about one scenario's spans, short of the golden comparison: the ID-free
// rendering that the golden stores, and the semantic findings (structure, topology per frame, resource).

import type { Profile } from '../clauses/catalogue.ts';
import type { Finding } from '../clauses/finding.ts';
import type { CollectedSpan } from '../collector/model.ts';
import { aliasTrees } from './alias.ts';
import { buildTrees } from './build-trees.ts';
import { type RenderOptions, renderTrees } from './render-tree.ts';
import { checkResources, type ResourceEnv } from './resource-check.ts';
import type { SentFrame } from './sent-frames.ts';
import { checkTopology } from './topology-check.ts';

export interface TraceEvidence {
  readonly spans: readonly CollectedSpan[];
  readonly frames: readonly SentFrame[];
  readonly env: ResourceEnv;
  readonly profile: Profile;
}

/** The fixture name of every event sent in an EVENT frame, by id: the golden names events, not ids. */
export function eventNames(frames: readonly SentFrame[]): Map<string, string> {
  return new Map(frames.flatMap((f) => (f.type === 'EVENT' ? [[f.eventId, f.name] as const] : [])));
}

export function renderScenarioTraces(
  spans: readonly CollectedSpan[],
  frames: readonly SentFrame[],
  options: RenderOptions = {},
): string {
  const { trees } = buildTrees(spans);
  return renderTrees(aliasTrees(trees, { eventNames: eventNames(frames) }).traces, options);
}

export function judgeTraces(evidence: TraceEvidence): Finding[] {
  return [
    ...checkTopology(evidence.spans, evidence.frames),
    ...checkResources(evidence.spans, evidence.env, evidence.profile),
  ];
}
