"use client";
import { useState } from "react";
import { ApiKeys, type ApiKeyRow, type FreshKey } from "./api-keys";
import { ApiSnippet } from "./api-snippet";

/** The keys and the curl snippet share the key just created: the snippet uses it until the page is left. */
export function ApiAccess({
  keys,
  timeZone,
  origin,
  workspaceId,
  userId,
}: {
  keys: ApiKeyRow[];
  timeZone: string;
  origin: string;
  workspaceId: string;
  userId: string;
}) {
  const [fresh, setFresh] = useState<FreshKey | null>(null);
  return (
    <>
      <ApiKeys keys={keys} timeZone={timeZone} fresh={fresh} setFresh={setFresh} />
      <ApiSnippet origin={origin} workspaceId={workspaceId} userId={userId} apiKey={fresh?.key} />
    </>
  );
}
