// How the persistent path refuses: `invalid` for what the event says (buzz files its `restricted:` refusals under
// that reason too), `error` for what went wrong here.

export class IngestRefusal extends Error {
  override name = 'IngestRefusal';
  readonly reason: 'invalid' | 'error';

  constructor(reason: 'invalid' | 'error', message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

export function refuse(message: string): never {
  throw new IngestRefusal('invalid', message);
}

/** buzz answers every internal failure with the same text over WebSocket, so nothing of the database leaks. */
export async function guarded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof IngestRefusal) throw error;
    throw new IngestRefusal('error', 'error: internal server error', { cause: error });
  }
}
