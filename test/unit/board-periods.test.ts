import { periodEnds } from '../../server/board/view-model';
import { daysBefore } from '../../server/lib/dates';

describe('daysBefore', () => {
  test('When days are counted back across a month end, then the calendar date before is returned', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2026-11-24', 90)).toBe('2026-08-26');
  });

  test('When days are counted back across a leap day and a year end, then both are honoured', () => {
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2026-01-01', 1)).toBe('2025-12-31');
    expect(daysBefore('2026-01-01', 180)).toBe('2025-07-05');
  });

  test('When zero days are counted back, then the same date is returned', () => {
    expect(daysBefore('2026-06-15', 0)).toBe('2026-06-15');
  });
});

describe('periodEnds', () => {
  test('When twelve months are asked for in November, then they run from last December to today, each ending on its last day', () => {
    const ends = periodEnds('month', '2026-11-24', 12);
    expect(ends.map((p) => p.label)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05',
      '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ]);
    expect(ends.map((p) => p.end)).toEqual([
      '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31',
      '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-24',
    ]);
  });

  test('When months are asked for in March of a leap year, then February ends on the 29th and the year turns correctly', () => {
    expect(periodEnds('month', '2024-03-10', 4)).toEqual([
      { label: '2023-12', end: '2023-12-31' },
      { label: '2024-01', end: '2024-01-31' },
      { label: '2024-02', end: '2024-02-29' },
      { label: '2024-03', end: '2024-03-10' },
    ]);
  });

  test('When today is the last day of a month, then the current period ends today, which is also its last day', () => {
    expect(periodEnds('month', '2026-01-31', 2)).toEqual([
      { label: '2025-12', end: '2025-12-31' },
      { label: '2026-01', end: '2026-01-31' },
    ]);
  });

  test('When eight quarters are asked for in November, then they run from 2025 Q1 to 2026 Q4, each ending on its quarter end and the current one today', () => {
    expect(periodEnds('quarter', '2026-11-24', 8)).toEqual([
      { label: '2025 Q1', end: '2025-03-31' },
      { label: '2025 Q2', end: '2025-06-30' },
      { label: '2025 Q3', end: '2025-09-30' },
      { label: '2025 Q4', end: '2025-12-31' },
      { label: '2026 Q1', end: '2026-03-31' },
      { label: '2026 Q2', end: '2026-06-30' },
      { label: '2026 Q3', end: '2026-09-30' },
      { label: '2026 Q4', end: '2026-11-24' },
    ]);
  });

  test('When quarters are asked for in January and on the first day of a quarter, then the quarter boundaries are still right', () => {
    expect(periodEnds('quarter', '2026-01-05', 3)).toEqual([
      { label: '2025 Q3', end: '2025-09-30' },
      { label: '2025 Q4', end: '2025-12-31' },
      { label: '2026 Q1', end: '2026-01-05' },
    ]);
    expect(periodEnds('quarter', '2026-04-01', 2)).toEqual([
      { label: '2026 Q1', end: '2026-03-31' },
      { label: '2026 Q2', end: '2026-04-01' },
    ]);
  });
});
