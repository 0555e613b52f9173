import { describe, expect, it } from 'vitest';
import { fileName } from './download';

describe('fileName', () => {
  it('makes a safe file name from a title', () => {
    expect(fileName('More teams finish setup — Q3!', 'svg')).toBe('more-teams-finish-setup-q3.svg');
    expect(fileName('Café ünïcode', 'md')).toBe('cafe-unicode.md');
    expect(fileName('../../etc/passwd', 'json')).toBe('etc-passwd.json');
    expect(fileName('   ', 'png')).toBe('export.png');
  });
});
