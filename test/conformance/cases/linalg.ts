// Conformance cases of the linalg kernels (tolerances documented per kernel).
import type { ConformanceCase } from '../types.js';

export const linalgCases: ConformanceCase[] = [];
