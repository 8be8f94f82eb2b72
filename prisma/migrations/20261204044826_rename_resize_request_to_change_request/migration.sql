-- The request covers compute type, volume sizes and a bundle migration: a change request. Renamed in
-- place so open requests and their history are kept.
ALTER TABLE "DesktopResizeRequest" RENAME TO "DesktopChangeRequest";
ALTER TABLE "DesktopChangeRequest" RENAME CONSTRAINT "DesktopResizeRequest_pkey" TO "DesktopChangeRequest_pkey";
ALTER TABLE "DesktopChangeRequest" RENAME CONSTRAINT "DesktopResizeRequest_desktopId_fkey" TO "DesktopChangeRequest_desktopId_fkey";
ALTER TABLE "DesktopChangeRequest" RENAME CONSTRAINT "DesktopResizeRequest_requesterId_fkey" TO "DesktopChangeRequest_requesterId_fkey";
ALTER TABLE "DesktopChangeRequest" RENAME CONSTRAINT "DesktopResizeRequest_deciderId_fkey" TO "DesktopChangeRequest_deciderId_fkey";
ALTER INDEX "DesktopResizeRequest_status_createdAt_idx" RENAME TO "DesktopChangeRequest_status_createdAt_idx";
ALTER INDEX "DesktopResizeRequest_desktopId_createdAt_idx" RENAME TO "DesktopChangeRequest_desktopId_createdAt_idx";
