"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { watchToastDemand } from "@/lib/client/toast";

const LoadedToaster = dynamic(() => import("./loaded-toaster").then((m) => m.LoadedToaster), { ssr: false });

/** Renders sonner's <Toaster> only once some code asks for a toast. */
export function ToasterHost() {
  const [wanted, setWanted] = useState(false);
  useEffect(() => watchToastDemand(() => setWanted(true)), []);
  return wanted ? <LoadedToaster /> : null;
}
