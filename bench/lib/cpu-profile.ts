import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and ranks functions by self time: the time the sampler
// found that function itself on top of the stack. Native functions (writev, a wasm function) say little alone, so
// each entry also names the caller that accounts for most of its time: the nearest relay/src function on the
// stack, or the nearest library function when a library callback runs with no relay frame below it.

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly location: string;
  readonly ms: number;
  /** Share of the non-idle time. */
  readonly share: number;
  /** The relay/src caller (else library caller) behind most of this entry's time, with its share of it. */
  readonly via: { readonly frame: string; readonly share: number } | undefined;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly top: readonly SelfTime[];
  /**
   * Share of the non-idle time each package's code took, largest first: a sample counts for the innermost
   * node_modules package (or relay/src) on its stack, so Node internals and natives count for the code that called
   * them, and a callback counts for the code it runs, not for the wrapper that called it.
   */
  readonly packages: readonly { readonly name: string; readonly share: number }[];
}

// The package a frame belongs to: node_modules/<name> or node_modules/@scope/<name>, the last one on the path.
const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/;

export function summarizeCpuProfile(path: string, root: string, count = 10): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const place = (node: ProfileNode) => {
    const { url, lineNumber, functionName } = node.callFrame;
    const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
    return { name: functionName || '(anonymous)', location: file === '' ? '' : `${file}:${lineNumber + 1}` };
  };
  // The nearest relay/src frame below; when the stack has none (a library callback), the nearest library frame.
  const relayCaller = (nodeId: number): string | undefined => {
    let library: string | undefined;
    for (let current = parentOf.get(nodeId); current !== undefined; current = parentOf.get(current)) {
      const { name, location } = place(byNode.get(current)!);
      if (location.startsWith('relay/src/')) return `${name} ${location}`;
      if (library === undefined && location.startsWith('node_modules/')) library = `${name} ${location}`;
    }
    return library;
  };
  const totals = new Map<string, { name: string; location: string; us: number; callers: Map<string, number> }>();
  // Tracing's price is spread over many small functions of a few packages: this adds them up per package.
  const packageOf = new Map<number, string | undefined>(
    profile.nodes.map((node) => {
      const { url } = node.callFrame;
      return [node.id, url.includes('/relay/src/') ? 'relay/src' : PACKAGE.exec(url)?.[1]];
    }),
  );
  const packageUs = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byNode.get(nodeId);
    if (node === undefined) return;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += delta;
      return;
    }
    busyUs += delta;
    let owner: string | undefined;
    for (let current: number | undefined = nodeId; owner === undefined && current !== undefined; ) {
      owner = packageOf.get(current);
      current = parentOf.get(current);
    }
    const ownerName = owner ?? '(no package: Node, V8)';
    packageUs.set(ownerName, (packageUs.get(ownerName) ?? 0) + delta);
    const { name, location } = place(node);
    const key = `${name} ${location}`;
    const entry = totals.get(key) ?? { name, location, us: 0, callers: new Map<string, number>() };
    entry.us += delta;
    const caller = location.startsWith('relay/src/') ? undefined : relayCaller(nodeId);
    if (caller !== undefined) entry.callers.set(caller, (entry.callers.get(caller) ?? 0) + delta);
    totals.set(key, entry);
  });
  const top = [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((entry) => {
      const [frame, us] = [...entry.callers].sort((a, b) => b[1] - a[1])[0] ?? [];
      return {
        name: entry.name,
        location: entry.location,
        ms: entry.us / 1000,
        share: entry.us / busyUs,
        via: frame === undefined ? undefined : { frame, share: us! / entry.us },
      };
    });
  const packages = [...packageUs].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, share: us / busyUs }));
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, top, packages };
}

/**
 * Every .cpuprofile a relay run left in dir, main thread first: `node --cpu-prof` writes one per thread, named
 * CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile.
 */
export function findCpuProfiles(dir: string): { readonly thread: number; readonly path: string }[] {
  const profiles = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => ({ thread: Number(name.split('.')[4]), path: join(dir, name) }))
    .sort((a, b) => a.thread - b.thread);
  if (profiles.length === 0) throw new Error(`no .cpuprofile in ${dir}: did the relay exit normally?`);
  return profiles;
}

const PACKAGES_SHOWN = 8;

/** The report lines of every thread's profile in dir: busy and idle time, then the top self-time functions. */
export function describeCpuProfiles(dir: string, root: string, heading: string): string[] {
  return findCpuProfiles(dir).flatMap(({ thread, path }) => {
    const summary = summarizeCpuProfile(path, root);
    return [
      `${heading}, ${thread === 0 ? 'main thread' : `worker thread ${thread}`}: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s; top 10 self time:`,
      ...summary.top.map(
        (entry, index) =>
          `  ${String(index + 1).padStart(2)}. ${entry.ms.toFixed(0).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}  ${entry.location}${entry.via === undefined ? '' : `  ← ${(entry.via.share * 100).toFixed(0)}% via ${entry.via.frame}`}`,
      ),
      `  self time by package: ${summary.packages
        .slice(0, PACKAGES_SHOWN)
        .map((entry) => `${entry.name} ${(entry.share * 100).toFixed(1)}%`)
        .join(', ')}`,
    ];
  });
}
