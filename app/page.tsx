import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/navigation";
import { getCurrentUser } from "@/lib/server/auth/session";

export default async function HomePage() {
  const user = await getCurrentUser();
  redirect(user ? homePathFor(user.role) : "/login");
}
