import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardGroup } from '../../lib/api';
import { clock, groupTitle, heat, quadrant, ranked, seatName, status, stepLine, svgDataUrl, throttle, timeLeft, timerState } from './workshop';

const group = (id: string, votes: number, supervotes = 0, position = 0): BoardGroup => ({
  id,
  board: 'ideas',
  title: '',
  position,
  notes: [],
  votes,
  supervotes,
  voters: 0,
  effort: null,
  impact: null,
  node_id: null,
});

describe('the step line', () => {
  it('says where the room is: “3 of 9 · Vote on problems”', () => {
    const steps = [
      { board: 'problems', activity: 'write' as const, prompt: '' },
      { board: 'problems', activity: 'group' as const, prompt: '' },
      { board: 'problems', activity: 'vote' as const, prompt: '' },
      { board: 'hmw', activity: 'write' as const, prompt: '' },
    ];
    expect(stepLine({ steps, step: 2 })).toBe('3 of 4 · Vote on problems');
    expect(stepLine({ steps, step: 3 })).toBe('4 of 4 · Write “How might we…”');
  });

  it('reads the status from when it started and ended', () => {
    expect(status({ started_at: null, ended_at: null })).toBe('draft');
    expect(status({ started_at: '2026-01-01T10:00:00Z', ended_at: null })).toBe('running');
    expect(status({ started_at: '2026-01-01T10:00:00Z', ended_at: '2026-01-01T11:00:00Z' })).toBe('ended');
  });
});

describe('the timer', () => {
  it('counts on the server’s clock, whatever this machine’s says', () => {
    // The server is 5 s ahead: 60 s left by its clock when ours reads 1000.
    expect(timeLeft({ ends_at_ms: 66_000, paused_left_ms: null }, 5_000, 1_000)).toBe(60_000);
    expect(timeLeft({ ends_at_ms: 1_000, paused_left_ms: null }, 0, 9_000)).toBe(0);
    expect(timeLeft({ ends_at_ms: null, paused_left_ms: 42_000 }, 0, 9_000)).toBe(42_000);
    expect(timeLeft({ ends_at_ms: null, paused_left_ms: null }, 0)).toBeNull();
    expect(timerState({ ends_at_ms: 5, paused_left_ms: null })).toBe('running');
    expect(timerState({ ends_at_ms: null, paused_left_ms: 5 })).toBe('paused');
  });

  it('shows minutes and seconds, rounding up', () => {
    expect(clock(185_000)).toBe('3:05');
    expect(clock(100)).toBe('0:01');
    expect(clock(0)).toBe('0:00');
  });
});

describe('results', () => {
  it('ranks by votes, then supervotes, then board order', () => {
    const out = ranked([group('a', 2, 0, 0), group('b', 5, 0, 1), group('c', 2, 1, 2), group('d', 2, 0, -1)]);
    expect(out.map((g) => g.id)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('colours by share of the top group’s votes', () => {
    expect(heat(0, 10)).toBe(0);
    expect(heat(1, 10)).toBe(1);
    expect(heat(10, 10)).toBe(4);
    expect(heat(6, 10)).toBe(3);
    expect(heat(3, 0)).toBe(0);
  });

  it('places a group on the effort/impact grid once both are set', () => {
    expect(quadrant({ effort: null, impact: 5 })).toBeNull();
    expect(quadrant({ effort: 1, impact: 5 })).toBe('quick_wins');
    expect(quadrant({ effort: 5, impact: 5 })).toBe('big_bets');
    expect(quadrant({ effort: 3, impact: 3 })).toBe('fill_ins');
    expect(quadrant({ effort: 4, impact: 2 })).toBe('money_pits');
  });

  it('names an untitled group by its first note', () => {
    const g = { ...group('a', 0), notes: [{ id: 'n', group_id: 'a', board: 'ideas', text: 'Slow exports', hidden: false, seeded: false, by_facilitator: false, created_at: '' }] };
    expect(groupTitle(g)).toBe('Slow exports');
    expect(groupTitle({ ...g, title: 'Speed' })).toBe('Speed');
    expect(groupTitle(group('b', 0))).toBe('Untitled group');
    expect(seatName(null, 2)).toBe('Participant 3');
    expect(seatName(' Ana ', 0)).toBe('Ana');
  });

  it('shows an SVG only as an image source, escaped', () => {
    const url = svgDataUrl('<svg><img src=x onerror=alert(1)></svg>');
    expect(url.startsWith('data:image/svg+xml;utf8,')).toBe(true);
    expect(url).not.toContain('<');
  });
});

describe('throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at once, then at most once per window, and never misses the last call', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const t = throttle(fn, 250);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    t();
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(250);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
    t();
    t.cancel();
    expect(fn).toHaveBeenCalledTimes(3);
  });
});
