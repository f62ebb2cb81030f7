// What a scenario's clients sent, as the span checks need it: the expected spans are derived from these.
// `client` names a connection of the scenario (one WebSocket); frames of one client share one conn_id.

export type SentFrame =
  | { readonly type: 'AUTH'; readonly client: string; readonly eventId: string }
  | {
      readonly type: 'EVENT';
      readonly client: string;
      readonly eventId: string;
      /** The fixture name the event was sent under. */
      readonly name: string;
      readonly kind: number;
      /** False when the relay will not fan the event out (rejected or duplicate): fan_out_scoped is then not required. */
      readonly fanOut?: boolean;
    }
  | { readonly type: 'REQ' | 'COUNT'; readonly client: string; readonly subId: string }
  | { readonly type: 'CLOSE'; readonly client: string; readonly subId: string }
  | { readonly type: 'unparsable' | 'rate-limited'; readonly client: string };

export function describeFrame(frame: SentFrame): string {
  switch (frame.type) {
    case 'AUTH':
      return `AUTH ${short(frame.eventId)} from client ${frame.client}`;
    case 'EVENT':
      return `EVENT ${short(frame.eventId)} (kind ${frame.kind}) from client ${frame.client}`;
    case 'REQ':
    case 'COUNT':
    case 'CLOSE':
      return `${frame.type} ${JSON.stringify(frame.subId)} from client ${frame.client}`;
    default:
      return `${frame.type} frame from client ${frame.client}`;
  }
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}
