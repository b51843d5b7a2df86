import { headers } from "next/headers";
import { PublicStatusShell, StatusLinkRefusal } from "@/components/status-link/public-status-view";
import { segmentAfter } from "@/lib/not-found";
import { PATH_HEADER } from "@/lib/server/request-context";
import { refusalOfToken } from "@/lib/server/status-link/lookup";

// A not-found screen gets no props: the token comes from the path proxy.ts stamped on the request,
// and is checked again (no database, no limit) to say whether it is not valid, expired or gone.
export default async function StatusNotFound() {
  const path = (await headers()).get(PATH_HEADER) ?? "";
  const refusal = refusalOfToken(segmentAfter(path.split("?")[0] ?? "", "status"));
  return (
    <PublicStatusShell>
      <StatusLinkRefusal refusal={refusal} />
    </PublicStatusShell>
  );
}
