import Link from "next/link";

/** The link above the import pages back to the directory's users. */
export function BackToUsers({ directory }: { directory: { id: string; name: string } }) {
  return (
    <p>
      <Link href={`/admin/directories/${directory.id}/users`} className="text-sm text-indigo-700 underline">
        Back to the users of {directory.name}
      </Link>
    </p>
  );
}
