import fc from 'fast-check';
import { finalizeEvent, type NostrEvent } from 'nostr-tools/pure';

// Seeded generator of hostile client frames, by family. A recipe is drawn from the seed alone; what needs the
// moment or the connection (created_at near the relay's clock, the connection's key, its AUTH challenge) is
// filled in when the frame is built, just before it is sent.

export const FAMILIES = [
  'noise',
  'binary',
  'truncated',
  'shape',
  'extra-fields',
  'duplicate-keys',
  'deep-nesting',
  'tampered',
  'kinds',
  'huge-tags',
  'nul-and-surrogates',
  'timestamps',
  'filters',
  'close',
  'auth',
  'frame-size',
  'churn',
] as const;

export type Family = (typeof FAMILIES)[number];

/** What a frame is built from at send time. */
export interface BuildContext {
  /** The sending connection's key (it is authenticated as its public key, unless it is an unauthenticated slot). */
  readonly secretKey: Uint8Array;
  /** The connection's NIP-42 challenge. */
  readonly challenge: string;
  /** RELAY_URL as the relay expects it in AUTH relay tags. */
  readonly relayUrl: string;
  readonly maxFrameBytes: number;
  nowSecs(): number;
}

export interface Outgoing {
  readonly payload: string | Buffer;
  /** Send it on a connection of its own, closed at once (rapid open/close). */
  readonly ownConnection?: boolean;
}

export interface Recipe {
  readonly family: Family;
  /** Which connection sends it: authenticated slots first, then unauthenticated ones (modulo their counts). */
  readonly slot: number;
  /** Needs a connection that has not authenticated. */
  readonly unauthenticated?: boolean;
  build(ctx: BuildContext): Outgoing;
}

const text = (payload: string): Outgoing => ({ payload });
const frame = (...parts: unknown[]): Outgoing => text(JSON.stringify(parts));

const HEX = '0123456789abcdef';
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const json = fc.jsonValue({ maxDepth: 3 });
const NIP01_KEYS = new Set(['id', 'pubkey', 'created_at', 'kind', 'tags', 'content', 'sig']);

interface Template {
  readonly kind: number;
  readonly tags: string[][];
  readonly content: string;
  /** Seconds from the relay's clock; undefined = now. */
  readonly skew?: number;
  readonly createdAt?: number;
}

function sign(ctx: BuildContext, t: Template): NostrEvent {
  const created_at = t.createdAt ?? ctx.nowSecs() + (t.skew ?? 0);
  return finalizeEvent({ kind: t.kind, tags: t.tags, content: t.content, created_at }, ctx.secretKey);
}

const smallTags = fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 3 }), { maxLength: 4 });
const plainTemplate: fc.Arbitrary<Template> = fc.record({
  kind: fc.constantFrom(1, 1, 1, 0, 3, 10002, 30023, 20001, 9, 11),
  tags: fc.oneof(smallTags, fc.constant<string[][]>([['t', 'fuzz']])),
  content: fc.string({ maxLength: 60 }),
  skew: fc.integer({ min: -30, max: 30 }),
});

function withRawField(event: NostrEvent, key: string, rawValue: string): string {
  return `${JSON.stringify(event).slice(0, -1)},${JSON.stringify(key)}:${rawValue}}`;
}

const noise = anyText.map((t) => text(t));
const binary = fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ payload: Buffer.from(bytes) }));

const truncated = fc
  .tuple(plainTemplate, fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([template, cut]) => (ctx: BuildContext) => {
    const whole = JSON.stringify(['EVENT', sign(ctx, template)]);
    return text(whole.slice(0, Math.floor(whole.length * cut)));
  });

