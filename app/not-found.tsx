import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-2xl font-bold">404 — Not found</h1>
      <p className="mt-3 text-slate-700">That page does not exist.</p>
      <Link href="/dashboard" className="mt-6 inline-block rounded bg-brand-700 px-4 py-2 font-semibold text-white">
        Back to the dashboard
      </Link>
    </main>
  );
}
