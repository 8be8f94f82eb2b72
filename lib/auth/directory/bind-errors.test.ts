import { describe, expect, it } from "vitest";
import { bindRefusal } from "./bind-errors";

const diagnostic = (code: string) => `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${code}, v1db1`;

describe("bindRefusal", () => {
  it("maps AD's sub-status codes", () => {
    expect(bindRefusal(diagnostic("52e"))).toEqual({ refusal: "INVALID_CREDENTIALS", subStatus: "52e" });
    expect(bindRefusal(diagnostic("525")).refusal).toBe("INVALID_CREDENTIALS");
    expect(bindRefusal(diagnostic("533")).refusal).toBe("DISABLED");
    expect(bindRefusal(diagnostic("532")).refusal).toBe("PASSWORD_EXPIRED");
    expect(bindRefusal(diagnostic("773")).refusal).toBe("MUST_CHANGE_PASSWORD");
    expect(bindRefusal(diagnostic("701")).refusal).toBe("ACCOUNT_EXPIRED");
  });

  it("does not tell a locked account from a wrong password (AD says 775 whatever the password)", () => {
    expect(bindRefusal(diagnostic("775"))).toEqual({ refusal: "INVALID_CREDENTIALS", subStatus: "775" });
  });

  it("treats a message without a code as a wrong password", () => {
    expect(bindRefusal("Invalid credentials")).toEqual({ refusal: "INVALID_CREDENTIALS", subStatus: null });
  });
});