const shape = fc
  .tuple(
    fc.constantFrom('EVENT', 'REQ', 'COUNT', 'CLOSE', 'AUTH', 'event', 'PUBLISH', '', 'NOTICE', 'OK'),
    fc.array(json, { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([verb, rest, asObject]) => (asObject ? text(JSON.stringify({ [verb]: rest })) : frame(verb, ...rest)));

const extraFields = fc
  .tuple(
    plainTemplate,
    fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !NIP01_KEYS.has(k) && k !== '__proto__'),
      json,
      { minKeys: 1, maxKeys: 4 },
    ),
    fc.constantFrom('EVENT', 'AUTH'),
  )
  .map(([template, extra, verb]) => (ctx: BuildContext) => {
    if (verb === 'AUTH') {
      const auth = sign(ctx, {
        kind: 22242,
        tags: [
          ['relay', ctx.relayUrl],
          ['challenge', ctx.challenge],
        ],
        content: '',
      });
      return frame('AUTH', { ...extra, ...auth });
    }
    return frame('EVENT', { ...extra, ...sign(ctx, template) });
  });

const duplicateKeys = fc
  .tuple(plainTemplate, fc.constantFrom('content', 'kind', 'tags', 'id', 'sig', 'created_at'), json)
  .map(([template, key, value]) => (ctx: BuildContext) => {
    const event = sign(ctx, template);
    // The signed value first, another after it: JSON.parse (like serde_json's Value) keeps the last one.
    return text(`["EVENT",${withRawField(event, key, JSON.stringify(value))}]`);
  });

const deepNesting = fc
  .tuple(
    fc.constantFrom('EVENT', 'AUTH', 'REQ', 'COUNT', 'bare'),
    fc.oneof(fc.integer({ min: 100, max: 140 }), fc.integer({ min: 1000, max: 30_000 })),
    fc.boolean(),
  )
  .map(([verb, depth, objects]) => (ctx: BuildContext) => {
    const open = objects ? '{"a":'.repeat(depth) : '['.repeat(depth);
    const close = objects ? '}'.repeat(depth) : ']'.repeat(depth);
    const deep = objects ? `${open}0${close}` : `${open}${close}`;
    if (verb === 'bare') return text(deep);
    if (verb === 'REQ' || verb === 'COUNT') return text(`["${verb}","deep",{"kinds":[1],"x":${deep}}]`);
    const event =
      verb === 'AUTH'
        ? sign(ctx, {
            kind: 22242,
            tags: [
              ['relay', ctx.relayUrl],
              ['challenge', ctx.challenge],
            ],
            content: '',
          })
        : sign(ctx, { kind: 1, tags: [['t', 'deep']], content: 'deep' });
    return text(`["${verb}",${withRawField(event, 'x', deep)}]`);
  });

const tampered = fc
  .tuple(plainTemplate, fc.constantFrom('id', 'sig', 'content', 'created_at', 'tags', 'pubkey', 'upper-id', 'kind'))
  .map(([template, what]) => (ctx: BuildContext) => {
    const event: Record<string, unknown> = { ...sign(ctx, template) };
    const flip = (value: string) => (value[0] === '0' ? '1' : '0') + value.slice(1);
    if (what === 'id') event.id = flip(event.id as string);
    else if (what === 'sig') event.sig = flip(event.sig as string);
    else if (what === 'content') event.content = `${event.content as string}!`;
    else if (what === 'created_at') event.created_at = (event.created_at as number) + 1;
    else if (what === 'tags') event.tags = [...(event.tags as string[][]), ['x', 'y']];
    else if (what === 'pubkey') event.pubkey = flip(event.pubkey as string);
    else if (what === 'upper-id') event.id = (event.id as string).toUpperCase();
    else event.kind = (event.kind as number) + 1;
    return frame('EVENT', event);
  });

const kinds = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 65535 }),
      fc.constantFrom(0, 3, 5, 7, 22242, 20000, 29999, 30000, 39999, 9000, 9001, 8000, 8001, 1059, 40002, 65535),
    ),
    smallTags,
    fc.string({ maxLength: 40 }),
  )
  .map(
    ([kind, tags, content]) =>
      (ctx: BuildContext) =>
        frame('EVENT', sign(ctx, { kind, tags, content })),
  );

