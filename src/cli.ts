#!/usr/bin/env node
// simsiam command line. `info` works now; `train` and the rest arrive with the
// trainer (issue 3).
import { nativeInfo } from './index.js';

const [command = 'help'] = process.argv.slice(2);

switch (command) {
  case 'info':
    console.log(JSON.stringify(nativeInfo(), null, 2));
    break;
  case 'train':
  case 'probe':
  case 'knn':
  case 'export':
  case 'check-data':
    console.log(`simsiam ${command}: not implemented yet`);
    break;
  default:
    console.log('usage: simsiam <train|probe|knn|export|check-data|info>');
    if (command !== 'help' && command !== '--help') process.exitCode = 2;
}
