export { AdapterError, RelayLaunchError } from './adapter-error.ts';
export type { OtelEnvPolicy, ReadinessProbe, RelayAdapter } from './adapter-types.ts';
export { type LaunchOptions, launchRelay, type RelayUnderTest } from './launch-relay.ts';
export { loadAdapter, parseAdapter } from './load-adapter.ts';
export type { RelayPorts } from './ports.ts';
export { descendantsOf, isRunning } from './proc-tree.ts';
export type { ExitStatus } from './process-group.ts';
export { loadSuiteAdapter } from './suite-adapter.ts';
export { type TcpConnection, type TcpState, tcpConnectionsOf } from './tcp-connections.ts';
