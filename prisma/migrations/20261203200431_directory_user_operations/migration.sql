-- AlterEnum
ALTER TYPE "OperationType" ADD VALUE 'DIRECTORY_USER';
