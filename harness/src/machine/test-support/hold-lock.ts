// A second process for the lock tests: takes the lock (or port ranges) named in argv, says so, and holds it until
// killed or its stdin closes.
import { PortLeases } from '../../services/free-port.ts';
import { tryLock } from '../lock-file.ts';

const [kind = '', path = ''] = process.argv.slice(2);
if (kind === 'lock') {
  console.log(tryLock(path, 'holder for a test') === null ? 'busy' : 'held');
} else {
  const leases = new PortLeases({ dir: path, low: 40_000, high: 40_400, rangeSize: 100 });
  const port = await leases.next();
  console.log(`port ${port} range ${leases.leasedRanges().join(',')}`);
}
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
