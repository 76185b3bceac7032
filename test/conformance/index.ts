// Every conformance case, by kernel family (one file each in cases/).
import { elementwiseCases } from './cases/elementwise.js';
import { fusedCases } from './cases/fused.js';
import { linalgCases } from './cases/linalg.js';
import { movementCases } from './cases/movement.js';
import { reductionCases } from './cases/reduction.js';
import { reshapeCases } from './cases/reshape.js';
import type { ConformanceCase } from './types.js';

export const allCases: ConformanceCase[] = [
  ...elementwiseCases,
  ...reshapeCases,
  ...reductionCases,
  ...movementCases,
  ...linalgCases,
  ...fusedCases,
];

export { runCase } from './runner.js';
export type { ConformanceCase } from './types.js';
