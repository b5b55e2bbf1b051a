import { beforeEach, describe, expect, it, vi } from "vitest";

type ToastModule = typeof import("./toast");
let mod: ToastModule;

const fakeSonner = () => Object.assign(vi.fn(), { success: vi.fn(), error: vi.fn() });

beforeEach(async () => {
  vi.resetModules();
  mod = await import("./toast");
});

describe("lazy toast", () => {
  it("asks for the toaster on the first toast only, and delivers toasts sent before it mounted", async () => {
    const wanted = vi.fn();
    mod.watchToastDemand(wanted);
    expect(wanted).not.toHaveBeenCalled();
    mod.toast.success("Saved");
    mod.toast.error("Nope");
    expect(wanted).toHaveBeenCalledTimes(1);

    const sonner = fakeSonner();
    mod.toasterMounted(sonner as never);
    await Promise.resolve();
    expect(sonner.success).toHaveBeenCalledWith("Saved");
    expect(sonner.error).toHaveBeenCalledWith("Nope");
  });

  it("a host that starts watching after a toast was asked for is woken at once", () => {
    mod.toast.success("Early");
    const wanted = vi.fn();
    mod.watchToastDemand(wanted);
    expect(wanted).toHaveBeenCalledTimes(1);
  });
});
