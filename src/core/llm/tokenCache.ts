/**
 * Memoized per-segment tokenization. Prompts repeat the same segments (the header, past
 * observations, every candidate action) step after step, so caching them makes tokenizing free.
 */
export class SegmentTokenizer {
  private readonly cache = new Map<string, number[]>();

  constructor(
    private readonly encode: (text: string) => number[],
    private readonly capacity = 20000,
  ) {}

  segment(text: string): number[] {
    let ids = this.cache.get(text);
    if (!ids) {
      ids = this.encode(text);
      if (this.cache.size >= this.capacity) this.cache.clear();
      this.cache.set(text, ids);
    }
    return ids;
  }

  segments(texts: readonly string[]): number[] {
    const out: number[] = [];
    for (const t of texts) for (const id of this.segment(t)) out.push(id);
    return out;
  }
}
