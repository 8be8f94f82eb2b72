// The users are read from the directory over LDAP, which can take a moment.
export default function Loading() {
  return (
    <p role="status" className="text-sm text-slate-600">
      Reading the directory's users…
    </p>
  );
}
