import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-2xl font-bold">403 — Not allowed</h1>
      <p className="mt-3 text-slate-700">Your role does not have access to this page.</p>
      <Link href="/" className="mt-6 inline-block rounded bg-brand-700 px-4 py-2 font-semibold text-white">
        Back to your start page
      </Link>
    </main>
  );
}
