// npm run eval: the detection evaluation over the labelled pages (tests/support/eval.ts), printed.
import { cli } from '../tests/support/eval';

await cli();
