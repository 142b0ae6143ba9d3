import { describe, expect, it } from 'vitest';
import { brandStyle, contrastRatio } from './brand';

describe('brandStyle', () => {
  it('puts white text on a dark brand colour and black text on a light one', () => {
    expect(brandStyle('#1f4fd1')).toEqual({
      '--primary': '#1f4fd1',
      '--primary-foreground': '#ffffff',
    });
    expect(brandStyle('#ffd400')).toEqual({
      '--primary': '#ffd400',
      '--primary-foreground': '#000000',
    });
  });

  it('keeps the default for anything that is not a hex colour (no CSS injection)', () => {
    expect(brandStyle('red; background: url(x)')).toEqual({});
    expect(brandStyle(null)).toEqual({});
  });

  it('the chosen text always reaches 4.5:1 on the brand colour', () => {
    for (const colour of ['#000', '#fff', '#777777', '#0a8', '#e11d48', '#808080']) {
      const style = brandStyle(colour);
      const bg = style['--primary'];
      const fg = style['--primary-foreground'];
      if (bg && fg) expect(contrastRatio(bg, fg)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
