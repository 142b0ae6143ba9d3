import type { CheckoutView } from '@/lib/checkout';

/** "Secured by Ducat", and the merchant's support and legal links where it set them. */
export function TrustFooter({ view }: { view: CheckoutView }) {
  const { brand } = view;
  const links = [
    brand.supportUrl ? { href: brand.supportUrl, label: 'Help' } : null,
    brand.supportEmail ? { href: `mailto:${brand.supportEmail}`, label: brand.supportEmail } : null,
    brand.termsUrl ? { href: brand.termsUrl, label: 'Terms' } : null,
    brand.privacyUrl ? { href: brand.privacyUrl, label: 'Privacy' } : null,
  ].filter((link) => link !== null);
  return (
    <footer className="flex flex-wrap items-center justify-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
      <span className="inline-flex items-center gap-1">
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5">
          <path
            d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z"
            fill="currentColor"
          />
        </svg>
        Secured by <strong className="font-semibold">Ducat</strong>
      </span>
      {links.length > 0 ? (
        <nav aria-label={`${brand.name || 'Merchant'} links`}>
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {links.map((link) => (
              <li key={link.href}>
                <a
                  href={link.href}
                  className="text-muted-foreground underline underline-offset-2 hover:text-foreground"
                  rel="noopener noreferrer"
                  target="_blank"
                >
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </footer>
  );
}
