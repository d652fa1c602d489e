// Entry of a report worker thread. The bot runs as TypeScript (tsx for `npm start`, vite under
// vitest), and a worker thread starts without either: register tsx here, then load the worker.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
