// Conformance cases of the movement kernels (tolerances documented per kernel).
import type { ConformanceCase } from '../types.js';

export const movementCases: ConformanceCase[] = [];
