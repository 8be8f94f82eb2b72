-- CreateEnum
CREATE TYPE "UserSource" AS ENUM ('LOCAL', 'DIRECTORY', 'SSO');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "lastSignInAt" TIMESTAMPTZ(3),
ADD COLUMN     "roleOverride" "Role",
ADD COLUMN     "source" "UserSource" NOT NULL DEFAULT 'LOCAL';

-- CreateTable
CREATE TABLE "RoleMapping" (
    "id" TEXT NOT NULL,
    "source" "UserSource" NOT NULL,
    "groupName" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoleMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RoleMapping_source_groupKey_key" ON "RoleMapping"("source", "groupKey");

-- CreateIndex
CREATE UNIQUE INDEX "User_externalId_key" ON "User"("externalId");
