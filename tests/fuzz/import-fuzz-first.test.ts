import { fuzzSuite } from './fuzz-suite.ts';

fuzzSuite(1, 75, { someRefused: true });
