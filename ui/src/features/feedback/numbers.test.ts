import { describe, expect, it } from 'vitest';
import type { Nps, StatsGroup } from '../../lib/api';
import { describeLines, describeSeries, formatDays, formatNps, formatPercent, LINE_COLOURS, monthLabel, npsBreakdown, npsByMonth, npsByTag, shares, tagTrendLines, weeklySeries } from './numbers';

const nps = (score: number | null, responses: number): Nps => ({ score, responses, promoters: 0, passives: 0, detractors: 0 });
const group = (key: string, n: Nps): StatsGroup => ({ key, items: 3, nps: n, csat: { score: null, responses: 0, satisfied: 0 } });

describe('feedback numbers', () => {
  it('draws NPS only for months that have answers', () => {
    const s = npsByMonth({ groups: [group('2026-01', nps(10, 4)), group('2026-02', nps(null, 0)), group('2026-03', nps(-5.5, 2))] });
    expect(s.values).toEqual([10, -5.5]);
    expect(s.labels).toHaveLength(2);
    expect(s.labels[0]).toMatch(/2026/);
  });

  it('labels months and weeks', () => {
    expect(monthLabel('2026-03')).toMatch(/2026/);
    expect(monthLabel('(none)')).toBe('(none)');
    const w = weeklySeries({ weekly: [{ week: '2026-03-02', received: 4 }] });
    expect(w.values).toEqual([4]);
    expect(w.labels[0]).toMatch(/2026/);
  });

  it('formats scores with their sign and units', () => {
    expect(formatNps(32.5)).toBe('+32.5');
    expect(formatNps(-10)).toBe('−10');
    expect(formatNps(0)).toBe('0');
    expect(formatNps(null)).toBe('—');
    expect(formatPercent(0.25, 100)).toBe('25%');
    expect(formatPercent(84.25)).toBe('84.3%');
    expect(formatDays(null)).toBe('—');
    expect(formatDays(0.2)).toBe('under a day');
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(3.25)).toBe('3.3 days');
  });

  it('says the numbers in words for screen readers', () => {
    expect(describeSeries('Items per week', { labels: ['a', 'b'], values: [1, 2] })).toBe('Items per week: a 1, b 2');
    expect(describeSeries('NPS', { labels: [], values: [] })).toBe('NPS: no data');
    expect(npsBreakdown({ score: 10, responses: 1, promoters: 1, passives: 0, detractors: 0 })).toBe('1 promoter, 0 passives, 0 detractors of 1 response');
  });

  it('lists triage shares', () => {
    expect(shares({ triaged_share: 0.5, linked_share: 0.1, closed_share: 0.2 }).map((s) => s.share)).toEqual([0.5, 0.1, 0.2]);
  });

  it('draws NPS per tag only for tags with answers', () => {
    const s = npsByTag({ groups: [group('Pricing', nps(-20, 5)), group('Export', nps(null, 0)), group('Onboarding', nps(40, 2))] });
    expect(s).toEqual({ labels: ['Pricing', 'Onboarding'], values: [-20, 40] });
  });

  it('draws the top tags month by month, in their colours', () => {
    const series = Array.from({ length: 10 }, (_, i) => ({ tag_id: `t${i}`, name: `Tag ${i}`, color: i === 9 ? '#ff0000' : '', items: [i, 1], total: i + 1 }));
    const t = tagTrendLines({ months: ['2026-01', '2026-02'], series });
    expect(t.labels).toHaveLength(2);
    expect(t.labels[0]).toMatch(/2026/);
    expect(t.lines).toHaveLength(8);
    expect(t.lines[0]).toEqual({ label: 'Tag 9', color: '#ff0000', values: [9, 1] });
    expect(t.lines[1].color).toBe(LINE_COLOURS[1]);
    expect(t.lines.map((l) => l.label)).not.toContain('Tag 0');
    expect(tagTrendLines({ months: [], series: [] })).toEqual({ labels: [], lines: [] });
  });

  it('says several lines in words', () => {
    expect(describeLines('Tags', ['Jan', 'Feb'], [{ label: 'Pricing', color: '#000000', values: [3, 1] }])).toBe('Tags (Jan to Feb): Pricing 3, 1');
    expect(describeLines('Tags', [], [])).toBe('Tags: no data');
  });
});
