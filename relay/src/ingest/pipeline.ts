import { createChannelRule, putUserRule, removeUserRule } from '../channels/group-rules.ts';
import { relayAdminRule } from '../relay-membership/admin-rules.ts';
import { refuseAuthEvent, requireAuthenticated, requireOwnEvent } from './admission.ts';
import { requireChannelMembership, requireChannelTag, resolveChannel } from './channel-checks.ts';
import { auditCreation, fanOutLocally, indexForSearch, offerToWorkflows, publishToNodes } from './dispatch.ts';
import {
  refuseRelayOnlyKind,
  requireKnownKind,
  requireTimestampWindow,
  requireValidSignature,
} from './event-checks.ts';
import type { EventPipeline } from './hooks.ts';
import { profileContentRule, reactionRule } from './rules.ts';
import { storeEvent } from './store-event.ts';

// The relay's EVENT path, in the order buzz runs it (CONTRACT §4.7; snapshot 9ee5aee: buzz-relay/src/handlers/
// event.rs `handle_event` and `dispatch_persistent_event`, handlers/ingest.rs `ingest_event`). The first refusal
// decides the reply and the rejection counted, so each list's order is the contract's. Ephemeral kinds leave after
// `admit` (relay/src/handlers/event.ts).

export const EVENT_PIPELINE: EventPipeline = {
  admit: [requireAuthenticated, requireOwnEvent, refuseAuthEvent],
  reject: [refuseRelayOnlyKind, requireValidSignature, requireTimestampWindow, requireKnownKind],
  channelOf: resolveChannel,
  rejectInChannel: [requireChannelTag, requireChannelMembership],
  kindRules: [relayAdminRule, putUserRule, removeUserRule, createChannelRule, profileContentRule, reactionRule],
  store: storeEvent,
  afterStore: [publishToNodes, fanOutLocally, indexForSearch, auditCreation, offerToWorkflows],
};
