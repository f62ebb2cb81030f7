// The canonical order of CONTRACT §2.1, reimplemented here because relay/ may not import the harness's
// canonicalize.ts: counters, gauges, histograms; families by name inside a group; series by their rendered label
// text (UTF-16 code units, as the harness compares); a histogram series' lines kept together in bucket order.
// Two series can render the same label text (the exporter's escaping is not one-to-one: `"` and `\"` both write
// `\"`), so `exact` also orders ties by their whole text; without it ties keep their order.

type Group = 'counter' | 'gauge' | 'histogram';
const RANK: Readonly<Record<Group, number>> = { counter: 0, gauge: 1, histogram: 2 };

interface Family {
  readonly name: string;
  readonly type: Group;
  /** Series as their lines: one line for counters and gauges, buckets then _sum then _count for histograms. */
  readonly series: string[][];
}

export function canonicalOrder(body: string, exact: boolean): string {
  const families = parseFamilies(body).sort((a, b) => RANK[a.type] - RANK[b.type] || compare(a.name, b.name));
  let out = '';
  for (const family of families) {
    const series = [...family.series].sort(
      (a, b) =>
        compare(labelText(a.at(-1)!), labelText(b.at(-1)!)) || (exact ? compare(a.join('\n'), b.join('\n')) : 0),
    );
    out += `# TYPE ${family.name} ${family.type}\n${series.map((lines) => lines.join('\n')).join('\n')}\n\n`;
  }
  return out;
}

function parseFamilies(body: string): Family[] {
  const families: Family[] = [];
  let current: Family | undefined;
  let open: string[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      if (name === undefined || (type !== 'counter' && type !== 'gauge' && type !== 'histogram')) {
        throw new Error(`line ${i + 1}: unexpected TYPE line ${JSON.stringify(line)}`);
      }
      current = { name, type, series: [] };
      families.push(current);
    } else if (line === '') {
      if (open.length > 0) throw new Error(`line ${i + 1}: a histogram series ends without its _count line`);
      current = undefined;
    } else if (current === undefined) {
      throw new Error(`line ${i + 1}: sample outside a family: ${JSON.stringify(line)}`);
    } else if (current.type !== 'histogram') {
      current.series.push([line]);
    } else {
      open.push(line);
      if (line.startsWith(`${current.name}_count`)) {
        current.series.push(open);
        open = [];
      }
    }
  }
  return families;
}

/** The text between the braces of `name{labels} value`, empty without braces. Values never hold a space. */
function labelText(line: string): string {
  const prefix = line.slice(0, line.lastIndexOf(' '));
  const brace = prefix.indexOf('{');
  return brace === -1 ? '' : prefix.slice(brace + 1, -1);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
