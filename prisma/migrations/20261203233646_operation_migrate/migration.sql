-- AlterEnum
ALTER TYPE "OperationType" ADD VALUE 'MIGRATE';