const hugeTags = fc
  .tuple(
    fc.constantFrom('t', 'e', 'p', 'd', 'h', 'label', 'T'),
    fc.integer({ min: 1, max: 12_000 }),
    fc.integer({ min: 1, max: 300 }),
    fc.constantFrom(1, 30023, 10002),
    fc.boolean(),
  )
  .map(([name, length, count, kind, random]) => (ctx: BuildContext) => {
    const value = random
      ? Buffer.from(Array.from({ length: Math.ceil(length / 2) }, (_, i) => (i * 7919) % 256))
          .toString('hex')
          .slice(0, length)
      : 'v'.repeat(length);
    const many = Math.max(1, Math.min(count, Math.floor(40_000 / (length + 8))));
    const tags = Array.from({ length: many }, (_, i) => [name, i === 0 ? value : `${value.slice(0, 30)}${i}`]);
    return frame('EVENT', sign(ctx, { kind, tags, content: 'huge tags' }));
  });

const nulAndSurrogates = fc
  .tuple(
    fc.constantFrom('nul-content', 'nul-tag', 'nul-tag-name', 'lone-leading', 'lone-trailing', 'pair'),
    fc.constantFrom(1, 20001),
  )
  .map(([what, kind]) => (ctx: BuildContext) => {
    if (what === 'nul-content') return frame('EVENT', sign(ctx, { kind, tags: [], content: 'a\u0000b' }));
    if (what === 'nul-tag') return frame('EVENT', sign(ctx, { kind, tags: [['t', 'x\u0000y']], content: '' }));
    if (what === 'nul-tag-name') return frame('EVENT', sign(ctx, { kind, tags: [['\u0000', 'v']], content: '' }));
    const content = what === 'lone-leading' ? '\ud83d' : what === 'lone-trailing' ? '\ude00' : '\ud83d\ude00';
    // JSON.stringify writes a lone surrogate as a \u escape, as a hostile client would send it.
    return frame('EVENT', sign(ctx, { kind, tags: [['t', content]], content }));
  });

const timestamps = fc
  .constantFrom(-901, -899, 0, 899, 901, 'zero', 'epoch-2038', 'max-safe', 'max-u32')
  .map((when) => (ctx: BuildContext) => {
    const fixed: Record<string, number> = {
      zero: 0,
      'epoch-2038': 2 ** 31,
      'max-safe': Number.MAX_SAFE_INTEGER,
      'max-u32': 2 ** 32 - 1,
    };
    const template: Template =
      typeof when === 'number'
        ? { kind: 1, tags: [], content: `skew ${when}`, skew: when }
        : { kind: 1, tags: [], content: when, createdAt: fixed[when] };
    return frame('EVENT', sign(ctx, template));
  });

const filterValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  hex(64),
  fc.constant('a\u0000b'),
  fc.constant('\ud800'),
  fc.string({ minLength: 600, maxLength: 3000 }),
);
const oneFilter = fc.record(
  {
    ids: fc.array(fc.oneof(hex(64), fc.string({ maxLength: 70 })), { maxLength: 30 }),
    authors: fc.array(fc.oneof(hex(64), fc.string({ maxLength: 70 })), { maxLength: 30 }),
    kinds: fc.array(fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.integer(), fc.double()), { maxLength: 10 }),
    since: fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER), fc.double()),
    until: fc.oneof(fc.integer({ min: 0 }), fc.constant(2 ** 53)),
    limit: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constant(-1)),
    '#t': fc.array(filterValue, { maxLength: 8 }),
    '#e': fc.array(filterValue, { maxLength: 8 }),
    '#d': fc.array(filterValue, { maxLength: 4 }),
    '#label': fc.array(filterValue, { maxLength: 4 }),
    search: fc.string({ maxLength: 30 }),
    extra: json,
  },
  { requiredKeys: [] },
);
/** Filters a relay answers, so that the query paths run too, not only the parser's refusals. */
const answerableFilter = fc.record({
  kinds: fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 3 }),
  limit: fc.integer({ min: 0, max: 600 }),
  '#t': fc.array(filterValue, { minLength: 1, maxLength: 3 }),
});
const filters = fc
  .tuple(
    fc.constantFrom('REQ', 'COUNT'),
    fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 60, maxLength: 300 })),
    fc.array(fc.oneof(oneFilter, answerableFilter), { minLength: 0, maxLength: 12 }),
  )
  .map(([verb, subId, list]) => frame(verb, subId, ...list));

