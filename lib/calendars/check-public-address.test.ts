import { describe, expect, it } from "vitest";
import { checkPublicAddress, privateHostsAllowed, PRIVATE_ADDRESS_MESSAGE } from "./check-public-address";

describe("checkPublicAddress", () => {
  it("refuses loopback, private, link-local and mapped addresses when private hosts are denied", async () => {
    for (const url of [
      "http://127.0.0.1:5432/",
      "http://localhost/",
      "http://10.1.2.3/cal",
      "http://172.20.0.1/",
      "http://192.168.1.10/",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[fd00::1]/",
      "http://0.0.0.0/",
    ])
      await expect(checkPublicAddress(new URL(url), false), url).rejects.toThrow(PRIVATE_ADDRESS_MESSAGE);
  });

  it("lets public addresses through, and everything when private hosts are allowed", async () => {
    await expect(checkPublicAddress(new URL("https://93.184.215.14/cal"), false)).resolves.toBeUndefined();
    await expect(
      checkPublicAddress(new URL("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/"), false),
    ).resolves.toBeUndefined();
    await expect(checkPublicAddress(new URL("http://127.0.0.1/"), true)).resolves.toBeUndefined();
  });

  it("denies by default in production only, and follows the explicit setting", () => {
    expect(privateHostsAllowed({ NODE_ENV: "production" })).toBe(false);
    expect(privateHostsAllowed({ NODE_ENV: "development" })).toBe(true);
    expect(privateHostsAllowed({ NODE_ENV: "production", BATON_CALENDAR_PRIVATE_HOSTS: "allow" })).toBe(true);
    expect(privateHostsAllowed({ NODE_ENV: "test", BATON_CALENDAR_PRIVATE_HOSTS: "deny" })).toBe(false);
  });
});
