import { describe, expect, it } from 'vitest';
import { digestSubject } from './notify-stakeholders.js';

describe('the stakeholder digest subject', () => {
  it('one item: singular noun and verb', () => {
    expect(digestSubject(new Map([['stuck_payment', 1]]))).toBe(
      'Ducat: 1 stuck payment needs attention',
    );
  });

  it('several: plural nouns where more than one, plural verb', () => {
    expect(
      digestSubject(
        new Map([
          ['difference', 2],
          ['exception', 1],
        ]),
      ),
    ).toBe('Ducat: 2 differences, 1 exception need attention');
    expect(digestSubject(new Map([['stuck_order', 3]]))).toBe(
      'Ducat: 3 stuck orders need attention',
    );
  });
});
