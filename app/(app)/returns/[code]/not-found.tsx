import { ReturnNotFoundNotice } from "@/components/returns/return-not-found";

// Shown by the ticket page for an unknown code.
export default function ReturnNotFound() {
  return <ReturnNotFoundNotice />;
}
