// One rank of the Gloo binding tests (test/distributed/gloo.test.ts), in a
// plain node process: node gloo_worker.cjs ADDON RANK SIZE STORE SCENARIO.
// Prints one JSON line: what it saw, or the error (message, kind, peers).
const [addon, rankArg, sizeArg, store, scenario, timeoutArg] = process.argv.slice(2);
const native = require(addon);
const rank = Number(rankArg), size = Number(sizeArg);
const report = (o) => process.stdout.write(JSON.stringify({ rank, ...o }) + '\n');

(async () => {
  const timeoutMs = Number(timeoutArg || 20000);
  const group = await native.glooConnect({ rank, size, store, prefix: 'test', hostname: '127.0.0.1', timeoutMs, connectTimeoutMs: timeoutMs });
  if (scenario === 'ops') {
    const f32 = Float32Array.from({ length: 1000 }, (_, i) => i * (rank + 1) + 0.25);
    await group.allreduce(f32);
    const f64 = Float64Array.from([rank + 0.5, 1e-17 * rank, 2 ** 40]);
    group.allreduceSync(f64);
    const bytes = new Uint8Array(5);
    if (rank === size - 1) bytes.set([9, 8, 7, 6, 5]);
    await group.broadcast(bytes, size - 1);
    const floats = new Float32Array(3);
    if (rank === 0) floats.set([1.5, -2, 3e-8]);
    group.broadcastSync(floats, 0);
    await group.barrier();
    const gathered = new Uint8Array(2 * size);
    await group.allgather(Uint8Array.from([rank, 100 + rank]), gathered);
    group.close();
    let closed = null;
    try { await group.allreduce(new Float32Array(1)); } catch (e) { closed = { message: e.message, kind: e.kind }; }
    report({ f32: [f32[0], f32[1], f32[999]], f64: Array.from(f64), bytes: Array.from(bytes), floats: Array.from(floats),
      gathered: Array.from(gathered), rankOf: group.rank, sizeOf: group.size, closed });
    return;
  }
  await group.barrier();
  if (scenario === 'die' && rank === size - 1) {
    report({ exiting: true });
    process.exit(3);
  }
  if (scenario === 'hang' && rank === size - 1) {
    report({ hanging: process.pid });
    process.kill(process.pid, 'SIGSTOP');
    return;
  }
  const t0 = Date.now();
  try {
    for (let i = 0; i < 3; i++) await group.allreduce(new Float32Array(100000));
    report({ ok: true });
  } catch (e) {
    // A later operation fails at once with the same error.
    let again = null;
    try { group.allreduceSync(new Float32Array(1)); } catch (e2) { again = e2.message; }
    report({ error: e.message, kind: e.kind, peers: e.peers, ms: Date.now() - t0, again });
  }
})().catch((e) => { report({ error: e.message, kind: e.kind, peers: e.peers }); process.exitCode = 1; });
