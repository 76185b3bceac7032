// Conformance cases of the fused kernels (tolerances documented per kernel).
import type { ConformanceCase } from '../types.js';

export const fusedCases: ConformanceCase[] = [];
