-- AlterTable
ALTER TABLE "DesktopRequest" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "BundleOffer" (
    "id" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "roles" "Role"[] DEFAULT ARRAY[]::"Role"[],
    "groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "directoryIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BundleOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryGuardrail" (
    "directoryId" TEXT NOT NULL,
    "encryptionRequired" BOOLEAN NOT NULL DEFAULT false,
    "volumeEncryptionKey" TEXT,
    "requiredTags" JSONB NOT NULL DEFAULT '[]',
    "maxComputeByRole" JSONB NOT NULL DEFAULT '{}',
    "desktopsPerUser" INTEGER,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DirectoryGuardrail_pkey" PRIMARY KEY ("directoryId")
);

-- CreateIndex
CREATE UNIQUE INDEX "BundleOffer_bundleId_key" ON "BundleOffer"("bundleId");

-- AddForeignKey
ALTER TABLE "BundleOffer" ADD CONSTRAINT "BundleOffer_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectoryGuardrail" ADD CONSTRAINT "DirectoryGuardrail_directoryId_fkey" FOREIGN KEY ("directoryId") REFERENCES "Directory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
