import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Team sign-in" };

export default function SignInPage() {
  const enabled = getConfig().staffAccessCode !== null;
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle>Team sign-in</CardTitle>
        <CardDescription>Team members get a larger daily allowance. Enter the access code your team shared with you.</CardDescription>
      </CardHeader>
      <CardContent>
        {enabled ? (
          <SignInForm />
        ) : (
          <Alert tone="info" title="Team sign-in is not enabled">
            An administrator can turn it on by setting STAFF_ACCESS_CODE on the server.
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
