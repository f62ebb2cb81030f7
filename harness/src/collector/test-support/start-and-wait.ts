// A stand-in test worker: starts a process-mode collector, prints its query URL, and waits to be signalled.
import { startCollector } from '../launch.ts';

const collector = await startCollector({ mode: 'process' });
console.log(collector.queryUrl);
setInterval(() => {}, 1000);
