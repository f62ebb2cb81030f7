import type { CollectedSpan, Transport } from './model.ts';
import type { ReceivedSpan } from './received-span.ts';

/** Every span any receiver accepted, in arrival order. A reset makes it look freshly started (`seq` from 0 again). */
export class SpanStore {
  #spans: CollectedSpan[] = [];
  #nextSeq = 0;

  add(received: readonly ReceivedSpan[], transport: Transport): void {
    for (const span of received) {
      this.#spans.push({ ...span, transport, seq: this.#nextSeq++ });
    }
  }

  list(filter: { service?: string } = {}): readonly CollectedSpan[] {
    const { service } = filter;
    if (service === undefined) return [...this.#spans];
    return this.#spans.filter((span) => {
      const name = span.resource['service.name'];
      return name?.type === 'string' && name.value === service;
    });
  }

  reset(): void {
    this.#spans = [];
    this.#nextSeq = 0;
  }
}
