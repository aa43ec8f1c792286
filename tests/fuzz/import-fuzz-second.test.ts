import { fuzzSuite } from './fuzz-suite.ts';

fuzzSuite(101, 100, { someRefused: false });
