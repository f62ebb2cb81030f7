import { storageProblem } from '../nostr/event.ts';
import { prepareEvent } from '../store/event-writer.ts';
import type { StoreStep } from './hooks.ts';
import { guarded, refuse } from './refusal.ts';

/** An addressable event's oversized `d` tag is refused as `invalid:` before the write; a NUL fails in the writer. */
export const storeEvent: StoreStep = async (ctx, { event, channel }) => {
  const problem = storageProblem(event);
  if (problem !== undefined) refuse(`invalid: ${problem}`);
  const prepared = prepareEvent(event, channel);
  const outcome = await guarded(() => ctx.writer.write(prepared));
  return outcome === 'stored' ? prepared : undefined;
};
