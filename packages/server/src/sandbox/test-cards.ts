/**
 * What a card makes the sandbox do. The outcome of a payment (or of every charge on a token made
 * from the card) and the way its notification is delivered both follow from the card number.
 */
export type CardBehaviour = 'success' | 'decline' | 'no_answer' | 'late_answer' | 'duplicate';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'unionpay' | 'other';

export type TestCard = { number: string; brand: CardBrand; behaviour: CardBehaviour; what: string };

/** Listed on the sandbox's pages and in the README. Any other valid number behaves as `success`. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', behaviour: 'success', what: 'succeeds' },
  { number: '5555555555554444', brand: 'mastercard', behaviour: 'success', what: 'succeeds' },
  {
    number: '4000000000000002',
    brand: 'visa',
    behaviour: 'decline',
    what: 'is declined (card_declined)',
  },
  {
    number: '4000000000000010',
    brand: 'visa',
    behaviour: 'no_answer',
    what: 'never answers: no notification, the status stays pending',
  },
  {
    number: '4000000000000028',
    brand: 'visa',
    behaviour: 'late_answer',
    what: 'stays pending, then succeeds and notifies after the late delay',
  },
  {
    number: '4000000000000036',
    brand: 'visa',
    behaviour: 'duplicate',
    what: 'succeeds and sends the same notification three times',
  },
];

/** The Luhn checksum every real card number passes (catches most typos). */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function brandOf(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^5[1-5]/.test(digits)) return 'mastercard';
  const first4 = Number(digits.slice(0, 4));
  if (first4 >= 2221 && first4 <= 2720) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  if (/^35/.test(digits)) return 'jcb';
  if (/^62/.test(digits)) return 'unionpay';
  return 'other';
}

export function behaviourOf(digits: string): CardBehaviour {
  return TEST_CARDS.find((card) => card.number === digits)?.behaviour ?? 'success';
}

export type CardInput = { number: string; expiry: string; cvc: string; name: string };

/** What survives the request: never the number or the CVC. */
export type CardSummary = {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  behaviour: CardBehaviour;
};

export type CardCheck =
  | { ok: true; card: CardSummary }
  | { ok: false; field: keyof CardInput; message: string };

/**
 * Validates what the shopper typed and reduces it to a summary at once, so the full number and
 * the CVC go out of scope with the request.
 */
export function checkCard(input: CardInput, now: Date = new Date()): CardCheck {
  const digits = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !isLuhnValid(digits)) {
    return { ok: false, field: 'number', message: 'Enter a valid card number.' };
  }
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
  const month = Number(expiry?.[1]);
  const rawYear = expiry?.[2] ?? '';
  const year = rawYear.length === 2 ? 2000 + Number(rawYear) : Number(rawYear);
  if (!expiry || month < 1 || month > 12) {
    return { ok: false, field: 'expiry', message: 'Enter the expiry as MM/YY.' };
  }
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if (year < thisYear || (year === thisYear && month < thisMonth) || year > thisYear + 20) {
    return { ok: false, field: 'expiry', message: 'The card has expired.' };
  }
  const cvcLength = brandOf(digits) === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(input.cvc.trim())) {
    return { ok: false, field: 'cvc', message: `Enter the ${cvcLength}-digit security code.` };
  }
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) {
    return { ok: false, field: 'name', message: 'Enter the name on the card.' };
  }
  return {
    ok: true,
    card: {
      brand: brandOf(digits),
      last4: digits.slice(-4),
      expMonth: month,
      expYear: year,
      behaviour: behaviourOf(digits),
    },
  };
}
