import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listUsers } from "@/lib/users/queries";
import { USER_FILTERS, userFilterParams, userFilterSchema, type UserFilterKey } from "@/lib/users/user-filters";
import { ROLE_LABEL, SOURCE_LABEL } from "@/lib/users/labels";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { StateBadge } from "@/components/state-badge";
import { FilterForm, FilterInput, FilterSelect } from "@/components/filter-form";
import { DataTable } from "@/components/data-table";
import { Time } from "@/components/time";
import { buttonClass } from "@/components/button";
import { plural } from "@/lib/plural";

export const metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser("/admin/users");
  if (!can(user, "user.list")) notFound();
  const filter = userFilterSchema.catch(userFilterSchema.parse({})).parse(await searchParams);
  const users = await listUsers(filter);
  const params = userFilterParams(filter);

  return (
    <div className="space-y-4">
      <PageHeader
        title="Users"
        description="Everyone with a portal account: local accounts, and people created at their first directory or single sign-on."
        actions={
          can(user, "role.mapping.manage") && (
            <Link href="/admin/roles" className={buttonClass("secondary")}>
              Roles from groups
            </Link>
          )
        }
      />
      <FilterForm label="Filter users">
        <FilterInput id="q" label="Search" defaultValue={filter.q} placeholder="Name, e-mail, directory user" />
        {(Object.keys(USER_FILTERS) as UserFilterKey[]).map((key) => (
          <FilterSelect key={key} id={key} label={USER_FILTERS[key].label} defaultValue={filter[key]} options={USER_FILTERS[key].options} />
        ))}
      </FilterForm>
      <p className="text-sm text-slate-600" data-testid="user-total">
        {plural(users.total, "user")}
      </p>
      {users.rows.length === 0 ? (
        <EmptyState title="No users match" />
      ) : (
        <DataTable caption="Users" columns={["Name", "E-mail", "Directory user", "Role", "Source", "Last sign-in", "Status"]}>
          {users.rows.map((u) => (
            <tr key={u.id} data-user-id={u.id}>
              <td className="px-3 py-2 font-medium">
                <Link href={`/admin/users/${u.id}`} className="text-indigo-700 underline">
                  {u.name}
                </Link>
              </td>
              <td className="px-3 py-2 break-all">{u.email}</td>
              <td className="px-3 py-2">{u.directoryUserName ?? "—"}</td>
              <td className="px-3 py-2">{ROLE_LABEL[u.role]}</td>
              <td className="px-3 py-2">{SOURCE_LABEL[u.source]}</td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">{u.lastSignInAt ? <Time iso={u.lastSignInAt} /> : "Never"}</td>
              <td className="px-3 py-2">{u.disabled ? <StateBadge state="SUSPENDED" label="Disabled" /> : <StateBadge state="AVAILABLE" label="Active" />}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={users.page} pages={users.pages} params={params} basePath="/admin/users" />
    </div>
  );
}
