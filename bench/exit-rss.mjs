// Preloaded into child processes (`node --import ./bench/exit-rss.mjs …`): prints the peak RSS
// (KiB) to stderr on exit. Plain JavaScript so that it also works without tsx (`node -e 0`).
process.on("exit", () => {
  process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\n`);
});
