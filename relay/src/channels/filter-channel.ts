import { channelIdOf } from '../ingest/kinds.ts';
import type { Filter } from '../nostr/filter.ts';

// Which channel a REQ or COUNT names (snapshot 9ee5aee: buzz-relay/src/handlers/req.rs
// extract_channel_id_from_filter(s)).

/** The first UUID among the filter's `#h` values. */
export function channelOfFilter(filter: Filter): string | undefined {
  const values = filter.tags?.get('h');
  if (values === undefined) return undefined;
  return channelIdOf([...values].map((value) => ['h', value]));
}

/** A subscription is channel-scoped only when every filter names a UUID `#h` and all name the same one. */
export function channelOfSubscription(filters: readonly Filter[]): string | undefined {
  let found: string | undefined;
  for (const filter of filters) {
    const values = [...(filter.tags?.get('h') ?? [])];
    const ids = values.map((value) => channelIdOf([['h', value]])).filter((id) => id !== undefined);
    if (ids.length === 0) return undefined;
    for (const id of ids) {
      if (found !== undefined && found !== id) return undefined;
      found = id;
    }
  }
  return found;
}
