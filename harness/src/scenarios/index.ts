export { type CloseInfo, type ReceivedMessage, ScriptedClient, WaitError } from './client.ts';
export { FIXTURES_DIR, FixtureError, loadFixtures, loadSession } from './load-fixtures.ts';
export {
  type RelayEndpoint,
  type RunSessionOptions,
  relayEndpoint,
  runSession,
  SessionError,
  type SessionTranscript,
  type StepRecord,
} from './run-session.ts';
export type {
  AuthVariant,
  Filter,
  FixtureBlob,
  FixtureEvent,
  FixtureKey,
  Fixtures,
  Session,
  Step,
  StepKind,
} from './session-types.ts';
