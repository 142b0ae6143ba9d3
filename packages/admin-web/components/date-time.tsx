export { DateTime } from '@ducat/ui';
