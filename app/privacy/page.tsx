import type { Metadata } from "next";
import { DeleteMyData } from "@/components/privacy/delete-my-data";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Privacy and your data" };

export default function PrivacyPage() {
  const days = getConfig().faceRetentionDays;
  return (
    <Card className="mx-auto max-w-2xl">
      <CardHeader>
        <CardTitle>Privacy and your data</CardTitle>
        <CardDescription>What this app keeps about you, for how long, and how to remove it.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm text-ink">
        <ul className="list-disc space-y-2 pl-5">
          <li>Face photos are re-encoded on upload; location and camera metadata (EXIF, GPS) are removed.</li>
          <li>
            Your photos and results are tied to this browser by a signed cookie and are shown to no one else. The image service
            receives your face photo only through a private link that expires.
          </li>
          <li>
            Face photos are deleted automatically after {days} {days === 1 ? "day" : "days"}, together with every headshot made from
            them.
          </li>
        </ul>
        <div>
          <DeleteMyData />
        </div>
      </CardContent>
    </Card>
  );
}
