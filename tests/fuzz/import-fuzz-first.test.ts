import { fuzzSuite } from './fuzz-suite.ts';

fuzzSuite(1, 100, { someRefused: true });
