// Ages differ between two runs of a command a moment apart; these make two outputs comparable.
// normalizeTableAges is for tables (get, rollout…): every age token, and all column padding.
// normalizeDescribeAges is for `kubectl describe`, and stricter: it replaces them with <age> only
// where describe prints ages — the Events table's Age column (with its
// "(xN over AGE)" part), the Age column of a Node's pod table, and "Terminating (lasts AGE)" — and,
// in those two tables only, collapses each run of 2+ spaces to two, because the tabwriter sizes a
// column by its widest cell and "59s" and "1m" are not the same width. Nothing else is touched.

const AGE_TOKEN = '(?:(?:\\d+[smhdy]){1,2}|<invalid>|<unknown>)';
const AGE = new RegExp(`^${AGE_TOKEN}$`);
const EVENT_AGE = new RegExp(`^${AGE_TOKEN}(?: \\(x\\d+ over ${AGE_TOKEN}\\))?$`);

type Table = 'events' | 'pods' | undefined;

function row(line: string, table: Exclude<Table, undefined>): string {
  const indent = /^ */.exec(line)![0];
  const cols = line.slice(indent.length).split(/ {2,}/);
  if (table === 'events') {
    // Type, Reason, Age, From, Message (an empty cell would shift them; then look for the age cell).
    const i = cols.length >= 3 && EVENT_AGE.test(cols[2]!) ? 2 : cols.findIndex((c) => EVENT_AGE.test(c));
    if (i >= 0) cols[i] = cols[i]!.replace(/\(x(\d+) over [^)]*\)/, '(x$1 over <age>)').replace(new RegExp(`^${AGE_TOKEN}`), '<age>');
  } else {
    const last = cols.length - 1;
    if (last >= 0 && AGE.test(cols[last]!.trimEnd())) cols[last] = '<age>';
  }
  return indent + cols.join('  ');
}

export function normalizeDescribeAges(text: string): string {
  let table: Table;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s+Type\s+Reason\s+Age\s+From\s+Message\s*$/.test(line)) {
        table = 'events';
        return line.replace(/ {2,}/g, '  ');
      }
      if (/^\s+Namespace\s+Name\s+CPU Requests\s+CPU Limits\s+Memory Requests\s+Memory Limits\s+Age\s*$/.test(line)) {
        table = 'pods';
        return line.replace(/ {2,}/g, '  ');
      }
      if (table && line.startsWith('  ')) return row(line, table);
      table = undefined;
      return line.replace(new RegExp(`Terminating \\(lasts ${AGE_TOKEN}\\)`, 'g'), 'Terminating (lasts <age>)');
    })
    .join('\n');
}

/** Ages as kubectl prints them in tables (5s, 3m2s, 2d10h, <invalid>) become one token, and column padding is evened out. */
export function normalizeTableAges(text: string): string {
  return text
    .replace(/(?<![\w.:/-])(\d+y)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(?![\w.:/-])/g, (m) => (m === '' || /^\d+$/.test(m) ? m : 'AGE'))
    .replace(/<invalid>/g, 'AGE')
    .replace(/ {2,}/g, '  ');
}
