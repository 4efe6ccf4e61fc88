// The product of independent finite distributions: every combination, probabilities multiplied.

export interface WeightedValue<T> {
  p: number;
  value: T;
}

export function product<T>(parts: WeightedValue<T>[][]): WeightedValue<T[]>[] {
  let acc: WeightedValue<T[]>[] = [{ p: 1, value: [] }];
  for (const part of parts) {
    const next: WeightedValue<T[]>[] = [];
    for (const a of acc)
      for (const b of part) next.push({ p: a.p * b.p, value: [...a.value, b.value] });
    acc = next;
  }
  return acc;
}
