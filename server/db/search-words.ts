import type Database from 'better-sqlite3';

/**
 * The text of the word index (migration 0009, decision 0007): what
 * `recommendation_words` and `evidence_note_words` are given to index, and how
 * a short query is asked of them.
 *
 * FTS5's unicode61 tokenizer splits text at spaces and punctuation, which
 * Chinese does not have: a sentence would be one token. So each run of Chinese
 * (or Japanese) characters is written as its overlapping pairs and its last
 * character alone: 中俄港口合作 → "中俄 俄港 港口 口合 合作 作". A two-character
 * word is then one token, and one character is the first character of a token
 * (a prefix query). Other scripts are left to unicode61 (case folded, accents
 * removed); ё is written е, as most Russian texts do.
 */

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function foldYo(text: string): string {
  return text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

function pairs(chars: string[]): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/** The text as the word index is given it (the SQL function `search_words`). */
export function searchWords(text: string | null): string | null {
  if (text === null) return null;
  return foldYo(text).replace(CJK_RUN, (run) => {
    const chars = [...run];
    return ` ${[...pairs(chars), chars[chars.length - 1]!].join(' ')} `;
  });
}

/**
 * An FTS5 query for one word of fewer than three characters, asked of the word
 * index: a Chinese pair is a token of its own (合作), one character the start
 * of a token (港*), other words the start of a word (ha* finds Harbin).
 * Undefined when the word holds no letter or digit (nothing to look for).
 */
export function shortWordQuery(word: string): string | undefined {
  // The runs the query is made of: Chinese characters, or letters and digits of other scripts.
  const runs: string[] = [];
  let kind = '';
  for (const char of foldYo(word)) {
    const k = CJK_CHAR.test(char) ? 'cjk' : WORD_CHAR.test(char) ? 'word' : '';
    if (k && k === kind) runs[runs.length - 1] += char;
    else if (k) runs.push(char);
    kind = k;
  }
  if (runs.length === 0) return undefined;
  const tokens: string[] = [];
  runs.forEach((run, i) => {
    const chars = [...run];
    if (!CJK_CHAR.test(chars[0]!)) tokens.push(run);
    else if (chars.length === 1) tokens.push(run);
    else {
      tokens.push(...pairs(chars));
      // CASE: a Chinese run followed by more of the query ends where the text's run ends, on its last character alone.
      if (i < runs.length - 1) tokens.push(chars[chars.length - 1]!);
    }
  });
  const last = [...runs[runs.length - 1]!];
  const exact = last.length > 1 && CJK_CHAR.test(last[0]!);
  // Tokens hold letters, digits and marks only, so the quoted phrase cannot carry FTS5 syntax.
  return `"${tokens.join(' ')}"${exact ? '' : '*'}`;
}

/** Makes `search_words()` known to a connection: the word index's triggers call it on every write. */
export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function('search_words', { deterministic: true }, (text: unknown) => searchWords(typeof text === 'string' ? text : text === null ? null : String(text)));
}
