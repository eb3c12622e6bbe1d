// DuckDB (npm @duckdb/node-api) over newsfx output, as an analyst would query it; prints one JSON
// document of results on stdout for tests/clients/duckdb.py to check.
//   node duckdb_query.mjs EVENTS.jsonl MENTIONS.jsonl EVENTS.csv
import { DuckDBInstance } from '@duckdb/node-api';

const [events, mentions, csv] = process.argv.slice(2);
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
const ev = `read_json_auto(${lit(events)})`;

const out = {};
out.version = (await rows('SELECT version() AS v'))[0].v;
out.types = Object.fromEntries((await rows(`DESCRIBE SELECT * FROM ${ev}`)).map((r) => [r.column_name, r.column_type]));
out.by_type = Object.fromEntries(
  (await rows(`SELECT type, count(*)::INTEGER AS n FROM ${ev} GROUP BY type ORDER BY type`)).map((r) => [r.type, r.n]));
out.by_doc = Object.fromEntries(
  (await rows(`SELECT doc_id, count(*)::INTEGER AS n FROM ${ev} GROUP BY doc_id`)).map((r) => [r.doc_id, r.n]));
// row values: ids as read, dates as DATE, amounts as DOUBLE (a JS number prints its shortest form)
const reader = await con.runAndReadAll(
  `SELECT event_id, doc_id, strftime(doc_date, '%Y-%m-%d') AS doc_date, amount.value AS amount,
          amount.currency AS currency, change.value AS change, typeof(doc_date) AS date_type
   FROM ${ev}`);
out.rows = reader.getRowObjectsJson().map((r) => [r.event_id, r.doc_id, r.doc_date, r.amount, r.currency, r.change, r.date_type]);
// nested roles: one row per acquirer / target filler
out.acquirers = (await rows(
  `SELECT event_id, f.name AS name, f.ticker AS ticker FROM (SELECT event_id, unnest(roles.acquirer) AS f FROM ${ev})`))
  .map((r) => [r.event_id, r.name, r.ticker]);
out.targets = (await rows(
  `SELECT event_id, f.name AS name FROM (SELECT event_id, unnest(roles.target) AS f FROM ${ev})`))
  .map((r) => [r.event_id, r.name]);
// the biggest deals, the query in the README
out.top = (await rows(
  `SELECT event_id, roles.acquirer[1].name AS acquirer, roles.target[1].name AS target, amount.value AS usd
   FROM ${ev} WHERE type = 'acquisition' AND amount.currency = 'USD'
   ORDER BY amount.value DESC, event_id LIMIT 3`)).map((r) => [r.event_id, r.acquirer, r.target, r.usd]);
out.mention_kinds = Object.fromEntries(
  (await rows(`SELECT kind, count(*)::INTEGER AS n FROM read_json_auto(${lit(mentions)}) GROUP BY kind`))
    .map((r) => [r.kind, r.n]));
// the CSV output: ids typed as text, as the README says
const cv = `read_csv(${lit(csv)}, header = true, types = {'event_id': 'VARCHAR', 'doc_id': 'VARCHAR'})`;
out.csv_types = Object.fromEntries((await rows(`DESCRIBE SELECT * FROM ${cv}`)).map((r) => [r.column_name, r.column_type]));
out.csv_rows = (await con.runAndReadAll(`SELECT event_id, doc_id, amount, acquirer FROM ${cv}`))
  .getRowObjectsJson().map((r) => [r.event_id, r.doc_id, r.amount, r.acquirer]);
process.stdout.write(JSON.stringify(out) + '\n');
