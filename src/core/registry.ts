// A registry maps names to factories with declared parameters. Adding a problem, mechanism
// or designer is one file plus one line in the folder's registry list.
import { unknownName } from "./suggest.js";
import { formatName, parseName, resolveParams, type ParamSpecs, type ParamValue } from "./spec.js";

export interface Entry<T> {
  name: string;
  summary: string;
  params: ParamSpecs;
  create(params: Record<string, ParamValue>): T;
}

/** `E` lets a registry keep richer entries (e.g. designers with their flags). */
export class Registry<T, E extends Entry<T> = Entry<T>> {
  private entries = new Map<string, E>();

  constructor(
    /** What the registry holds, for messages: "problem", "mechanism", … */
    readonly kind: string,
  ) {}

  add(entry: E): this {
    if (this.entries.has(entry.name)) throw new Error(`duplicate ${this.kind} ${entry.name}`);
    this.entries.set(entry.name, entry);
    return this;
  }

  list(): E[] {
    return [...this.entries.values()];
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  get(name: string, field: string): E {
    const e = this.entries.get(name);
    if (!e) {
      throw unknownName(field, this.kind, name, [...this.entries.keys()]);
    }
    return e;
  }

  /** Parse `name(k=v,...)`, validate, create. Returns the object and its canonical name. */
  build(
    text: string,
    field: string,
  ): { value: T; name: string; params: Record<string, ParamValue> } {
    const parsed = parseName(text, field);
    const entry = this.get(parsed.name, field);
    const params = resolveParams(parsed.name, entry.params, parsed.args);
    return {
      value: entry.create(params),
      name: formatName(entry.name, params, entry.params),
      params,
    };
  }

  /** The canonical name of `text` (old names listing parameters that do not apply included). */
  canonical(text: string, field: string): string {
    const parsed = parseName(text, field);
    const entry = this.get(parsed.name, field);
    return formatName(
      entry.name,
      resolveParams(parsed.name, entry.params, parsed.args),
      entry.params,
    );
  }
}
