// The --clock, --clock-start and --clock-rate flags shared by the commands that run controllers or
// node agents: one clock for all of them, the wall clock or a simulated one.
import { realClock, SimulatedClock, type Clock } from '../client/clock.js';

export const clockHelp = `      --clock string          "real" or "simulated": controllers, the scheduler and node agents read time
                              from the wall clock or from a simulated clock (default "real")
      --clock-start string    RFC3339 instant the simulated clock starts at (default: now)
      --clock-rate float      how many times faster than real time the simulated clock runs (default 1)
`;

export const clockOptions = {
  clock: { type: 'string', default: 'real' },
  'clock-start': { type: 'string' },
  'clock-rate': { type: 'string' },
} as const;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function clockFromFlags(v: { clock?: string; 'clock-start'?: string; 'clock-rate'?: string }): Clock {
  const kind = v.clock ?? 'real';
  if (kind !== 'real' && kind !== 'simulated') throw new Error(`invalid --clock ${JSON.stringify(kind)}: use "real" or "simulated"`);
  if (kind === 'real') {
    if (v['clock-start'] !== undefined || v['clock-rate'] !== undefined) throw new Error('--clock-start and --clock-rate need --clock=simulated');
    return realClock;
  }
  let start = new Date();
  const s = v['clock-start'];
  if (s !== undefined) {
    if (!RFC3339.test(s) || Number.isNaN(Date.parse(s))) throw new Error(`invalid --clock-start ${JSON.stringify(s)}: want an RFC3339 time such as 2026-03-08T06:00:00Z`);
    start = new Date(s);
  }
  const r = v['clock-rate'] ?? '1';
  const rate = Number(r);
  if (r.trim() === '' || !Number.isFinite(rate) || rate <= 0) throw new Error(`invalid --clock-rate ${JSON.stringify(r)}: want a positive number`);
  return new SimulatedClock(start, rate);
}
