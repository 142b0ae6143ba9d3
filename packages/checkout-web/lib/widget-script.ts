/**
 * Where the checkout serves the script-tag widget loader (and, beside it, `.json`: its manifest
 * `{ url, integrity, sdkVersion }`). `v1` is the loader's public contract (`window.Ducat`); the
 * bytes under it are served as immutable (cached a year, pinned by merchants with `integrity`),
 * so a changed loader must be published under a new path, never over this one.
 */
export const WIDGET_SCRIPT_PATH = '/js/v1/ducat-widget.js';
export const WIDGET_MANIFEST_PATH = '/js/v1/ducat-widget.json';
