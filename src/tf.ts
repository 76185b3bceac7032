// The tfjs entry used across the project. tfjs-core's CommonJS build registers
// no gradients (nor chained ops); importing tfjs-layers registers the
// gradients, and the cpu backend registers itself on import.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';

// tfjs-backend-cpu advertises tfjs-node on first use; that advice does not
// apply here (the native kernels of src/kernels/cpu/ replace its hot JS
// kernels, see docs/architecture.md), so keep the console clean.
tf.env().set('PROD', true);

export { tf };
