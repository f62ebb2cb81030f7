// §2.4's kind allow-list (docs/contract.md): a `kind` label is the decimal kind when the list holds it, else
// `other`. Scrapes are judged against it whatever the golden holds, so hostile input cannot grow the label set.

/** §2.4's kind allow-list, as [low, high] ranges. */
const KIND_ALLOW_LIST: readonly (readonly [number, number])[] = [
  [0, 9],
  [1059, 1059],
  [1063, 1063],
  [8000, 8003],
  [9000, 9022],
  [9030, 9036],
  [13534, 13535],
  [20000, 29999],
  [30023, 30023],
  [30315, 30315],
  [39000, 39003],
  [40002, 40100],
  [41001, 41001],
  [41010, 41012],
  [43001, 43006],
  [44100, 44101],
  [45001, 45003],
  [46001, 46012],
  [46020, 46020],
  [46030, 46031],
  [48001, 48001],
  [48100, 48103],
  [48106, 48106],
  [49001, 49001],
];

export function isAllowListedKind(kind: number): boolean {
  return KIND_ALLOW_LIST.some(([low, high]) => kind >= low && kind <= high);
}
