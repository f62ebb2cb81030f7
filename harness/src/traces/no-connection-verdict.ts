// CONTRACT §3.1: with OTEL_EXPORTER_OTLP_ENDPOINT unset, no connection of any kind is attempted. Two kinds of
// evidence are judged: the ledger of every connection the fake collector and the 4317/4318 sentinel listeners
// accepted (any entry fails), and the relay process's own TCP sockets (anything but a listener, a client of the
// relay's own ports, or a connection to an allowed peer such as Postgres or Redis fails; SYN_SENT counts too,
// since an attempt is what the contract forbids).

import { type Finding, finding } from '../clauses/finding.ts';
import { normalizeAddress, type ProcSocket } from './proc-net-tcp.ts';

export interface LedgerConnection {
  /** Which listener accepted it, e.g. 'grpc', 'http', 'sentinel 127.0.0.1:4317'. */
  readonly listener: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

export interface AllowedPeer {
  /** What it is, for messages: 'postgres', 'redis'. */
  readonly what: string;
  /** An IP address; undefined accepts the port on any address. */
  readonly address?: string;
  readonly port: number;
}

export interface NoConnectionEvidence {
  readonly ledger: readonly LedgerConnection[];
  /** The relay process's TCP sockets, taken after the scenario and before or during shutdown. */
  readonly sockets: readonly ProcSocket[];
  readonly allowedPeers: readonly AllowedPeer[];
  /** The relay's listening ports (app, health, metrics): sockets on them are its clients. */
  readonly relayPorts: readonly number[];
}

export function noConnectionVerdict(evidence: NoConnectionEvidence): Finding[] {
  const fromLedger = evidence.ledger.map((c) =>
    finding(
      'tracing.no-connection',
      `${c.listener} accepted a connection from ${c.remoteAddress}:${c.remotePort} while OTEL_EXPORTER_OTLP_ENDPOINT was unset; no connection of any kind may be attempted`,
    ),
  );
  const fromSockets = evidence.sockets
    .filter(
      (s) => s.state !== 'LISTEN' && !evidence.relayPorts.includes(s.localPort) && !allowed(s, evidence.allowedPeers),
    )
    .map((s) =>
      finding(
        'tracing.no-connection',
        `the relay process held a TCP connection to ${s.remoteAddress}:${s.remotePort} (${s.state}) while OTEL_EXPORTER_OTLP_ENDPOINT was unset; only ${peerList(evidence.allowedPeers)} and its own clients are allowed`,
      ),
    );
  return [...fromLedger, ...fromSockets];
}

function allowed(socket: ProcSocket, peers: readonly AllowedPeer[]): boolean {
  const remote = normalizeAddress(socket.remoteAddress);
  return peers.some(
    (p) => p.port === socket.remotePort && (p.address === undefined || normalizeAddress(p.address) === remote),
  );
}

function peerList(peers: readonly AllowedPeer[]): string {
  return peers.length === 0 ? 'no peer' : peers.map((p) => `${p.what} (${p.address ?? '*'}:${p.port})`).join(', ');
}
