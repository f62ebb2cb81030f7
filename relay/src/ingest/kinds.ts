// buzz's kind tables as its ingest uses them (snapshot 9ee5aee: buzz-relay/src/handlers/ingest.rs
// `required_scope_for_kind`, `requires_h_channel_scope`, `is_global_only_kind`; buzz-core/src/kind.rs). A kind
// missing from KNOWN_KINDS is refused as `restricted: unknown event kind`, however standard it looks.

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const KNOWN_KINDS: ReadonlySet<number> = new Set([
  0,
  1,
  3,
  5,
  7,
  9,
  1059,
  1617,
  1618,
  1619,
  1621,
  1630,
  1631,
  1632,
  1633,
  9000,
  9001,
  9002,
  9005,
  9007,
  9008,
  9021,
  9022,
  9030,
  9031,
  9032,
  9035,
  9036,
  10000,
  10001,
  10002,
  10003,
  10030,
  10100,
  28936,
  30000,
  30003,
  30023,
  30030,
  30078,
  30174,
  30315,
  30617,
  30618,
  30620,
  ...range(40002, 40008),
  40100,
  41010,
  41011,
  41012,
  45001,
  45002,
  45003,
  46020,
  46030,
  46031,
  48100,
  48101,
  48102,
  48103,
  48106,
]);

/** Kinds that must name an existing channel with an `h` tag. */
const CHANNEL_KINDS: ReadonlySet<number> = new Set([
  9,
  ...range(40002, 40008),
  40100,
  45001,
  45002,
  45003,
  9000,
  9001,
  9002,
  9005,
  9008,
  9022,
  48100,
  48101,
  48102,
  48103,
  48106,
]);

/** Kinds stored without a channel even when they carry an `h` tag. */
const GLOBAL_ONLY_KINDS: ReadonlySet<number> = new Set([
  0, 1, 3, 30023, 30315, 30078, 10000, 10001, 10002, 10003, 10030, 30000, 30003, 30030, 30174, 10100, 1617, 1618, 1619,
  1621, 1630, 1631, 1632, 1633, 30617, 30618, 9030, 9031, 9032, 28936, 9035, 9036, 30621,
]);

/** Kinds only the relay itself signs; refused before the signature is even checked. */
const RELAY_ONLY_KINDS: ReadonlySet<number> = new Set([40901, 40902, 30621, 30622]);

export const KIND_REACTION = 7;
export const KIND_GIFT_WRAP = 1059;
export const KIND_MEMBERSHIP_NOTICES: ReadonlySet<number> = new Set([44100, 44101]);

export const isKnownKind = (kind: number): boolean => KNOWN_KINDS.has(kind);
export const needsChannel = (kind: number): boolean => CHANNEL_KINDS.has(kind);
export const isGlobalOnly = (kind: number): boolean => GLOBAL_ONLY_KINDS.has(kind);
export const isRelayOnly = (kind: number): boolean => RELAY_ONLY_KINDS.has(kind);
export const isEphemeral = (kind: number): boolean => kind >= 20000 && kind <= 29999;
/** buzz's replaceable set (buzz-core kind.rs `is_replaceable`): 0, 3, 41 and 10000–19999. */
export const isReplaceable = (kind: number): boolean =>
  kind === 0 || kind === 3 || kind === 41 || (kind >= 10000 && kind <= 19999);
export const isAddressable = (kind: number): boolean => kind >= 30000 && kind <= 39999;

/** Dispatch runs no workflow for these (buzz-relay/src/handlers/event.rs `dispatch_persistent_event`). */
const COMMAND_KINDS: ReadonlySet<number> = new Set([30620, 41010, 41011, 41012, 46020, 46030, 46031]);
export const triggersWorkflow = (kind: number): boolean =>
  !(kind >= 46001 && kind <= 46012) && !COMMAND_KINDS.has(kind) && kind !== KIND_GIFT_WRAP;
/** Dispatch sends every event to the search index but these. */
export const isSearchIndexed = (kind: number): boolean => kind !== KIND_GIFT_WRAP && kind !== 30622;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** buzz takes the first `h` tag whose value is a UUID, in its canonical lowercase hyphenated form. */
export function channelIdOf(tags: readonly (readonly string[])[]): string | undefined {
  for (const tag of tags) {
    const value = tag[1];
    if (tag[0] !== 'h' || value === undefined) continue;
    const bare = value.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
    if (!UUID.test(bare)) continue;
    const hex = bare.replaceAll('-', '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return undefined;
}
