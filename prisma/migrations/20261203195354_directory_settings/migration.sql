-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OperationType" ADD VALUE 'MODIFY_DIRECTORY_SELF_SERVICE';
ALTER TYPE "OperationType" ADD VALUE 'MODIFY_DIRECTORY_CREATION';
ALTER TYPE "OperationType" ADD VALUE 'IP_GROUP_CREATE';
ALTER TYPE "OperationType" ADD VALUE 'IP_GROUP_RULES';
ALTER TYPE "OperationType" ADD VALUE 'IP_GROUP_DELETE';
ALTER TYPE "OperationType" ADD VALUE 'IP_GROUP_ASSOCIATION';
ALTER TYPE "OperationType" ADD VALUE 'DIRECTORY_RADIUS';
