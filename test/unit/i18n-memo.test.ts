import { tIn } from '../../server/lib/i18n';

describe('Texts remembered per language, key and parameters', () => {
  test('When a text with a count is asked again, in another language or with another count, then each gets its own text', () => {
    const asked = () => [tIn('ru', 'list.status_age.days', { count: 1 }), tIn('ru', 'list.status_age.days', { count: 3 }), tIn('en', 'list.status_age.days', { count: 3 })];
    const first = asked();
    expect(first[0]).not.toBe(first[1]);
    expect(first[1]).not.toBe(first[2]);
    expect(asked()).toEqual(first);
  });

  test('When a date is given, then the remembered text still has it written as each language writes dates', () => {
    expect(tIn('en', 'list.status_since_title', { date: '2026-03-09' })).toBe('In this status since Mar 9, 2026');
    expect(tIn('ru', 'list.status_since_title', { date: '2026-03-09' })).toBe('В этом статусе с 9 марта 2026 г.');
    expect(tIn('en', 'list.status_since_title', { date: '2026-03-09' })).toBe('In this status since Mar 9, 2026');
  });
});
