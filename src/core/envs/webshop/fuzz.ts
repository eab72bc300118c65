/**
 * TheFuzz 0.19's `token_set_ratio`, as WebShop pinned it: installed without python-Levenshtein, so
 * `ratio` is difflib's SequenceMatcher ratio (×100, rounded half to even like Python's round), not a
 * Levenshtein ratio. The two disagree near WebShop's "> 85" threshold (see fuzz.test.ts), which is
 * why this is a faithful re-implementation rather than a port such as fuzzball.
 *
 * Strings are handled as arrays of code points, because Python's len and indexing count code points.
 */

/** Python's `round(x)` for floats: ties go to the even integer. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * difflib.SequenceMatcher(None, a, b).ratio(): 2·M / (|a| + |b|), where M is the total size of the
 * matching blocks found by recursive longest-match splitting. With autojunk (the default), when b
 * has at least 200 elements, elements occurring in b more than |b|/100 + 1 times are "popular" and
 * cannot start a match (they may still extend one).
 */
export function sequenceMatcherRatio(aText: string, bText: string): number {
  const a = Array.from(aText);
  const b = Array.from(bText);
  const total = a.length + b.length;
  if (total === 0) return 1;
  return (2 * matchingCharacters(a, b)) / total;
}

function buildB2j(b: string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((element, j) => {
    const list = b2j.get(element);
    if (list) list.push(j);
    else b2j.set(element, [j]);
  });
  const n = b.length;
  if (n >= 200) {
    const ntest = Math.floor(n / 100) + 1;
    for (const [element, indices] of [...b2j]) if (indices.length > ntest) b2j.delete(element);
  }
  return b2j;
}

function matchingCharacters(a: string[], b: string[]): number {
  const b2j = buildB2j(b);
  const empty: number[] = [];
  // find_longest_match(alo, ahi, blo, bhi) with no junk function: popular elements are not "junk",
  // so only the non-junk extension loop applies.
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]) ?? empty) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };
  let matched = 0;
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k === 0) continue;
    matched += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return matched;
}

/** TheFuzz `ratio`: equal strings 100, an empty side 0, else round(100 · difflib ratio). */
export function fuzzRatio(s1: string, s2: string): number {
  if (s1 === s2) return 100;
  if (s1.length === 0 || s2.length === 0) return 0;
  return pythonRound(100 * sequenceMatcherRatio(s1, s2));
}

/**
 * TheFuzz `full_process(s, force_ascii=True)` on Python 3: drop the code points 128–255, replace
 * every non-word character (not a letter, digit or underscore) with a space, lower-case, strip.
 */
export function fullProcess(s: string): string {
  return s
    .replace(/[\u0080-\u00ff]/g, '')
    .replace(/[^\p{L}\p{N}_]/gu, ' ')
    .toLowerCase()
    .trim();
}

/** Python's default string ordering: by code point (JS `<` compares UTF-16 units). */
function compareCodePoints(x: string, y: string): number {
  const xs = Array.from(x);
  const ys = Array.from(y);
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const d = xs[i].codePointAt(0)! - ys[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return xs.length - ys.length;
}

const sortedJoin = (tokens: Iterable<string>): string => [...tokens].sort(compareCodePoints).join(' ');

/** TheFuzz 0.19 `token_set_ratio(s1, s2)` with its defaults (force_ascii, full_process). */
export function tokenSetRatio(s1: string, s2: string): number {
  const p1 = fullProcess(s1);
  const p2 = fullProcess(s2);
  if (p1.length === 0 || p2.length === 0) return 0;
  const tokens1 = new Set(p1.split(/\s+/));
  const tokens2 = new Set(p2.split(/\s+/));
  const intersection = [...tokens1].filter((t) => tokens2.has(t));
  const diff1to2 = [...tokens1].filter((t) => !tokens2.has(t));
  const diff2to1 = [...tokens2].filter((t) => !tokens1.has(t));
  const sect = sortedJoin(intersection);
  const combined1to2 = `${sect} ${sortedJoin(diff1to2)}`.trim();
  const combined2to1 = `${sect} ${sortedJoin(diff2to1)}`.trim();
  return Math.max(fuzzRatio(sect, combined1to2), fuzzRatio(sect, combined2to1), fuzzRatio(combined1to2, combined2to1));
}

/**
 * Python's `repr` of a str, which is what TheFuzz sees when WebShop hands it a (name, value) tuple
 * (`str(tuple)`): quotes and escapes matter because full_process keeps the letters of `\n`, `\x..`.
 */
export function pythonStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** `str((name, value))` in Python. */
export function pythonPairRepr(name: string, value: string): string {
  return `(${pythonStrRepr(name)}, ${pythonStrRepr(value)})`;
}

/**
 * Ratio that python-Levenshtein would have given (the indel ratio: 2·LCS / total), kept only so tests
 * can show where WebShop's difflib-based scores differ from it.
 */
export function levenshteinIndelRatio(s1: string, s2: string): number {
  const a = Array.from(s1);
  const b = Array.from(s2);
  if (a.length + b.length === 0) return 100;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return pythonRound((200 * prev[b.length]) / (a.length + b.length));
}
