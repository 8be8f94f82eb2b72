// A bulk job's items, thousands in one statement.

import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import type { RunningMode } from "@/lib/db/generated/enums";
import { insertMany } from "@/lib/db/insert-many";

type Tx = Prisma.TransactionClient;

type NewItem = {
  jobId: string;
  line?: number;
  userName: string;
  directoryId: string;
  bundleId?: string;
  runningMode?: RunningMode;
  autoStopTimeoutMinutes?: number | null;
  tags?: Record<string, string>;
  requestId?: string;
  desktopId: string;
  operationId?: string;
  status: "QUEUED" | "SKIPPED";
  errorCode?: string;
  errorMessage?: string;
};

export function insertItems(tx: Tx, items: NewItem[], now: Date) {
  return insertMany(
    tx,
    "BulkJobItem",
    {
      id: "text",
      jobId: "text",
      line: "int",
      userName: "text",
      directoryId: "text",
      bundleId: "text",
      runningMode: { enum: "RunningMode" },
      autoStopTimeoutMinutes: "int",
      tags: "jsonb",
      requestId: "text",
      desktopId: "text",
      operationId: "text",
      status: { enum: "BulkItemStatus" },
      errorCode: "text",
      errorMessage: "text",
      updatedAt: "timestamptz",
    },
    items.map((i) => ({ id: randomUUID(), ...i, updatedAt: now })),
  );
}
