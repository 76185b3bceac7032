// Decoding of the per-view parameters the native sampler writes
// (layout: native/binding/SimSiamAugmentBinding.cc, writeParams).
export interface ViewParams {
  crop: { x: number; y: number; width: number; height: number };
  flip: boolean;
  /** null when colour jitter was not applied; order lists the steps as applied. */
  jitter: { brightness: number; contrast: number; saturation: number; hue: number; order: JitterStep[] } | null;
  grayscale: boolean;
  blurSigma: number | null;
  /** Degrees the view was turned by after the steps above (presets with a rotation: digits); absent otherwise. */
  rotation?: number;
}

export type JitterStep = 'brightness' | 'contrast' | 'saturation' | 'hue';
const STEPS: JitterStep[] = ['brightness', 'contrast', 'saturation', 'hue'];

export function decodeViewParams(raw: Float64Array, n: number, fields: number): [ViewParams[], ViewParams[]] {
  const views: [ViewParams[], ViewParams[]] = [[], []];
  for (let v = 0; v < 2; v++)
    for (let i = 0; i < n; i++) {
      const f = raw.subarray((v * n + i) * fields, (v * n + i + 1) * fields);
      views[v].push({
        crop: { x: f[0], y: f[1], width: f[2], height: f[3] },
        flip: f[4] === 1,
        jitter: f[5] === 1
          ? { brightness: f[10], contrast: f[11], saturation: f[12], hue: f[13], order: [f[6], f[7], f[8], f[9]].map((k) => STEPS[k]) }
          : null,
        grayscale: f[14] === 1,
        blurSigma: f[15] > 0 ? f[15] : null,
      });
    }
  return views;
}
