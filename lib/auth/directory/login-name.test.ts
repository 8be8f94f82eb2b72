import { describe, expect, it } from "vitest";
import { parseLoginName } from "./login-name";

describe("parseLoginName", () => {
  it("reads the three forms AD accepts", () => {
    expect(parseLoginName("alice.archer@Corp.Example.com")).toEqual({ form: "upn", userName: "alice.archer", domain: "corp.example.com" });
    expect(parseLoginName("CORP\\alice.archer")).toEqual({ form: "down-level", userName: "alice.archer", netbiosDomain: "CORP" });
    expect(parseLoginName(" alice.archer ")).toEqual({ form: "plain", userName: "alice.archer" });
  });

  it("refuses names that are no account", () => {
    for (const bad of ["", "@corp.example.com", "alice@", "\\alice", "CORP\\", "CORP\\a\\b", "CORP\\a@b"]) expect(parseLoginName(bad)).toBeNull();
  });
});
