// Export of a tfjs LayersModel as model.json + weights.bin (the tfjs "layers
// model" format that tf.loadLayersModel reads in Node and in browsers), and a
// file:// loader that needs no tfjs-node.
import { readFileSync } from 'node:fs';
import { makeDirectory } from '../io/make_directory.js';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileAtomicSync } from '../io/atomic_write.js';
import { tf } from '../tf.js';

export async function exportLayersModel(model: LayersModel, dir: string): Promise<{ modelJson: string; weightsBin: string; bytes: number }> {
  makeDirectory(dir, '--out');
  const modelJson = join(dir, 'model.json'), weightsBin = join(dir, 'weights.bin');
  let bytes = 0;
  await model.save(tf.io.withSaveHandler(async (artifacts: io.ModelArtifacts) => {
    const data = artifacts.weightData as ArrayBuffer;
    bytes = data.byteLength;
    writeFileAtomicSync(weightsBin, new Uint8Array(data), 'model weights');
    writeFileAtomicSync(modelJson, JSON.stringify({
      format: 'layers-model',
      generatedBy: `simsiam-node (TensorFlow.js tfjs-layers v${tfl.version_layers})`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }), 'model');
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes } };
  }));
  return { modelJson, weightsBin, bytes };
}

/** tf.loadLayersModel source for a directory written by exportLayersModel. */
export function fileModelHandler(dir: string): io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const manifest = json.weightsManifest as Array<{ paths: string[]; weights: io.WeightsManifestEntry[] }>;
      const buffers = manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: manifest.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
      };
    },
  };
}

export function loadExportedModel(dir: string): Promise<LayersModel> {
  return tfl.loadLayersModel(fileModelHandler(dir));
}
