// `node relay/src/main.ts`. Node's compile cache roughly halves the CPU a start spends loading modules (the
// suite starts dozens of relays; nodes restart in production too). It applies only to modules loaded after it
// is enabled, so everything else comes in through the dynamic import below.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./process.ts');
