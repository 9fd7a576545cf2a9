import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./private-address";

describe("isPrivateAddress", () => {
  it("refuses loopback, private, link-local, reserved, mapped and NAT64 forms; lets public addresses through", () => {
    for (const a of [
      "127.0.0.53",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "240.0.0.1",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
      "64:ff9b::a00:1",
      "not-an-ip",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "93.184.215.14", "2606:4700::1111", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});