const close = fc
  .oneof(fc.string({ maxLength: 300 }), fc.constant('\ud800'), json)
  .map((subId) =>
    text(typeof subId === 'string' && subId === '\ud800' ? '["CLOSE","\\ud800"]' : JSON.stringify(['CLOSE', subId])),
  );

const auth = fc
  .constantFrom('valid', 'wrong-challenge', 'wrong-relay', 'stale', 'wrong-kind', 'no-tags', 'bad-sig')
  .map((variant) => (ctx: BuildContext) => {
    const tags =
      variant === 'no-tags'
        ? []
        : [
            ['relay', variant === 'wrong-relay' ? 'ws://elsewhere.test' : ctx.relayUrl],
            ['challenge', variant === 'wrong-challenge' ? 'f'.repeat(64) : ctx.challenge],
          ];
    const event = sign(ctx, {
      kind: variant === 'wrong-kind' ? 22243 : 22242,
      tags,
      content: '',
      skew: variant === 'stale' ? -3600 : 0,
    });
    return frame(
      'AUTH',
      variant === 'bad-sig'
        ? { ...event, sig: `${event.sig.slice(0, -1)}${event.sig.endsWith('0') ? '1' : '0'}` }
        : event,
    );
  });

const frameSize = fc.integer({ min: -64, max: 64 }).map((delta) => (ctx: BuildContext) => {
  const shell = '["EVENT",{"content":""}]';
  const size = Math.max(shell.length, ctx.maxFrameBytes + delta);
  return text(shell.replace('""', `"${'x'.repeat(size - shell.length)}"`));
});

const churn = fc.oneof(noise, shape, filters).map((outgoing) => ({ ...outgoing, ownConnection: true }));

type Built = Outgoing | ((ctx: BuildContext) => Outgoing);

const BY_FAMILY: Record<Family, fc.Arbitrary<Built>> = {
  noise,
  binary,
  truncated,
  shape,
  'extra-fields': extraFields,
  'duplicate-keys': duplicateKeys,
  'deep-nesting': deepNesting,
  tampered,
  kinds,
  'huge-tags': hugeTags,
  'nul-and-surrogates': nulAndSurrogates,
  timestamps,
  filters,
  close,
  auth,
  'frame-size': frameSize,
  churn,
};

/** Oversized frames cost a reconnect each: fewer of them. */
const WEIGHTS: Partial<Record<Family, number>> = { 'frame-size': 1, churn: 2, 'deep-nesting': 4, 'extra-fields': 5 };

const recipe: fc.Arbitrary<Recipe> = fc
  .oneof(
    ...FAMILIES.map((family) => ({
      weight: WEIGHTS[family] ?? 3,
      arbitrary: fc.tuple(fc.constant(family), BY_FAMILY[family], fc.nat()),
    })),
  )
  .map(([family, built, slot]) => ({
    family,
    slot,
    unauthenticated: family === 'auth',
    build: typeof built === 'function' ? built : () => built,
  }));

/** `count` recipes drawn from `seed`: the same seed always gives the same frames (up to created_at and keys). */
export function hostileRecipes(seed: number, count: number): Recipe[] {
  return fc.sample(recipe, { seed, numRuns: count });
}
