// Each folder under no-connection-cases/ holds the evidence of one run without OTEL_EXPORTER_OTLP_ENDPOINT:
// the collector/sentinel ledger, the relay's /proc TCP tables and fd links, and what is allowed.
// message.txt is text a finding must contain; a folder without it must produce no finding.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clauseTag } from '../clauses/catalogue.ts';
import { type AllowedPeer, type LedgerConnection, noConnectionVerdict } from './no-connection-verdict.ts';
import { parseProcNetTcp, socketInodes } from './proc-net-tcp.ts';

interface CaseInput {
  readonly ledger: LedgerConnection[];
  readonly tcp: string;
  readonly tcp6: string;
  readonly fdLinks: string[];
  readonly allowedPeers: AllowedPeer[];
  readonly relayPorts: number[];
}

const casesDir = fileURLToPath(new URL('./no-connection-cases/', import.meta.url));
const cases = readdirSync(casesDir).sort();

function verdict(name: string) {
  const input = JSON.parse(readFileSync(join(casesDir, name, 'input.json'), 'utf8')) as CaseInput;
  const own = socketInodes(input.fdLinks);
  const sockets = [...parseProcNetTcp(input.tcp), ...parseProcNetTcp(input.tcp6)].filter((s) => own.has(s.inode));
  return noConnectionVerdict({
    ledger: input.ledger,
    sockets,
    allowedPeers: input.allowedPeers,
    relayPorts: input.relayPorts,
  });
}

describe('no-connection verdict, one case per folder', () => {
  it('finds its case folders', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of cases) {
    const messagePath = join(casesDir, name, 'message.txt');
    if (!existsSync(messagePath)) {
      it(`§3.1 ${name}: only allowed peers, listeners and clients give no finding`, () => {
        expect(verdict(name)).toEqual([]);
      });
      continue;
    }
    it(`§3.1 ${name}`, () => {
      const message = readFileSync(messagePath, 'utf8').trim();
      const findings = verdict(name);
      const hit = findings.find((f) => f.message.includes(message));
      expect(hit, findings.map((f) => f.message).join('\n')).toBeDefined();
      expect(name.startsWith(`${hit?.clause}-`)).toBe(true);
      expect(hit?.message.startsWith(`${clauseTag('tracing.no-connection')} `)).toBe(true);
    });
  }
});
