import { defineSmokeTests } from '../../../e2e/smoke';

defineSmokeTests();
