// Relay → client messages, serialised directly: each is sent once, so building the JSON text by hand saves a
// JSON.stringify of a throwaway array on the hot path.

const quote = JSON.stringify;

export function okFrame(eventId: string, accepted: boolean, message: string): string {
  return `["OK",${quote(eventId)},${accepted},${quote(message)}]`;
}

export function noticeFrame(message: string): string {
  return `["NOTICE",${quote(message)}]`;
}

export function closedFrame(subId: string, message: string): string {
  return `["CLOSED",${quote(subId)},${quote(message)}]`;
}

export function eoseFrame(subId: string): string {
  return `["EOSE",${quote(subId)}]`;
}

export function countFrame(subId: string, count: number): string {
  return `["COUNT",${quote(subId)},{"count":${count}}]`;
}

export function authChallengeFrame(challenge: string): string {
  return `["AUTH",${quote(challenge)}]`;
}

/** Everything of an EVENT frame for this subscription but the event and the closing bracket. */
export function eventFramePrefix(subId: string): string {
  return `["EVENT",${quote(subId)},`;
}
