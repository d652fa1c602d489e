import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The crash suite runs on its own: npm run test:crash (vitest.crash.config.ts).
    exclude: ["test/crash/**", "**/node_modules/**"],
    // Removes the temporary folders each test file made (test/helpers/temp.ts).
    setupFiles: ["test/helpers/temp-cleanup.ts", "test/helpers/default-catalogue.ts"],
    // Process tests run `npm start` / `npm run cli`, which run dist/: build it once, up front.
    globalSetup: ["test/helpers/build-dist.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
