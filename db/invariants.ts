// What the database keeps itself, as SQL text the tests (tests/support/scan.ts, driftedFollows)
// and the benchmark (scripts/bench/coherence.ts, checkFollows) both run: each row is a bag whose
// stored parent_bag_id or bill_id — kept by the links and bill_bags triggers of migration 0014 —
// disagrees with those tables. None, ever.
export const BAGS_UNLIKE_LINKS_SQL = `
  select b.qr, b.parent_bag_id, l.parent_bag_id as link_parent, b.bill_id, bb.bill_id as bill
  from bags b
  left join links l on l.child_bag_id = b.id
  left join bill_bags bb on bb.bag_id = coalesce(l.parent_bag_id, b.id)
  where b.parent_bag_id is distinct from l.parent_bag_id or b.bill_id is distinct from bb.bill_id`;
