-- AlterTable
ALTER TABLE "Directory" ADD COLUMN     "dnsIpAddresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "shortName" TEXT;
