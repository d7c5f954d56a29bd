// The query protocol's form parameters, including its 1-based `member.N` lists.
export class StsParams {
  readonly #raw: URLSearchParams;

  constructor(raw: URLSearchParams) {
    this.#raw = raw;
  }

  get(name: string): string | undefined {
    return this.#raw.get(name) ?? undefined;
  }

  has(name: string): boolean {
    return this.#raw.has(name);
  }

  /** `Name.member.N` values in N order; [] for an absent or empty (`Name=`) list. */
  list(name: string): string[] {
    return this.#members(name).map((m) => m.value);
  }

  /** `Name.member.N.Field` structures in N order, e.g. Tags (Key, Value) or PolicyArns (arn). */
  structs(name: string): Record<string, string | undefined>[] {
    const byIndex = new Map<number, Record<string, string | undefined>>();
    const pattern = new RegExp(`^${name}\\.member\\.(\\d+)\\.([A-Za-z]+)$`);
    for (const [key, value] of this.#raw) {
      const m = pattern.exec(key);
      if (!m) continue;
      const entry = byIndex.get(Number(m[1])) ?? {};
      entry[m[2]] = value;
      byIndex.set(Number(m[1]), entry);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  #members(name: string): { index: number; value: string }[] {
    const pattern = new RegExp(`^${name}\\.member\\.(\\d+)$`);
    const out: { index: number; value: string }[] = [];
    for (const [key, value] of this.#raw) {
      const m = pattern.exec(key);
      if (m) out.push({ index: Number(m[1]), value });
    }
    return out.sort((a, b) => a.index - b.index);
  }
}
