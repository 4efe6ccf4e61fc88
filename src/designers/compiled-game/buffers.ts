// Flat buffers the tree builders fill: growable typed arrays, and the table of mechanism rows
// (one per distinct tabular key) the compiled game's nodes point into.
import { tabularKey } from "../../mechanisms/tabular.js";

/** Growable Int32Array. */
export class IntList {
  a = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

/** Growable Float64Array. */
export class FloatList {
  a = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
  done(): Float64Array {
    return this.a.slice(0, this.length);
  }
}

/** Mechanism rows keyed as TabularMechanism keys them (memory key | reports), numbered in order
 * of first use. */
export class RowTable {
  private index = new Map<string, number>();
  readonly keys: string[] = [];
  rowOf(mem: string, reports: Float64Array): number {
    const key = tabularKey(mem, reports);
    let r = this.index.get(key);
    if (r === undefined) {
      r = this.keys.length;
      this.index.set(key, r);
      this.keys.push(key);
    }
    return r;
  }
}
