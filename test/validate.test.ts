import { describe, expect, it } from 'vitest';
import { range } from '../src/validate.js';

describe('range errors show the values received', () => {
  it.each([
    [[0.5, 0.2], RangeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received [0.5, 0.2]'],
    [[0, 1], RangeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received [0, 1]'],
    [[0.2, 1.5], RangeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received [0.2, 1.5]'],
    [[0.2, NaN], TypeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received [0.2, NaN]'],
    [[0.2, '1'], TypeError, "Expected [min, max] with 0 < min <= max <= 1 for scale but received [0.2, '1']"],
    [[0.1, 0.2, 0.3], TypeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received [0.1, 0.2, 0.3]'],
    [0.5, TypeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received 0.5 of type number'],
  ])('%j', (value, type, message) => {
    expect(() => range(value, 'scale', 0, 1, true)).toThrow(type);
    expect(() => range(value, 'scale', 0, 1, true)).toThrow(message);
  });
});
