// Conformance cases of the reduction kernels (tolerances documented per kernel).
import type { ConformanceCase } from '../types.js';

export const reductionCases: ConformanceCase[] = [];
