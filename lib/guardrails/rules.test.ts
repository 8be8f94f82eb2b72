import { describe, expect, it } from "vitest";
import { NO_GUARDRAIL, computeProblem, encryptionKeyFor, encryptionProblem, guardrailFromRow, quotaProblem, resolveRequiredTags, tagTextProblem } from "./rules";

const costCentre = { key: "CostCentre", allowedValues: ["1000", "2000"], defaultValue: "1000" };
const project = { key: "Project", allowedValues: [], defaultValue: "" };

describe("required tags", () => {
  it("takes the value given, else the default", () => {
    expect(resolveRequiredTags([costCentre], { CostCentre: "2000" })).toEqual({ tags: { CostCentre: "2000" }, problems: {} });
    expect(resolveRequiredTags([costCentre], {})).toEqual({ tags: { CostCentre: "1000" }, problems: {} });
  });
  it("refuses a value that is not allowed, a missing one without default, and characters AWS refuses", () => {
    expect(resolveRequiredTags([costCentre, project], { CostCentre: "3000" }).problems).toEqual({
      CostCentre: "CostCentre must be one of: 1000, 2000.",
      Project: "Choose a value for Project.",
    });
    expect(resolveRequiredTags([project], { Project: "a;b" }).problems.Project).toContain("only letters, numbers");
  });
  it("checks keys and values against AWS's rules", () => {
    expect(tagTextProblem("aws:owner", "key")).toContain("reserved");
    expect(tagTextProblem("k".repeat(128), "key")).toContain("127");
    expect(tagTextProblem("Zürich HQ / 4711", "value")).toBeNull();
    expect(tagTextProblem("<b>", "value")).toContain("only letters");
  });
});

describe("limits and encryption", () => {
  const guardrail = { ...NO_GUARDRAIL, maxComputeByRole: { EMPLOYEE: "STANDARD" }, desktopsPerUser: 2 };
  it("caps compute per role", () => {
    expect(computeProblem(guardrail, "EMPLOYEE", "STANDARD")).toBeNull();
    expect(computeProblem(guardrail, "EMPLOYEE", "POWER")).toBe("In this directory the employee role may have desktops up to Standard.");
    expect(computeProblem(guardrail, "APPROVER", "POWER")).toBeNull();
  });
  it("counts desktops and open requests against the quota", () => {
    expect(quotaProblem(guardrail, 1)).toBeNull();
    expect(quotaProblem(guardrail, 2)).toBe("At most 2 desktops per person here (open requests included), and 2 are already held.");
  });
  it("uses the directory's key when it requires encryption, and refuses a create without one", () => {
    const required = { ...NO_GUARDRAIL, encryptionRequired: true, volumeEncryptionKey: "arn:aws:kms:us-east-1:123456789012:key/k" };
    expect(encryptionKeyFor(required, "alias/portal")).toBe(required.volumeEncryptionKey);
    expect(encryptionKeyFor(NO_GUARDRAIL, "alias/portal")).toBe("alias/portal");
    expect(encryptionProblem({ ...required, volumeEncryptionKey: null }, null)).toContain("requires volume encryption");
    expect(encryptionProblem(NO_GUARDRAIL, null)).toBeNull();
  });
  it("reads a stored row defensively", () => {
    expect(guardrailFromRow({ encryptionRequired: false, volumeEncryptionKey: null, requiredTags: "nonsense", maxComputeByRole: { EMPLOYEE: "VALUE" }, desktopsPerUser: null })).toMatchObject({
      requiredTags: [],
      maxComputeByRole: { EMPLOYEE: "VALUE" },
    });
  });
});
