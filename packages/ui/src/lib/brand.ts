/** `#rgb` or `#rrggbb`, the only colour form a merchant can set. */
export const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function channels(hex: string): [number, number, number] {
  const body = hex.slice(1);
  const full =
    body.length === 3
      ? body
          .split('')
          .map((c) => c + c)
          .join('')
      : body;
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The CSS variables that paint primary actions in a merchant's brand colour. The text on it is
 * black or white, whichever reads better; a colour that reaches 4.5:1 with neither (mid greys)
 * is not used, so a merchant's choice can never make the Pay button unreadable.
 */
export function brandStyle(colour: string | null | undefined): Record<string, string> {
  if (!colour || !HEX_COLOUR.test(colour)) return {};
  const onWhite = contrastRatio(colour, '#ffffff');
  const onBlack = contrastRatio(colour, '#000000');
  const text = onWhite >= onBlack ? '#ffffff' : '#000000';
  if (Math.max(onWhite, onBlack) < 4.5) return {};
  return { '--primary': colour, '--primary-foreground': text };
}
