// The CLI from source in a child process (tests that send it real signals).
// The module runner's dev server exits on SIGTERM; the CLI must see it instead.
import { main } from '../../src/cli.js';

process.removeAllListeners('SIGTERM');
process.exitCode = await main(process.argv.slice(2));
