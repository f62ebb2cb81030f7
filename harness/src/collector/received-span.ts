import type { CollectedSpan } from './model.ts';

/** A span as a receiver decoded it; the store adds the arrival order and the transport. */
export type ReceivedSpan = Omit<CollectedSpan, 'seq' | 'transport'>;

/** The export request is malformed; the message names the field and what was wrong with it. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}
