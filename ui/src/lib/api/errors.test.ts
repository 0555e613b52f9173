import { describe, expect, it } from 'vitest';
import { ApiError, describeError, fieldError, sentence, toApiError } from './errors';

describe('error wording', () => {
  it('is chosen by code, with the engine message as detail', () => {
    const t = describeError(new ApiError('not_found', 'no interview with id 42'));
    expect(t.title).toMatch(/no longer exists/);
    expect(t.detail).toBe('no interview with id 42');
    expect(describeError({ code: 'unsupported_format', message: 'x.pdf: not a transcript' }).title).toMatch(/cannot read this file/);
    expect(describeError({ code: 'unauthorized', message: '' }).title).toMatch(/groundwork serve/);
  });

  it('knows every code the engine sends, its own faults included', () => {
    const e = toApiError({ code: 'internal', message: 'the pack writer panicked' });
    expect(e.code).toBe('internal');
    expect(describeError(e)).toEqual({ title: expect.stringMatching(/fault of its own/), detail: 'the pack writer panicked' });
  });

  it('never shows raw JSON for unknown shapes', () => {
    const t = describeError({ weird: true });
    expect(t.title).not.toContain('{');
    expect(t.detail).not.toContain('{');
    expect(toApiError(42).code).toBe('io');
  });

  it('gives field errors for invalid input only', () => {
    expect(fieldError(new ApiError('invalid', 'date \'31/02\' is not a date like 2026-03-31', 'date'))).toEqual({
      field: 'date',
      message: "Date '31/02' is not a date like 2026-03-31.",
    });
    expect(fieldError(new ApiError('invalid', 'malformed request'))).toBeNull();
    expect(fieldError(new ApiError('conflict', 'x', 'name'))).toBeNull();
  });

  it('turns engine messages into sentences', () => {
    expect(sentence('title must not be empty')).toBe('Title must not be empty.');
    expect(sentence('end_ms must not be before start_ms')).toBe('End ms must not be before start ms.');
    expect(sentence('Done.')).toBe('Done.');
  });
});
