import { ageOf, agoText } from '../../server/lib/age';

describe('How long ago a date was', () => {
  test.each([
    ['2026-03-10', '2026-03-10', { unit: 'today', count: 0 }],
    ['2026-03-12', '2026-03-10', { unit: 'today', count: 0 }],
    ['2026-03-09', '2026-03-10', { unit: 'days', count: 1 }],
    ['2026-02-11', '2026-03-10', { unit: 'days', count: 27 }],
    ['2026-02-10', '2026-03-10', { unit: 'months', count: 1 }],
    ['2024-03-11', '2026-03-10', { unit: 'months', count: 23 }],
    ['2024-03-10', '2026-03-10', { unit: 'years', count: 2 }],
    ['2016-09-01', '2026-03-10', { unit: 'years', count: 9 }],
  ])('When the date is %s and today is %s, then it reads as %o', (date, today, expected) => {
    expect(ageOf(date, today)).toEqual(expected);
  });

  test('When the text is built, then the count picks the singular or plural phrase, and the exact date goes with it', () => {
    expect(agoText('2026-03-09', '2026-03-10', 'list.evidence_age', 'list.evidence_title')).toEqual({
      date: '2026-03-09',
      text: 'Last evidence 1 day ago',
      title: 'Newest evidence note: Mar 9, 2026',
    });
    expect(agoText('2023-01-01', '2026-03-10', 'list.status_age', 'list.status_since_title').text).toBe('for 3 years');
    expect(agoText('2026-01-05', '2026-03-10', 'list.status_age', 'list.status_since_title').text).toBe('for 2 months');
    expect(agoText('2026-03-10', '2026-03-10', 'list.status_age', 'list.status_since_title').text).toBe('since today');
  });
});
