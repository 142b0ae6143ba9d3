/**
 * The script-tag build of the widget loader (`dist/script/ducat-widget.js`, an IIFE): for pages
 * without a bundler. It sets `window.Ducat` to exactly the ESM entry's browser functions.
 *
 * @example
 * <script src="https://pay.ducat.example/js/v1/ducat-widget.js"
 *   integrity="sha384-…" crossorigin="anonymous"></script>
 * <script>Ducat.mountCheckout(document.getElementById('pay'), { token, checkoutUrl });</script>
 */
export { mountCheckout, ORIGIN_NOT_ALLOWED, openCheckoutPopup } from './index.js';
