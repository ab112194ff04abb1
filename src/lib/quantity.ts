import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { fail } from './errors';

export function sizeBytes(where: string, prop: string, size: Size): number {
  let kib: number;
  try {
    kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  } catch (e) {
    return fail(where, prop, String(size), 'must be a Size such as Size.gibibytes(10)');
  }
  if (!Number.isFinite(kib) || kib <= 0) fail(where, prop, size.asString(), 'must be a positive Size');
  return kib * 1024;
}

/** Millicores of a cdk8s-plus Cpu ('250m', '2', '0.5'). */
export function cpuMillis(where: string, prop: string, cpu: Cpu): number {
  const amount = cpu.amount;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(amount);
  if (!m) return fail(where, prop, amount, 'must be a CPU quantity such as Cpu.millis(500) or Cpu.units(2)');
  const value = m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
  if (!(value > 0)) fail(where, prop, amount, 'must be more than zero');
  return value;
}

/** Kubernetes quantity string for a byte count, in the largest exact binary unit. */
export function bytesQuantity(bytes: number): string {
  const units: [string, number][] = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [suffix, factor] of units) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return `${bytes}`;
}
