import { z } from "zod";
import { hasNul, NUL_MESSAGE } from "@/lib/text-input";

// URL parameters that every filtered, paginated list shares (fleet, audit, approvals, bulk jobs,
// recommendations): one definition, so they trim, cap and default alike.

/** The free-text search box; empty means no search. */
export const listSearchParam = () =>
  z.string().trim().max(200).refine((value) => !hasNul(value), NUL_MESSAGE).optional().default("");

/** The 1-based page number; the cap keeps a hand-edited URL from asking for an absurd offset. */
export const listPageParam = (max = 100_000) => z.coerce.number().int().min(1).max(max).optional().default(1);
