// The real @supabase/postgrest-js against rest-server over the spec fixtures. It asserts nothing
// itself: it prints one JSON object, case name -> what the client returned, and PostgrestJsIT
// compares every case with the expected answer.
// Usage: node client-cases.mjs <base url> <jwt>
import { PostgrestClient } from '@supabase/postgrest-js'

const [url, jwt] = process.argv.slice(2)
if (!url || !jwt) {
  console.error('usage: node client-cases.mjs <base url> <jwt>')
  process.exit(2)
}

// schema('test') makes the client send Accept-Profile / Content-Profile, as supabase-js does.
const db = new PostgrestClient(url, { schema: 'test', headers: { Authorization: `Bearer ${jwt}` } })

const cases = {
  // contains: an array, a JSON object (jsonb @>), a range given as text
  containsArray: () => db.from('complex_items').select('id').contains('arr_data', [2]).order('id'),
  containsJsonObject: () => db.from('jsonb_test').select('id').contains('data', { a: { b: 2 } }),
  containsRange: () => db.from('ranges').select('id').contains('range', '[4,5]'),
  containedByArray: () => db.from('complex_items').select('id').containedBy('arr_data', [1, 2, 4]).order('id'),
  notContains: () => db.from('entities').select('id').not('arr', 'cs', '{1,2}').order('id'),
  // overlaps: an array, a range
  overlapsArray: () => db.from('entities').select('id').overlaps('arr', [1, 3]).order('id'),
  overlapsArrayOne: () => db.from('entities').select('id').overlaps('arr', [3]),
  overlapsRange: () => db.from('ranges').select('id').overlaps('range', '[3,4]').order('id'),
  // textSearch: to_tsquery, plain, phrase, websearch, each with and without a configuration
  textSearch: () => db.from('tsearch').select('text_search_vector').textSearch('text_search_vector', 'impossible'),
  textSearchOperators: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', "'fat' & 'cat'", { config: 'english' }),
  textSearchPlain: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', 'The Fat Rats', { type: 'plain' }),
  textSearchPlainFrench: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', 'amusant impossible', { type: 'plain', config: 'french' }),
  textSearchPhrase: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', 'The Fat Cats', { type: 'phrase' }),
  textSearchPhraseGerman: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', 'Art Spass', { type: 'phrase', config: 'german' }),
  textSearchWebsearch: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', 'fun and -possible', { type: 'websearch' }),
  textSearchWebsearchOr: () => db.from('tsearch').select('text_search_vector')
    .textSearch('text_search_vector', 'impossible or possible', { type: 'websearch', config: 'english' }),
  // embedding: to-one, to-many, many-to-many, hints, !inner, filters and order on an embedding
  embedStar: () => db.from('projects').select('*, clients(*)').eq('id', 1),
  embedToOneAndToMany: () => db.from('projects').select('id, name, clients(name), tasks(id, name)')
    .in('id', [1, 5]).order('id').order('id', { referencedTable: 'tasks' }),
  embedManyToMany: () => db.from('users').select('name, tasks(name)').eq('id', 1)
    .order('id', { referencedTable: 'tasks' }),
  embedNested: () => db.from('clients').select('id, projects(id, tasks(id, name))')
    .like('projects.tasks.name', 'Design*').order('id')
    .order('id', { referencedTable: 'projects' }).order('id', { referencedTable: 'projects.tasks' }),
  embedLimited: () => db.from('clients').select('id, projects(id)').order('id')
    .order('id', { referencedTable: 'projects', ascending: false }).limit(1, { referencedTable: 'projects' }),
  embedInner: () => db.from('projects').select('id, clients!inner(name)').eq('clients.name', 'Apple').order('id'),
  embedHintsAndAliases: () => db.from('orders')
    .select('id, billing:addresses!billing_address_id(address), shipping:addresses!orders_shipping_address_id_fkey(address)')
    .eq('id', 1),
  embedAmbiguous: () => db.from('orders').select('*, addresses(*)'),
  embedUnknown: () => db.from('projects').select('id, clients!nope(name)'),
  // filters, order, range, count, single
  filters: () => db.from('projects').select('id').or('id.eq.1,id.gte.4').not('name', 'like', '*7').order('id'),
  filtersCompare: () => db.from('items').select('id').gt('id', 2).lte('id', 5).neq('id', 4).order('id', { ascending: false }),
  filtersIlike: () => db.from('projects').select('id, name').ilike('name', 'win*').order('id'),
  filtersIsNull: () => db.from('projects').select('id').is('client_id', null),
  filterMatch: () => db.from('projects').select('id').match({ client_id: 2, name: 'IOS' }),
  orderNullsFirst: () => db.from('projects').select('id, client_id')
    .order('client_id', { ascending: false, nullsFirst: true }).order('id'),
  rangeWithCount: () => db.from('items').select('id', { count: 'exact' }).order('id').range(2, 4),
  headCount: () => db.from('items').select('*', { count: 'exact', head: true }),
  single: () => db.from('items').select('id').eq('id', 5).single(),
  singleOfMany: () => db.from('items').select('id').gt('id', 13).single(),
  maybeSingleNone: () => db.from('items').select('id').eq('id', 99).maybeSingle(),
  // writes (the spec server rolls every transaction back) and calls
  insertWithEmbedding: () => db.from('projects').insert({ id: 6, name: 'New', client_id: 2 }).select('id, clients(name)'),
  updateReturning: () => db.from('addresses').update({ address: 'B Street' }).eq('id', 1).select(),
  deleteReturning: () => db.from('items').delete().eq('id', 11).select('id'),
  upsert: () => db.from('tiobe_pls').upsert([{ name: 'Java', rank: 3 }, { name: 'Go', rank: 9 }]).select().order('name'),
  rpcSetOf: () => db.rpc('getitemrange', { min: 2, max: 4 }).order('id'),
  rpcScalarGet: () => db.rpc('sayhello', { name: 'world' }, { get: true }),
  rpcEmbedding: () => db.rpc('get_projects_below', { id: 3 }).select('id, clients(name)').order('id'),
}

const out = {}
for (const [name, run] of Object.entries(cases)) {
  try {
    const r = await run()
    out[name] = {
      status: r.status,
      count: r.count ?? null,
      data: r.data ?? null,
      error: r.error ? { code: r.error.code ?? null } : null,
    }
  } catch (e) {
    out[name] = { thrown: String(e) }
  }
}
process.stdout.write(JSON.stringify(out))
