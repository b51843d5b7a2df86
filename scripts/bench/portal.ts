// The portal-grid row's fixture: a customer account linked to ten of the seeded customers
// ("Customer 1" … "Customer 10", about a quarter of the bills), and the grid queries a dealer
// runs — a search, a status filter and sorts, including the computed weight columns.
import postgres from "postgres";

export interface PortalFixture {
  user: { id: string; username: string; area: null };
  queries: string[];
}

export async function createPortalAccount(url: string): Promise<PortalFixture> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [user] = await sql<{ id: string }[]>`
      insert into users (id, username, email, password_hash, role) values (gen_random_uuid()::text, 'bench-dealer@example.com', 'bench-dealer@example.com', 'not-a-hash', 'customer')
      returning id`;
    if (!user) throw new Error("no portal account");
    await sql`insert into user_customers (user_id, customer_id)
              select ${user.id}, id from customers where name in ${sql(Array.from({ length: 10 }, (_, i) => `Customer ${i + 1}`))}`;
    const queries = [
      "/api/portal/bills?limit=50",
      "/api/portal/bills?q=BL-0001&limit=50",
      "/api/portal/bills?sort=childCount&dir=desc&limit=50",
      "/api/portal/bills?status=completed&sort=billNumber&dir=asc&limit=50",
      "/api/portal/bills?q=customer%203&sort=actualWeightKg&dir=desc&limit=50",
    ];
    return { user: { id: user.id, username: "bench-dealer@example.com", area: null }, queries };
  } finally {
    await sql.end();
  }
}
