import { describe, expect, it } from "vitest";
import { unsafeUrlReason } from "./http-safety";

const refused = (url: string) =>
  expect(unsafeUrlReason(url), url).toBe("private, loopback and local addresses are not allowed");

describe("unsafeUrlReason", () => {
  it("should see IPv4 written in decimal, octal, hex or short forms as the address it is (workerd's URL parser normalises them)", () => {
    // The guard relies on this normalisation; if the parser ever stopped doing it these would be host names.
    expect(new URL("https://2130706433/").hostname).toBe("127.0.0.1");
    expect(new URL("https://0x7f.1/").hostname).toBe("127.0.0.1");
    expect(new URL("https://0177.0.0.1/").hostname).toBe("127.0.0.1");
    expect(new URL("https://[::ffff:127.0.0.1]/").hostname).toBe("[::ffff:7f00:1]");
    for (const url of [
      "https://2130706433/",
      "https://0x7f.1/",
      "https://0177.0.0.1/",
      "https://0x7f000001/",
      "https://127.1/",
      "https://017700000001/",
      "https://0xa.0.0.1/",
      "https://3232235777/",
      "https://127.0.0.1./",
      "https://１２７.0.0.1/",
    ])
      refused(url);
  });

  it("should refuse IPv6 addresses that embed a private IPv4 address", () => {
    for (const url of [
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:1]/",
      "https://[::ffff:10.0.0.1]/",
      "https://[::ffff:0:a9fe:a9fe]/", // IPv4-translated, 169.254.169.254
      "https://[::7f00:1]/", // IPv4-compatible 127.0.0.1
      "https://[::127.0.0.1]/",
      "https://[::a00:1]/",
      "https://[64:ff9b::7f00:1]/", // NAT64
      "https://[64:ff9b::192.168.0.1]/",
      "https://[64:ff9b::a9fe:a9fe]/",
      "https://[2002:7f00:1::]/", // 6to4 of 127.0.0.1
      "https://[2002:c0a8:101::1]/", // 6to4 of 192.168.1.1
      "https://[2002:a00:1:1::5]/",
      "https://[0:0:0:0:0:ffff:7f00:1]/",
      // Mapped, compatible and translated forms are not routed on the internet: refused whatever they carry.
      "https://[::ffff:93.184.215.14]/",
      "https://[::5db8:d70e]/",
    ])
      refused(url);
  });

  it("should refuse loopback, unspecified, unique-local, link-local, site-local, multicast and local-use NAT64 IPv6", () => {
    for (const url of [
      "https://[::1]/",
      "https://[::]/",
      "https://[0:0:0:0:0:0:0:1]/",
      "https://[fc00::1]/",
      "https://[fd12:3456:789a::1]/",
      "https://[fdff:ffff::1]/",
      "https://[fe80::1]/",
      "https://[fe80::1%25eth0]/",
      "https://[febf::1]/",
      "https://[fec0::1]/",
      "https://[ff02::1]/",
      "https://[64:ff9b:1::a00:1]/",
      "https://[2001::1]/",
      "https://[2001:db8::1]/",
      "https://[100::1]/",
    ]) {
      // A zone id is not valid in a URL host; an invalid URL is refused with its own reason.
      if (url.includes("%25")) expect(unsafeUrlReason(url)).not.toBeNull();
      else refused(url);
    }
  });

  it("should refuse localhost names however they are written", () => {
    for (const url of [
      "https://localhost/",
      "https://LOCALHOST/",
      "https://localhost./",
      "https://api.localhost/",
      "https://a.b.localhost./",
      "https://printer.local/",
      "https://db.internal/",
      "https://metadata.google.internal./",
    ])
      refused(url);
  });

  it("should refuse private, loopback, link-local, shared and reserved IPv4", () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://10.1.2.3/",
      "https://172.16.0.1/",
      "https://172.31.255.255/",
      "https://192.168.1.1/",
      "https://169.254.169.254/",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://224.0.0.1/",
      "https://255.255.255.255/",
      "https://192.0.0.170/",
      "https://198.18.0.1/",
    ])
      refused(url);
  });

  it("should allow public addresses and names, including NAT64 and 6to4 of a public IPv4", () => {
    for (const url of [
      "https://example.com/hook",
      "https://93.184.215.14/",
      "https://172.32.0.1/",
      "https://100.128.0.1/",
      "https://[2606:4700:4700::1111]/",
      "https://[2002:5db8:d70e::1]/",
      "https://[64:ff9b::5db8:d70e]/",
      "https://localhost.example.com/",
      "https://mylocalhost/",
    ]) {
      expect(unsafeUrlReason(url), url).toBeNull();
    }
  });

  it("should still refuse other schemes, credentials and other ports", () => {
    expect(unsafeUrlReason("http://example.com/")).toBe("only https:// URLs are allowed");
    expect(unsafeUrlReason("https://u:p@example.com/")).toBe("URLs may not carry credentials");
    expect(unsafeUrlReason("https://example.com:8443/")).toBe(
      "only the default HTTPS port is allowed",
    );
    expect(unsafeUrlReason("not a url")).toBe("not a valid URL");
  });
});
