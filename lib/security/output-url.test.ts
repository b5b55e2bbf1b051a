import { describe, expect, it } from "vitest";
import { assertPublicOutputUrl, isPrivateAddress } from "./output-url";

describe("output URL guard", () => {
  it.each(["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0"])(
    "treats %s as private",
    (a) => expect(isPrivateAddress(a)).toBe(true),
  );
  it.each(["8.8.8.8", "172.32.0.1", "2606:4700::1111"])("treats %s as public", (a) => expect(isPrivateAddress(a)).toBe(false));

  it("refuses http and literal private hosts without any network call", async () => {
    await expect(assertPublicOutputUrl(new URL("http://example.com/a.png"))).rejects.toThrow(/non-https/);
    await expect(assertPublicOutputUrl(new URL("https://127.0.0.1/a.png"))).rejects.toThrow(/private/);
    await expect(assertPublicOutputUrl(new URL("https://[::1]/a.png"))).rejects.toThrow(/private/);
    await expect(assertPublicOutputUrl(new URL("https://169.254.169.254/latest"))).rejects.toThrow(/private/);
  });
});
