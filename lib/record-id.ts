import { z } from "zod";

// The id of a row that a page sends back (hidden field, button). People never type it, so when it is
// missing or mangled the message says what to do rather than what zod expected.
const message = "This page is out of date. Reload it and try again.";

export const recordId = () => z.string({ message }).min(1, message).max(64, message);
