import { ConnectionLedger } from './connection-ledger.ts';
import { startGrpcReceiver } from './grpc-receiver.ts';
import { startHttpReceiver } from './http-receiver.ts';
import { startQueryServer } from './query-server.ts';
import type { Receiver } from './receiver.ts';
import { SpanStore } from './span-store.ts';

export interface CollectorServerOptions {
  readonly host: string;
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly queryPort: number;
  readonly onReject: (transport: string, message: string) => void;
}

export interface CollectorServers {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly queryPort: number;
  close(): Promise<void>;
}

/** Starts both receivers and the query API over one store and one ledger; all three or none. */
export async function startCollectorServers(options: CollectorServerOptions): Promise<CollectorServers> {
  const store = new SpanStore();
  const ledger = new ConnectionLedger();
  const { host, onReject } = options;
  const started: Receiver[] = [];
  const closeAll = async () => {
    await Promise.all(started.map((receiver) => receiver.close()));
  };
  try {
    const grpc = await startGrpcReceiver({ host, port: options.grpcPort, store, ledger, onReject });
    started.push(grpc);
    const http = await startHttpReceiver({ host, port: options.httpPort, store, ledger, onReject });
    started.push(http);
    const query = await startQueryServer({ host, port: options.queryPort, store, ledger });
    started.push(query);
    return { grpcPort: grpc.port, httpPort: http.port, queryPort: query.port, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
