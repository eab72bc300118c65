/**
 * Porter's 1980 stemming algorithm, following the structure of Martin Porter's reference C
 * implementation (the one Lucene's PorterStemFilter ports, including its "logi" → "log" rule), which
 * is what WebShop's Pyserini index applied to every term. Words of one or two letters are unchanged.
 */
export function porterStem(word: string): string {
  if (word.length <= 2) return word;
  const b = word.split('');
  let k = b.length - 1;
  let j = 0;

  const cons = (i: number): boolean => {
    switch (b[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i === 0 ? true : !cons(i - 1);
      default:
        return true;
    }
  };
  /** Number of vowel-consonant sequences in b[0..j]. */
  const m = (): number => {
    let n = 0;
    let i = 0;
    for (;;) {
      if (i > j) return n;
      if (!cons(i)) break;
      i++;
    }
    i++;
    for (;;) {
      for (;;) {
        if (i > j) return n;
        if (cons(i)) break;
        i++;
      }
      i++;
      n++;
      for (;;) {
        if (i > j) return n;
        if (!cons(i)) break;
        i++;
      }
      i++;
    }
  };
  const vowelInStem = (): boolean => {
    for (let i = 0; i <= j; i++) if (!cons(i)) return true;
    return false;
  };
  const doubleC = (i: number): boolean => i >= 1 && b[i] === b[i - 1] && cons(i);
  const cvc = (i: number): boolean => {
    if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
    return b[i] !== 'w' && b[i] !== 'x' && b[i] !== 'y';
  };
  const ends = (s: string): boolean => {
    const len = s.length;
    if (len > k + 1) return false;
    for (let i = 0; i < len; i++) if (b[k - len + 1 + i] !== s[i]) return false;
    j = k - len;
    return true;
  };
  const setTo = (s: string): void => {
    for (let i = 0; i < s.length; i++) b[j + 1 + i] = s[i];
    k = j + s.length;
    b.length = k + 1;
  };
  const r = (s: string): void => {
    if (m() > 0) setTo(s);
  };
  /** First suffix of the list that the word ends with is replaced (if m() > 0); the rest are skipped. */
  const replaceFirst = (pairs: ReadonlyArray<readonly [string, string]>): void => {
    for (const [suffix, replacement] of pairs) {
      if (ends(suffix)) {
        r(replacement);
        return;
      }
    }
  };

  // Step 1ab: plurals and -ed / -ing.
  if (b[k] === 's') {
    if (ends('sses')) k -= 2;
    else if (ends('ies')) setTo('i');
    else if (b[k - 1] !== 's') k--;
    b.length = k + 1;
  }
  if (ends('eed')) {
    if (m() > 0) {
      k--;
      b.length = k + 1;
    }
  } else if ((ends('ed') || ends('ing')) && vowelInStem()) {
    k = j;
    b.length = k + 1;
    if (ends('at')) setTo('ate');
    else if (ends('bl')) setTo('ble');
    else if (ends('iz')) setTo('ize');
    else if (doubleC(k)) {
      k--;
      const ch = b[k];
      if (ch === 'l' || ch === 's' || ch === 'z') k++;
      b.length = k + 1;
    } else if (((j = k), m() === 1) && cvc(k)) setTo('e');
  }
  // Step 1c: y → i when there is another vowel in the stem.
  if (ends('y') && vowelInStem()) b[k] = 'i';
  // Step 2: double suffixes to single ones.
  if (k > 0) {
    switch (b[k - 1]) {
      case 'a':
        replaceFirst([['ational', 'ate'], ['tional', 'tion']]);
        break;
      case 'c':
        replaceFirst([['enci', 'ence'], ['anci', 'ance']]);
        break;
      case 'e':
        replaceFirst([['izer', 'ize']]);
        break;
      case 'l':
        replaceFirst([['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous']]);
        break;
      case 'o':
        replaceFirst([['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate']]);
        break;
      case 's':
        replaceFirst([['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']]);
        break;
      case 't':
        replaceFirst([['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']]);
        break;
      case 'g':
        replaceFirst([['logi', 'log']]);
        break;
    }
  }
  // Step 3: -ic-, -full, -ness etc.
  switch (b[k]) {
    case 'e':
      replaceFirst([['icate', 'ic'], ['ative', ''], ['alize', 'al']]);
      break;
    case 'i':
      replaceFirst([['iciti', 'ic']]);
      break;
    case 'l':
      replaceFirst([['ical', 'ic'], ['ful', '']]);
      break;
    case 's':
      replaceFirst([['ness', '']]);
      break;
  }
  // Step 4: -ant, -ence etc. in context <c>vcvc<v>.
  if (k > 0) {
    let matched = false;
    const tryEnds = (...suffixes: string[]): boolean => {
      for (const s of suffixes) if (ends(s)) return true;
      return false;
    };
    switch (b[k - 1]) {
      case 'a':
        matched = tryEnds('al');
        break;
      case 'c':
        matched = tryEnds('ance', 'ence');
        break;
      case 'e':
        matched = tryEnds('er');
        break;
      case 'i':
        matched = tryEnds('ic');
        break;
      case 'l':
        matched = tryEnds('able', 'ible');
        break;
      case 'n':
        matched = tryEnds('ant', 'ement', 'ment', 'ent');
        break;
      case 'o':
        if (ends('ion') && j >= 0 && (b[j] === 's' || b[j] === 't')) matched = true;
        else matched = tryEnds('ou');
        break;
      case 's':
        matched = tryEnds('ism');
        break;
      case 't':
        matched = tryEnds('ate', 'iti');
        break;
      case 'u':
        matched = tryEnds('ous');
        break;
      case 'v':
        matched = tryEnds('ive');
        break;
      case 'z':
        matched = tryEnds('ize');
        break;
    }
    if (matched && m() > 1) {
      k = j;
      b.length = k + 1;
    }
  }
  // Step 5: remove a final -e and -ll → -l when m() > 1.
  j = k;
  if (b[k] === 'e') {
    const a = m();
    if (a > 1 || (a === 1 && !cvc(k - 1))) {
      k--;
      b.length = k + 1;
    }
  }
  // j still marks the end before any -e removal, as in the reference implementation.
  if (b[k] === 'l' && doubleC(k) && m() > 1) {
    k--;
    b.length = k + 1;
  }
  return b.slice(0, k + 1).join('');
}
