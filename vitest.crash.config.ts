// `npm run test:crash`: the crash suite alone (test/crash), kept out of `npm test`'s run.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/crash/**/*.test.ts"],
    setupFiles: ["test/helpers/temp-cleanup.ts", "test/helpers/default-catalogue.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // One world per run: the suite's tests read the same run, in order.
    fileParallelism: false,
  },
});
