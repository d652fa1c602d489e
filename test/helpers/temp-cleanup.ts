// Vitest setup file (vitest.config.ts): after each test file, remove the temporary folders its
// tests made with tempDir().
import { afterAll } from "vitest";
import { removeTempDirs } from "./temp.js";

afterAll(() => {
  removeTempDirs();
});
