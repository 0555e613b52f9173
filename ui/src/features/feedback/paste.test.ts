import { describe, expect, it } from 'vitest';
import { emptyDraft, prefill, readDate, readEmail, readFrom, receivedAt, toFeedbackInput, whyNotSave } from './paste';

const NOW = new Date(2026, 2, 31, 9, 30); // 31 March 2026, 9:30 local time

describe('reading a pasted email', () => {
  it('reads a Gmail forwarded-message header block and keeps the body as the text', () => {
    const pasted = [
      '',
      '---------- Forwarded message ---------',
      'From: Jane Doe <jane@acme.com>',
      'Date: Mon, Mar 3, 2025 at 2:02 PM',
      'Subject: Re: Fwd: CSV export drops accents',
      'To: <support@groundwork.app>',
      '',
      'Hi team,',
      '',
      'every export turns "Zoë" into "Zo?". We send these to our board.',
      '',
      'Jane',
    ].join('\n');
    const e = readEmail(pasted);
    expect(e).not.toBeNull();
    expect(e!.customer).toBe('Jane Doe');
    expect(e!.email).toBe('jane@acme.com');
    expect(e!.title).toBe('CSV export drops accents');
    expect(e!.date).toBe('2025-03-03');
    expect(e!.at).toBe(new Date(2025, 2, 3, 14, 2).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(e!.body).toBe('Hi team,\n\nevery export turns "Zoë" into "Zo?". We send these to our board.\n\nJane');
    expect(e!.headers).toEqual(['From', 'Date', 'Subject', 'To']);
  });

  it('reads an Outlook From:/Sent:/To:/Subject: block (Windows line ends, a wrapped To: line)', () => {
    const pasted = [
      'From: Doe, Jane <jane.doe@acme.com>',
      'Sent: Monday, March 3, 2025 9:15 AM',
      'To: Support <support@groundwork.app>; Sales',
      '    <sales@groundwork.app>',
      'Subject: RE: Renewal',
      'We will not renew unless the tagging gets faster.',
    ].join('\r\n');
    const e = readEmail(pasted)!;
    expect(e.customer).toBe('Doe, Jane');
    expect(e.email).toBe('jane.doe@acme.com');
    expect(e.title).toBe('Renewal');
    expect(e.date).toBe('2025-03-03');
    expect(e.body).toBe('We will not renew unless the tagging gets faster.');
    expect(e.headers).toEqual(['From', 'Sent', 'To', 'Subject']);
  });

  it('leaves plain text with no headers alone', () => {
    expect(readEmail('The new import is great, but I miss the old shortcuts.')).toBeNull();
    expect(readEmail('')).toBeNull();
  });

  it('does not read a header-looking line in the middle of the text', () => {
    const chat = ['[10:02] Sam: the dashboard is slow again', 'From: my side it takes 20 seconds to load', 'Subject: to the usual caveats, it is the filters'].join('\n');
    expect(readEmail(chat)).toBeNull();
  });

  it('does not take a message that merely opens with one header-like line for an email', () => {
    expect(readEmail('To: the team\nPlease stop moving the export button.')).toBeNull();
    expect(readEmail('Subject: billing\nI was charged twice.')).toBeNull();
  });

  it('reads who sent it however the client writes it', () => {
    expect(readFrom('"Doe, Jane" <jane@acme.com>')).toEqual({ name: 'Doe, Jane', email: 'jane@acme.com' });
    expect(readFrom('Jane Doe [mailto:jane@acme.com]')).toEqual({ name: 'Jane Doe', email: 'jane@acme.com' });
    expect(readFrom('jane@acme.com')).toEqual({ name: '', email: 'jane@acme.com' });
    expect(readFrom('<jane@acme.com>')).toEqual({ name: '', email: 'jane@acme.com' });
    expect(readFrom('Jane Doe')).toEqual({ name: 'Jane Doe', email: '' });
  });

  it('reads the dates mail clients write, and refuses to guess an ambiguous one', () => {
    expect(readDate('Mon, 3 Mar 2025 14:02:11 +0100')).toEqual({ date: '2025-03-03', at: '2025-03-03T13:02:11Z' });
    expect(readDate('2025-03-03T14:02:11Z')).toEqual({ date: '2025-03-03', at: '2025-03-03T14:02:11Z' });
    expect(readDate('03 March 2025 14:02')?.date).toBe('2025-03-03');
    expect(readDate('Thursday, 1st May 2025')).toEqual({ date: '2025-05-01', at: null });
    expect(readDate('3/4/2025 10:00')).toBeNull();
    expect(readDate('Feb 30, 2025')).toBeNull();
    expect(readDate('')).toBeNull();
  });
});

describe('the pasted item', () => {
  it('fills the fields from the headers, but never over what the user typed', () => {
    const e = readEmail('From: Jane Doe <jane@acme.com>\nDate: Mon, 3 Mar 2025 14:02 +0000\nSubject: Slow\n\nIt is slow.');
    const typed = { ...emptyDraft(NOW), customer: 'J. Doe (Acme)' };
    const first = prefill(typed, { title: '', customer: '', email: '', received: '2026-03-31' }, e, NOW);
    expect(first.draft).toMatchObject({ customer: 'J. Doe (Acme)', email: 'jane@acme.com', title: 'Slow', received: '2025-03-03' });
    // The headers pasted over with plain text: what they filled in goes back to the defaults.
    const again = prefill(first.draft, first.auto, null, NOW);
    expect(again.draft).toMatchObject({ customer: 'J. Doe (Acme)', email: '', title: '', received: '2026-03-31' });
  });

  it('writes every field, with the email body as the text and its own time', () => {
    const e = readEmail('From: Jane Doe <jane@acme.com>\nDate: Mon, 3 Mar 2025 14:02 +0000\nSubject: Slow\n\nIt is slow.');
    const d = { ...emptyDraft(NOW), text: 'ignored: the headers are read', customer: 'Jane Doe', email: 'jane@acme.com', title: 'Slow', received: '2025-03-03', score: '4', scoreKind: 'csat' as const };
    expect(toFeedbackInput(d, e, NOW)).toEqual({
      source: 'pasted',
      title: 'Slow',
      customer: 'Jane Doe',
      email: 'jane@acme.com',
      company: '',
      segment: '',
      score: 4,
      score_kind: 'csat',
      text: 'It is slow.',
      received_at: '2025-03-03T14:02:00Z',
      attributes: [],
    });
  });

  it('dates an item received today now, and another day at noon', () => {
    expect(receivedAt('2026-03-31', null, NOW)).toBe(NOW.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(receivedAt('2026-03-01', null, NOW)).toBe(new Date(2026, 2, 1, 12).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(receivedAt('', null, NOW)).toBeNull();
  });

  it('cannot be saved without text or a score, and says why', () => {
    const d = emptyDraft(NOW);
    expect(whyNotSave(d, null)).toMatch(/Paste or type what they said/);
    expect(whyNotSave({ ...d, text: '   ' }, null)).toMatch(/Paste or type/);
    expect(whyNotSave({ ...d, score: '9' }, null)).toBeNull();
    expect(whyNotSave({ ...d, text: 'Love it' }, null)).toBeNull();
    expect(whyNotSave({ ...d, text: 'Love it', score: 'nine' }, null)).toMatch(/not a number/);
    const headersOnly = readEmail('From: a@b.co\nSubject: Hi\n');
    expect(whyNotSave({ ...d, text: 'From: a@b.co\nSubject: Hi\n' }, headersOnly)).toMatch(/no message under them/);
  });

  it('keeps the score kind only with a score', () => {
    const d = { ...emptyDraft(NOW), text: 'ok', scoreKind: 'nps' as const };
    expect(toFeedbackInput(d, null, NOW)).toMatchObject({ score: null, score_kind: null, source: 'pasted', text: 'ok' });
  });
});
