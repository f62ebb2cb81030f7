import type { Config } from '../config.ts';
import { MAX_LIMIT } from '../store/event-queries.ts';
import type { Route } from './route.ts';

/** NIP-11 relay information document, at `GET /` (other than a WebSocket upgrade) and at `GET /info`. */
export function relayInformation(config: Config): Record<string, unknown> {
  const { limits, access } = config;
  return {
    name: 'buzz reference relay',
    description: 'Reference relay of the buzz-compat suite: NIP-01, NIP-11, NIP-42, NIP-45 with channels.',
    ...(access.relayOwnerPubkey === undefined ? {} : { pubkey: access.relayOwnerPubkey }),
    supported_nips: [1, 11, 42, 45],
    software: 'buzz-compat/relay',
    version: '0.1.0',
    limitation: {
      max_message_length: limits.maxFrameBytes,
      max_subscriptions: limits.maxSubscriptionsPerConnection,
      max_limit: MAX_LIMIT,
      max_subid_length: 64,
      auth_required: true,
      restricted_writes: access.pubkeyAllowlist || access.requireRelayMembership,
      payment_required: false,
    },
  };
}

export function nip11Routes(config: Config): Route[] {
  const body = JSON.stringify(relayInformation(config));
  const handle: Route['handle'] = async (_req, res) => {
    // buzz serves the document through axum's Json, so with its content type (buzz-relay/src/router.rs
    // nip11_or_ws_handler), and at `/` to any plain GET, whatever its Accept header.
    res.writeHead(200, {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'GET',
    });
    res.end(body);
  };
  return [
    { method: 'GET', template: '/', handle },
    { method: 'GET', template: '/info', handle },
  ];
}
