import type { ConnectionLedger } from './connection-ledger.ts';
import type { SpanStore } from './span-store.ts';

/** One started listener of the collector. */
export interface Receiver {
  readonly port: number;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly store: SpanStore;
  readonly ledger: ConnectionLedger;
  /** Told about every export that was refused, with the transport and the reason. */
  readonly onReject: (transport: string, message: string) => void;
}
