import { signOut } from "@/lib/auth/actions";

/** The frame of a step of signing in after the password: title, who is signing in, and a way out. */
export function SignInStep({ title, email, children }: { title: string; email: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-10 sm:items-center sm:py-16">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <p className="font-semibold text-indigo-700">WorkSpaces Portal</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Signing in as <span className="font-medium text-slate-900">{email}</span>
          </p>
        </div>
        <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">{children}</div>
        <form action={signOut} className="text-center">
          <button type="submit" className="text-sm font-medium text-slate-600 underline underline-offset-2">
            Cancel and sign out
          </button>
        </form>
      </div>
    </main>
  );
}
