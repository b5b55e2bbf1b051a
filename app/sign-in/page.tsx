import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getConfig } from "@/lib/config";
import { safeNextPath } from "@/lib/session/person";

export const metadata: Metadata = { title: "Team sign-in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const enabled = getConfig().staffAccessCode !== null;
  // Where to go afterwards, e.g. /team when a staff page sent the visitor here.
  const next = safeNextPath((await searchParams).next);
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle>Team sign-in</CardTitle>
        <CardDescription>
          {next?.startsWith("/team")
            ? "Team shoots are for your team's staff. Enter the access code your team shared with you."
            : "Team members get a larger daily allowance. Enter the access code your team shared with you."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {enabled ? (
          <SignInForm next={next ?? "/"} />
        ) : (
          <Alert tone="info" title="Team sign-in is not enabled">
            An administrator can turn it on by setting STAFF_ACCESS_CODE on the server.
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
