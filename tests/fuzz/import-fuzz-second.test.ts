import { fuzzSuite } from './fuzz-suite.ts';

fuzzSuite(76, 75, { someRefused: false });
