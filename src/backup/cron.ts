/**
 * Synth-time validation of CronJob schedules (the syntax Kubernetes accepts: five fields,
 * ranges, steps, lists, month and weekday names, and the @hourly/@daily/... macros), and
 * the longest gap between two runs, from which the default backup `maxAge` is derived.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const MACROS: { [m: string]: string } = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A parsed schedule: the allowed values of each field. */
export interface ParsedCron {
  readonly sets: Set<number>[];
  /** Day of month or day of week was `*` (then both must match, else either). */
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

function value(field: Field, text: string): number {
  const upper = text.toUpperCase();
  const i = field.names ? field.names.indexOf(upper) : -1;
  if (i >= 0) return i + field.min;
  if (!/^\d+$/.test(text)) throw new Error(`${field.name}: '${text}' is not a number${field.names ? ' or a name (' + field.names.join(', ') + ')' : ''}`);
  const n = Number(text);
  if (n < field.min || n > field.max) throw new Error(`${field.name}: ${n} is outside ${field.min}-${field.max}`);
  return n;
}

function parseField(field: Field, text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new Error(`${field.name}: empty list element in '${text}'`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new Error(`${field.name}: '${part}' has more than one '/'`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new Error(`${field.name}: step '${stepText}' must be a whole number >= 1`);
      step = Number(stepText);
      if (step > field.max - field.min + 1) throw new Error(`${field.name}: step ${step} is larger than the field's range ${field.min}-${field.max}`);
    }
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = field.min; hi = field.max;
    } else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new Error(`${field.name}: '${range}' is not a range`);
      lo = value(field, a); hi = value(field, b);
      if (lo > hi) throw new Error(`${field.name}: range '${range}' runs backwards`);
    } else {
      lo = value(field, range);
      hi = stepText !== undefined ? field.max : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a schedule; throws an Error whose message says what is wrong. */
export function parseCron(expression: string): ParsedCron {
  let expr = expression.trim();
  if (/^(TZ|CRON_TZ)=/.test(expr)) throw new Error('time zones in the schedule are not allowed by Kubernetes: use the timeZone option');
  if (expr.startsWith('@')) {
    const m = MACROS[expr.toLowerCase()];
    if (!m) throw new Error(`unknown macro '${expr}' (use one of ${Object.keys(MACROS).join(', ')})`);
    expr = m;
  }
  const parts = expr.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const sets = FIELDS.map((f, i) => parseField(f, parts[i]));
  return { sets, domStar: /^[*?]/.test(parts[2]), dowStar: /^[*?]/.test(parts[4]) };
}

function dayMatches(c: ParsedCron, date: Date): boolean {
  if (!c.sets[3].has(date.getUTCMonth() + 1)) return false;
  const dom = c.sets[2].has(date.getUTCDate());
  const dow = c.sets[4].has(date.getUTCDay());
  return c.domStar || c.dowStar ? dom && dow : dom || dow;
}

/**
 * Longest time between two consecutive runs, in seconds, over two years (from a fixed
 * date, so the result is reproducible); undefined when the schedule never runs.
 */
export function longestGapSeconds(c: ParsedCron): number | undefined {
  const minutesOfDay: number[] = [];
  for (const h of [...c.sets[1]].sort((a, b) => a - b)) {
    for (const m of [...c.sets[0]].sort((a, b) => a - b)) minutesOfDay.push(h * 60 + m);
  }
  const start = Date.UTC(2025, 0, 1);
  const days = 2 * 366 + 365 * 2; // four years: every weekday/date/leap-day combination
  let previous: number | undefined;
  let longest = 0;
  let runs = 0;
  for (let d = 0; d < days; d++) {
    const day = start + d * 86_400_000;
    if (!dayMatches(c, new Date(day))) continue;
    for (const mod of minutesOfDay) {
      const t = day / 60_000 + mod;
      if (previous !== undefined && t - previous > longest) longest = t - previous;
      previous = t;
      runs++;
    }
  }
  if (runs === 0) return undefined;
  // One run in four years (29 February): at least four years apart.
  return runs === 1 ? days * 86_400 : longest * 60;
}
