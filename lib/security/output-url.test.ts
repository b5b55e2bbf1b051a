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

describe("output URL guard: alternative spellings of private addresses", () => {
  it.each([
    "::ffff:7f00:1", // ::ffff:127.0.0.1 as the URL parser normalises it
    "::ffff:a9fe:a9fe", // 169.254.169.254 (cloud metadata)
    "::7f00:1", // IPv4-compatible ::127.0.0.1
    "64:ff9b::7f00:1", // NAT64
    "2002:7f00:1::", // 6to4 around 127.0.0.1
    "100.64.0.1",
    "198.18.0.1",
    "255.255.255.255",
    "ff02::1",
    "not-an-ip",
  ])("treats %s as private", (a) => expect(isPrivateAddress(a)).toBe(true));

  it("refuses bracketed, hex and decimal spellings of loopback and metadata hosts", async () => {
    for (const url of ["https://[::ffff:127.0.0.1]/a.png", "https://[::127.0.0.1]/a.png", "https://0x7f.1/a.png", "https://2130706433/a.png", "https://[::ffff:169.254.169.254]/x"]) {
      await expect(assertPublicOutputUrl(new URL(url)), url).rejects.toThrow(/private/);
    }
  });

  it("refuses a name that resolves to loopback (localhost)", async () => {
    await expect(assertPublicOutputUrl(new URL("https://localhost/a.png"))).rejects.toThrow(/private/);
  });
});
