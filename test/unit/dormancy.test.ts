import { dormantAfter, isDormant, type ActivityFacts } from '../../server/domain/dormancy';
import { monthsAfter } from '../../server/lib/dates';

/** The dormant rule at its boundaries: the end of the cadence, the grace period's last day and the day after. */

const GRACE = 90;
const annual = (facts: Partial<ActivityFacts>): ActivityFacts => ({ cadence: 'annual', lifecycle: 'active', lastMeetingOn: null, establishedOn: null, ...facts });

describe('The dormant rule', () => {
  test('When the last meeting was a year ago to the day, then the mechanism met within its cadence', () => {
    // Met on 2024-03-10, annual: the next meeting is due by 2025-03-10; one held that day is in time.
    expect(dormantAfter(annual({ lastMeetingOn: '2024-03-10' }), 0)).toBe('2025-03-10');
    expect(isDormant(annual({ lastMeetingOn: '2024-03-10' }), '2025-03-10', 0)).toBe(false);
    expect(isDormant(annual({ lastMeetingOn: '2025-03-10' }), '2025-03-11', 0)).toBe(false);
  });

  test('When the grace period runs, then the mechanism is not dormant on its last day and is dormant the day after', () => {
    const facts = annual({ lastMeetingOn: '2024-03-10' });
    // 2025-03-10 + 90 days = 2025-06-08.
    expect(dormantAfter(facts, GRACE)).toBe('2025-06-08');
    expect(isDormant(facts, '2025-06-08', GRACE)).toBe(false);
    expect(isDormant(facts, '2025-06-09', GRACE)).toBe(true);
  });

  test('When a mechanism never met, then the cadence counts from its establishment, a year read as its last day', () => {
    const facts = annual({ establishedOn: '2015' });
    expect(dormantAfter(facts, GRACE)).toBe('2017-03-31');
    expect(isDormant(facts, '2017-03-31', GRACE)).toBe(false);
    expect(isDormant(facts, '2017-04-01', GRACE)).toBe(true);
    expect(dormantAfter(annual({ establishedOn: '2015-09-04' }), 0)).toBe('2016-09-04');
  });

  test('When a mechanism never met and its establishment is unknown, then there is no day to count from and it is not flagged', () => {
    expect(dormantAfter(annual({}), GRACE)).toBeNull();
    expect(isDormant(annual({}), '2099-01-01', GRACE)).toBe(false);
  });

  test('When a mechanism is dissolved, superseded or only proposed, or has no cadence, then it is never dormant', () => {
    for (const lifecycle of ['dissolved', 'superseded', 'proposed'] as const) {
      expect(isDormant(annual({ lifecycle, lastMeetingOn: '2000-01-01' }), '2025-01-01', GRACE)).toBe(false);
    }
    expect(isDormant(annual({ cadence: 'none', lastMeetingOn: '2000-01-01' }), '2025-01-01', GRACE)).toBe(false);
    // A mechanism recorded as dormant is flagged by the same rule as any other.
    expect(isDormant(annual({ lifecycle: 'dormant', lastMeetingOn: '2000-01-01' }), '2025-01-01', GRACE)).toBe(true);
  });

  test('When the cadence is shorter, then it is due sooner; a day the month lacks becomes its last', () => {
    expect(dormantAfter(annual({ cadence: 'twice_a_year', lastMeetingOn: '2024-08-31' }), 0)).toBe('2025-02-28');
    expect(dormantAfter(annual({ cadence: 'quarterly', lastMeetingOn: '2024-11-30' }), 0)).toBe('2025-02-28');
    expect(dormantAfter(annual({ cadence: 'every_two_years', lastMeetingOn: '2024-02-29' }), 0)).toBe('2026-02-28');
    expect(monthsAfter('2024-01-31', 1)).toBe('2024-02-29');
  });

  test('When a meeting followed the establishment, then the cadence runs from the later of the two', () => {
    expect(dormantAfter(annual({ establishedOn: '2015', lastMeetingOn: '2019-05-01' }), 0)).toBe('2020-05-01');
    expect(dormantAfter(annual({ establishedOn: '2015', lastMeetingOn: '2015-09-05' }), 0)).toBe('2016-12-31');
  });
});
