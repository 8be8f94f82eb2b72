-- AlterTable
ALTER TABLE "Desktop" ADD COLUMN     "lastConnectedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "DesktopTagSet" ADD COLUMN     "tagValues" TEXT NOT NULL DEFAULT '';

-- The last connection known from the sessions recorded so far.
UPDATE "Desktop" AS d SET "lastConnectedAt" = s.last
FROM (SELECT "desktopId", max("connectedAt") AS last FROM "ConnectionSession" GROUP BY "desktopId") AS s
WHERE s."desktopId" = d."id";

-- tagValues follows tags on every write, whichever code writes them.
CREATE FUNCTION "desktop_tag_values"() RETURNS trigger AS $$
BEGIN
  NEW."tagValues" := CASE WHEN jsonb_typeof(NEW."tags") = 'object'
    THEN coalesce((SELECT string_agg(value, E'\n' ORDER BY key) FROM jsonb_each_text(NEW."tags")), '')
    ELSE '' END;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "DesktopTagSet_tagValues" BEFORE INSERT OR UPDATE OF "tags" ON "DesktopTagSet"
FOR EACH ROW EXECUTE FUNCTION "desktop_tag_values"();

UPDATE "DesktopTagSet" SET "tags" = "tags";
