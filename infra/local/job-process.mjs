/**
 * One long job (an export) run in a process of its own, as the cloud runs it in a Lambda
 * function of its own: it neither holds up the local API and S3 emulator nor waits behind them,
 * has a core and a memory of its own (so `npm run bench:export` measures the job alone), and a
 * crash ends the job, not the stack. Plain JavaScript so that it can register the TypeScript
 * loader itself; it takes one invocation from its parent, runs it, and exits.
 */
import { register } from 'tsx/esm/api';

register();
// the stack stopped: the job goes with it
process.once('disconnect', () => process.exit(1));
process.once('message', async ({ module, event, name, requestId, deadline, clock }) => {
  let code = 0;
  try {
    // the same clock as the local API (moved with PUT /_local/clock)
    if (clock) (await import(clock.module)).setClock({ offsetMs: clock.offsetMs });
    const { handler } = await import(module);
    await handler(event, {
      functionName: name,
      awsRequestId: requestId,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    });
  } catch (e) {
    console.error(e);
    code = 1;
  }
  // like a Lambda after its handler returns: nothing left running (idle sockets) keeps it alive
  process.exit(code);
});
