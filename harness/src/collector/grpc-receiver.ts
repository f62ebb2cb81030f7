// OTLP/gRPC TraceService/Export.
//
// Why a net.Server in front of grpc-js: the connection ledger must see every TCP connection, including ones that
// never send a request, and grpc-js keeps its http2 listener private. grpc-js' public
// `Server.createConnectionInjector` accepts sockets from outside, so this module owns the listening socket, records
// each accepted connection, and hands the socket to grpc-js unchanged. No internal port, no proxy hop, no private
// fields; grpc-js still does HTTP/2, framing and message decompression (grpc-encoding gzip) itself.
import { createServer, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { decodeProtobufExport } from './decode-protobuf.ts';
import { closeServer, listen, trackSockets } from './listen.ts';
import { exportResponseType, TRACE_SERVICE_EXPORT_PATH } from './otlp-proto.ts';
import type { ReceivedSpan } from './received-span.ts';
import type { Receiver, ReceiverOptions } from './receiver.ts';

/** The deserializer never throws: grpc-js would turn a throw into a bare INTERNAL and drop the reason. */
type DecodedRequest = { readonly spans: ReceivedSpan[] } | { readonly error: string };

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const traceService: grpc.ServiceDefinition = {
  export: {
    path: TRACE_SERVICE_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    // The client-side halves are required by the type; a server never calls them.
    requestSerialize: (request: Uint8Array) => Buffer.from(request),
    responseDeserialize: (bytes: Buffer) => bytes,
    requestDeserialize: (bytes: Buffer): DecodedRequest => {
      try {
        return { spans: decodeProtobufExport(bytes) };
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
    responseSerialize: () => Buffer.from(exportResponseType.encode(exportResponseType.create({})).finish()),
  },
};

export async function startGrpcReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { store, ledger, onReject } = options;
  const grpcServer = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
  grpcServer.addService(traceService, {
    export: (
      call: grpc.ServerUnaryCall<DecodedRequest, Record<string, never>>,
      callback: grpc.sendUnaryData<Record<string, never>>,
    ) => {
      const request = call.request;
      if ('error' in request) {
        onReject('grpc', request.error);
        callback({ code: grpc.status.INVALID_ARGUMENT, details: request.error });
        return;
      }
      store.add(request.spans, 'grpc');
      callback(null, {});
    },
  });
  const injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());

  const front = createServer((socket: Socket) => {
    ledger.record('grpc', socket);
    injector.injectConnection(socket);
  });
  const sockets = trackSockets(front);
  let port: number;
  try {
    port = await listen(front, options.host, options.port, 'OTLP/gRPC receiver');
  } catch (error) {
    injector.destroy();
    grpcServer.forceShutdown();
    throw error;
  }

  return {
    port,
    close: async () => {
      injector.destroy();
      grpcServer.forceShutdown();
      await closeServer(front, sockets);
    },
  };
}
