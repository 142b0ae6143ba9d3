/** What the shop sells. Prices in minor units (cents), like everything that touches money. */
export type Product = { id: string; name: string; description: string; price: number };

export const CURRENCY = 'EUR';

export const PRODUCTS: readonly Product[] = [
  { id: 'mug', name: 'Ducat mug', description: 'Holds 350 ml of coffee.', price: 1_250 },
  { id: 'tee', name: 'Ducat T-shirt', description: 'Organic cotton, one size.', price: 2_400 },
  { id: 'stickers', name: 'Sticker pack', description: 'Ten vinyl stickers.', price: 500 },
];

export function formatMoney(amount: number, currency = CURRENCY): string {
  const whole = Math.trunc(amount / 100);
  const cents = String(Math.abs(amount % 100)).padStart(2, '0');
  return `${whole}.${cents} ${currency}`;
}
