import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Removes the temporary folders each test file made (test/helpers/temp.ts).
    setupFiles: ["test/helpers/temp-cleanup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
