-- CreateTable
CREATE TABLE "SmtpCheck" (
    "target" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "code" TEXT,
    "message" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SmtpCheck_pkey" PRIMARY KEY ("target")
);
