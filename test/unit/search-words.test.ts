import { searchWords, shortWordQuery } from '../../server/db/search-words';

/** What the word index is given (decision 0007), and how a short word is asked of it. */
describe('The word index’s text', () => {
  test('When a text holds a run of Chinese, then the run is written as its overlapping pairs and its last character', () => {
    expect(searchWords('中俄港口合作。Tumen图们江')?.split(/\s+/).filter(Boolean)).toEqual(['中俄', '俄港', '港口', '口合', '合作', '作', '。Tumen', '图们', '们江', '江']);
  });

  test('When a text holds ё, then it is written е', () => {
    expect(searchWords('Ёлка и учреждённый')).toBe('Елка и учрежденный');
  });

  test('When a column is empty, then it stays empty', () => {
    expect(searchWords(null)).toBeNull();
  });
});

describe('A short word as a query of the word index', () => {
  test.each([
    ['合作', '"合作"'],
    ['港', '"港"*'],
    ['Ha', '"Ha"*'],
    ['ёж', '"еж"*'],
    ['a合', '"a 合"*'],
    ['合a', '"合 a"*'],
  ])('When the word is %s, then the query is %s', (word, query) => {
    expect(shortWordQuery(word)).toBe(query);
  });

  test.each(['!', '""', '*', '(', '-'])('When the word is punctuation alone (%s), then there is nothing to look for', (word) => {
    expect(shortWordQuery(word)).toBeUndefined();
  });
});
