// Next calls register() once per server process, before the first request. Everything it does is Node-only
// (instrumentation-node.ts): importing it only under NEXT_RUNTIME === "nodejs" is Next's documented way to keep
// it out of the Edge compile.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./instrumentation-node")).register();
}
