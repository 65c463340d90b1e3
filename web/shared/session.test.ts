import { describe, expect, it } from "vitest";
import { hasRole, safeNext } from "./session";

describe("hasRole", () => {
  it("should rank owner > admin > agent > viewer like the Worker", () => {
    expect(hasRole("owner", "admin")).toBe(true);
    expect(hasRole("agent", "agent")).toBe(true);
    expect(hasRole("viewer", "agent")).toBe(false);
    expect(hasRole(undefined, "viewer")).toBe(false);
  });
});

describe("safeNext", () => {
  it("should only return paths inside the apps", () => {
    expect(safeNext("/console/#/c/1")).toBe("/console/#/c/1");
    expect(safeNext("https://evil.example/app/")).toBeNull();
    expect(safeNext("//evil.example/app/")).toBeNull();
    expect(safeNext("/app//evil.example")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
