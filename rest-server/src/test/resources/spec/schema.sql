-- The spec suite's schema "test": the relations and functions whose answers PostgREST's spec files
-- assert (names and shapes follow the requests of those files; the DDL is written for rest-server).
DROP SCHEMA IF EXISTS test CASCADE;
CREATE SCHEMA test;
SET search_path = test;

CREATE TABLE items (id bigserial PRIMARY KEY);

CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE projects (id integer PRIMARY KEY, name text NOT NULL,
                       client_id integer CONSTRAINT client REFERENCES clients (id));
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE tasks (id integer PRIMARY KEY, name text NOT NULL,
                    project_id integer CONSTRAINT project REFERENCES projects (id));
CREATE TABLE users_projects (user_id integer NOT NULL REFERENCES users (id),
                             project_id integer NOT NULL REFERENCES projects (id),
                             PRIMARY KEY (project_id, user_id));
CREATE TABLE users_tasks (user_id integer NOT NULL REFERENCES users (id),
                          task_id integer NOT NULL REFERENCES tasks (id),
                          PRIMARY KEY (task_id, user_id));

-- Two foreign keys to one table: an embedding needs a hint.
CREATE TABLE addresses (id integer PRIMARY KEY, address text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, name text NOT NULL,
                     billing_address_id integer CONSTRAINT orders_billing_address_id_fkey REFERENCES addresses (id),
                     shipping_address_id integer CONSTRAINT orders_shipping_address_id_fkey REFERENCES addresses (id));
-- One-to-one: the key is also unique.
CREATE TABLE country (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE capital (id integer PRIMARY KEY, name text NOT NULL,
                      country_id integer NOT NULL UNIQUE REFERENCES country (id));

CREATE TABLE complex_items (id bigint NOT NULL, name text, settings json, arr_data integer[],
                            "field-with_sep" integer DEFAULT 1 NOT NULL);
CREATE TABLE json_table (data json);
CREATE TABLE json_arr (id integer PRIMARY KEY, data json);
CREATE TABLE jsonb_test (id integer PRIMARY KEY, data jsonb);
CREATE TYPE complex AS (r double precision, i double precision);
CREATE TABLE fav_numbers (num complex, person text);
CREATE TABLE arrays (id integer PRIMARY KEY, numbers integer[], numbers_mult integer[][]);

CREATE TABLE tsearch (text_search_vector tsvector);
CREATE TABLE entities (id integer PRIMARY KEY, name text, arr integer[], text_search_vector tsvector);
CREATE TABLE child_entities (id integer PRIMARY KEY, name text, parent_id integer REFERENCES entities (id));
CREATE TABLE grandchild_entities (id integer PRIMARY KEY, name text, parent_id integer REFERENCES child_entities (id),
                                  or_starting_col text, and_starting_col text, jsonb_col jsonb);
CREATE TABLE ranges (id integer PRIMARY KEY, range int4range);

CREATE TABLE no_pk (a character varying, b character varying);
CREATE TABLE only_pk (id integer PRIMARY KEY);
CREATE TABLE tiobe_pls (name text PRIMARY KEY, rank smallint);
CREATE TABLE employees (first_name text, last_name text, salary money, company text, occupation text,
                        PRIMARY KEY (first_name, last_name));
CREATE TYPE enum_menagerie_type AS ENUM ('foo', 'bar');
CREATE TABLE menagerie ("integer" integer PRIMARY KEY, double double precision NOT NULL,
                        "varchar" character varying NOT NULL, "boolean" boolean NOT NULL, date date NOT NULL,
                        money money NOT NULL, enum enum_menagerie_type NOT NULL);
-- Defaults for Prefer: missing=default.
CREATE TABLE defaults (id serial PRIMARY KEY, label text DEFAULT 'unnamed', amount integer DEFAULT 10, note text);

-- Computed columns: functions over a row of items.
CREATE FUNCTION always_true(test.items) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT true $$;
CREATE FUNCTION anti_id(test.items) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT $1.id * -1 $$;
CREATE FUNCTION full_name(test.clients) RETURNS text LANGUAGE sql STABLE AS $$ SELECT $1.name || ' (' || $1.id || ')' $$;

-- Functions for RPC.
CREATE FUNCTION getitemrange(min bigint, max bigint) RETURNS SETOF test.items LANGUAGE sql STABLE AS
    $$ SELECT * FROM test.items WHERE id > $1 AND id <= $2 $$;
CREATE FUNCTION sayhello(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'Hello, ' || $1 $$;
CREATE FUNCTION ret_setof_integers() RETURNS SETOF integer LANGUAGE sql IMMUTABLE AS $$ VALUES (1), (2), (3) $$;
CREATE FUNCTION ret_enum(val text) RETURNS test.enum_menagerie_type LANGUAGE sql IMMUTABLE AS
    $$ SELECT val::test.enum_menagerie_type $$;
CREATE FUNCTION ret_range(low integer, up integer) RETURNS int4range LANGUAGE sql IMMUTABLE AS $$ SELECT int4range(low, up) $$;
CREATE FUNCTION ret_void() RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION ret_null() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT NULL::integer $$;
CREATE FUNCTION returns_record() RETURNS record LANGUAGE sql STABLE AS
    $$ SELECT * FROM test.projects ORDER BY id LIMIT 1 $$;
CREATE FUNCTION returns_setof_record() RETURNS SETOF record LANGUAGE sql STABLE AS
    $$ SELECT * FROM test.projects ORDER BY id LIMIT 2 $$;
CREATE FUNCTION single_out_param(num integer, OUT num_plus_one integer) LANGUAGE sql IMMUTABLE AS
    $$ SELECT num + 1 $$;
CREATE FUNCTION single_json_out_param(a integer, b text, OUT my_json json) LANGUAGE sql IMMUTABLE AS
    $$ SELECT json_build_object('a', a, 'b', b) $$;
CREATE FUNCTION single_inout_param(INOUT num integer) LANGUAGE sql IMMUTABLE AS $$ SELECT num + 1 $$;
CREATE FUNCTION many_out_params(OUT my_json json, OUT num integer, OUT str text) LANGUAGE sql IMMUTABLE AS
    $$ SELECT '{"a": 1, "b": "two"}'::json, 3, 'four'::text $$;
CREATE FUNCTION single_column_table_return() RETURNS TABLE (a text) LANGUAGE sql IMMUTABLE AS $$ SELECT 'A'::text $$;
CREATE FUNCTION multi_column_table_return() RETURNS TABLE (a text, b text) LANGUAGE sql IMMUTABLE AS
    $$ SELECT 'A'::text, 'B'::text $$;
CREATE FUNCTION variadic_param(VARIADIC v text[] DEFAULT '{}') RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT v $$;
CREATE FUNCTION ret_point_2d() RETURNS test.complex LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(10, 5)::test.complex $$;
CREATE FUNCTION get_projects_below(id integer) RETURNS SETOF test.projects LANGUAGE sql STABLE AS
    $$ SELECT * FROM test.projects WHERE projects.id < $1 $$;
CREATE FUNCTION get_guc_value(prefix text, name text) RETURNS text LANGUAGE sql STABLE AS
    $$ SELECT nullif(current_setting(prefix, true), '')::json ->> name $$;
CREATE FUNCTION get_guc(name text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_setting(name, true) $$;
-- PostgREST's response.status and response.headers, set from SQL.
CREATE FUNCTION send_status_and_headers() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('response.status', '202', true);
    PERFORM set_config('response.headers', '[{"X-Custom-Header": "done"}, {"Cache-Control": "no-cache"}]', true);
    RETURN 'accepted';
END $$;
CREATE FUNCTION bad_status() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('response.status', 'not a number', true);
    RETURN 'x';
END $$;
CREATE FUNCTION raise_pt402() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE sqlstate 'PT402' USING message = 'Payment Required', detail = 'Quota exceeded', hint = 'Upgrade your plan';
END $$;
-- A table whose writes set the status (as a trigger would in PostgREST's spec).
CREATE FUNCTION volatile_add(a integer, b integer) RETURNS integer LANGUAGE sql VOLATILE AS $$ SELECT a + b $$;

-- Preferences (TimezoneSpec, MaxAffectedSpec, HandlingSpec).
CREATE TABLE timestamps (t timestamptz);
CREATE TABLE organizations (id integer PRIMARY KEY, name text, referee integer, auditor integer, manager_id integer);
CREATE FUNCTION delete_items_returns_setof() RETURNS SETOF test.items LANGUAGE sql AS
    $$ DELETE FROM test.items RETURNING * $$;
CREATE FUNCTION delete_items_returns_table() RETURNS TABLE (id bigint) LANGUAGE sql AS
    $$ DELETE FROM test.items AS i RETURNING i.id $$;
CREATE FUNCTION delete_items_returns_void() RETURNS void LANGUAGE sql AS
    $$ DELETE FROM test.items $$;

-- DeleteSpec: a one-to-one over a two-column key, a table with column privileges, artists' albums.
CREATE TABLE students (id integer, code text, name text, PRIMARY KEY (id, code));
CREATE TABLE students_info (id integer, code text, address text, PRIMARY KEY (id, code),
                            FOREIGN KEY (code, id) REFERENCES students (code, id) ON DELETE CASCADE);
CREATE TABLE app_users (id integer PRIMARY KEY, email text UNIQUE NOT NULL, password text NOT NULL);
CREATE TABLE artists (id integer PRIMARY KEY, name text);
CREATE TABLE albums (id integer PRIMARY KEY, title text,
                     artist_id integer CONSTRAINT fk_artist REFERENCES artists (id) ON UPDATE CASCADE ON DELETE CASCADE);

-- SingularSpec: a view of projects, functions returning projects.
CREATE VIEW projects_view AS SELECT projects.id, projects.name, projects.client_id FROM test.projects;
CREATE FUNCTION getproject(id integer) RETURNS SETOF test.projects LANGUAGE sql AS
    $$ SELECT * FROM test.projects WHERE id = $1 $$;
CREATE FUNCTION getallprojects() RETURNS SETOF test.projects LANGUAGE sql AS
    $$ SELECT * FROM test.projects $$ ROWS 2019;
CREATE FUNCTION setprojects(id_l integer, id_h integer, name text) RETURNS SETOF test.projects LANGUAGE sql AS
    $$ UPDATE test.projects SET name = $3 WHERE id >= $1 AND id <= $2 RETURNING * $$;

-- QueryLimitedSpec and RangeSpec: views over functions whose planned rows differ from their rows.
CREATE FUNCTION get_projects_above(id integer) RETURNS SETOF test.projects LANGUAGE sql AS
    $$ SELECT * FROM test.projects WHERE id > $1 $$ ROWS 1;
CREATE VIEW getallprojects_view AS SELECT * FROM test.getallprojects();
CREATE VIEW get_projects_above_view AS SELECT * FROM test.get_projects_above(1);

-- AndOrParamsSpec: full-text search on text and jsonb columns (searched through to_tsvector).
CREATE TABLE tsearch_to_tsvector (text_search text, jsonb_search jsonb);

-- JsonOperatorSpec: a TABLE function with a composite column.
CREATE FUNCTION returns_complex() RETURNS TABLE (id integer, val test.complex) LANGUAGE sql AS $$
    SELECT 1, ROW(0.1, 0.5)::test.complex UNION SELECT 2, ROW(0.2, 0.6)::test.complex UNION SELECT 3, ROW(0.3, 0.7)::test.complex
$$;

-- ErrorSpec: a cardinality violation, a recursion PostgreSQL stops, a raised PostgREST error.
CREATE VIEW bad_subquery AS SELECT * FROM test.projects WHERE id = (SELECT id FROM test.projects);
CREATE TABLE infinite_inserts (id integer, name text);
CREATE FUNCTION infinite_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO test.infinite_inserts VALUES (NEW.id, NEW.name);
END $$;
CREATE TRIGGER do_infinite_inserts AFTER INSERT ON infinite_inserts FOR EACH ROW EXECUTE PROCEDURE test.infinite_inserts();
CREATE FUNCTION raise_sqlstate_test1() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE SQLSTATE 'PGRST' USING
        message = '{"code":"123","message":"ABC","details":"DEF","hint":"XYZ"}',
        detail = '{"status":332,"status_text":"My Custom Status","headers":{"X-Header":"str"}}';
END $$;
-- A table only an authenticated role may read (the JWT cases ask for it).
CREATE TABLE authors_only (owner varchar NOT NULL, secret varchar NOT NULL);

-- HandlingSpec: overloads of one name, one without parameters (what a call with {} means).
CREATE DOMAIN "application/octet-stream" AS bytea;
CREATE DOMAIN "text/plain" AS text;
-- Function bodies name the domains with their schema: rest-server does not set a per-request search_path (docs/rest-server.md).
CREATE FUNCTION overloaded_unnamed_param(json) RETURNS json LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION overloaded_unnamed_param(bytea) RETURNS "application/octet-stream" LANGUAGE sql AS
    $$ SELECT $1::test."application/octet-stream" $$;
CREATE FUNCTION overloaded_unnamed_param(text) RETURNS "text/plain" LANGUAGE sql AS $$ SELECT $1::test."text/plain" $$;
CREATE FUNCTION overloaded_unnamed_param() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION overloaded_unnamed_param(x integer, y integer) RETURNS integer LANGUAGE sql AS $$ SELECT x + y $$;

-- OptionsSpec: what OPTIONS allows. A partitioned table; views PostgreSQL updates itself (with and
-- without the key), views it cannot (DISTINCT) and the same with INSTEAD OF triggers for some writes.
CREATE TABLE car_models (name varchar(64) NOT NULL, year integer NOT NULL) PARTITION BY LIST (year);
CREATE TABLE car_models_2021 PARTITION OF car_models FOR VALUES IN (2021);
CREATE TABLE car_models_default PARTITION OF car_models FOR VALUES IN (1981, 1997, 2001, 2013);
ALTER TABLE car_models ADD PRIMARY KEY (name, year);
CREATE VIEW projects_auto_updatable_view_with_pk AS SELECT id, name, client_id FROM test.projects;
CREATE VIEW projects_auto_updatable_view_without_pk AS SELECT name, client_id FROM test.projects;
CREATE VIEW projects_view_without_triggers AS SELECT DISTINCT id, name, client_id FROM test.projects;
CREATE FUNCTION ignore_view_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE VIEW projects_view_with_all_triggers_with_pk AS SELECT DISTINCT id, name, client_id FROM test.projects;
CREATE TRIGGER on_insert INSTEAD OF INSERT ON projects_view_with_all_triggers_with_pk
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE TRIGGER on_update INSTEAD OF UPDATE ON projects_view_with_all_triggers_with_pk
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE TRIGGER on_delete INSTEAD OF DELETE ON projects_view_with_all_triggers_with_pk
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE VIEW projects_view_with_all_triggers_without_pk AS SELECT DISTINCT name, client_id FROM test.projects;
CREATE TRIGGER on_insert INSTEAD OF INSERT ON projects_view_with_all_triggers_without_pk
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE TRIGGER on_update INSTEAD OF UPDATE ON projects_view_with_all_triggers_without_pk
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE TRIGGER on_delete INSTEAD OF DELETE ON projects_view_with_all_triggers_without_pk
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE VIEW projects_view_with_insert_trigger AS SELECT DISTINCT id, name, client_id FROM test.projects;
CREATE TRIGGER on_insert INSTEAD OF INSERT ON projects_view_with_insert_trigger
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE VIEW projects_view_with_update_trigger AS SELECT DISTINCT id, name, client_id FROM test.projects;
CREATE TRIGGER on_update INSTEAD OF UPDATE ON projects_view_with_update_trigger
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
CREATE VIEW projects_view_with_delete_trigger AS SELECT DISTINCT id, name, client_id FROM test.projects;
CREATE TRIGGER on_delete INSTEAD OF DELETE ON projects_view_with_delete_trigger
    FOR EACH ROW EXECUTE PROCEDURE test.ignore_view_write();
-- A volatile, a stable and an immutable function.
CREATE FUNCTION reset_table(tbl_name text DEFAULT '', tbl_data json DEFAULT '[]') RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    EXECUTE format('DELETE FROM test.%I', tbl_name);
    EXECUTE format('INSERT INTO test.%I SELECT * FROM json_populate_recordset(NULL::test.%I, $1)', tbl_name, tbl_name) USING tbl_data;
END $$;
CREATE FUNCTION getallusers() RETURNS SETOF test.users LANGUAGE sql STABLE AS $$ SELECT * FROM test.users $$;
CREATE FUNCTION jwt_test() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'immutable' $$;
-- CorsSpec: a table asked for with another media type (PostgREST's has a PostGIS column; not needed here).
CREATE TABLE shops (id integer PRIMARY KEY, address text);

-- UnicodeSpec: a schema, a table and a column named in Arabic and Persian.
CREATE SCHEMA تست;
CREATE TABLE تست.موارد (هویت bigint);

-- EmbedInnerJoinSpec: views of the API schema over tables of a private one (books by authors and
-- publishers; actors and films through a junction), a many-to-many chain (products, suppliers, trade
-- unions) and a table with two one-to-many relationships (client, contact, clientinfo).
DROP SCHEMA IF EXISTS private CASCADE;
CREATE SCHEMA private;
CREATE TABLE private.authors (id integer PRIMARY KEY, name text);
CREATE TABLE private.publishers (id integer PRIMARY KEY, name text);
CREATE TABLE private.books (id integer PRIMARY KEY, title text, publication_year smallint,
                            author_id integer REFERENCES private.authors (id),
                            first_publisher_id integer REFERENCES private.publishers (id));
CREATE VIEW test.authors AS SELECT id, name FROM private.authors;
CREATE VIEW test.publishers AS SELECT id, name FROM private.publishers;
CREATE VIEW test.books AS SELECT id, title, publication_year, author_id, first_publisher_id FROM private.books;
CREATE TABLE private.actors (id integer CONSTRAINT actors_id PRIMARY KEY, name text);
CREATE TABLE private.films (id integer CONSTRAINT films_id PRIMARY KEY, title text);
CREATE TABLE private.personnages (film_id integer NOT NULL CONSTRAINT personnages_film_id_fkey REFERENCES private.films (id),
                                  role_id integer NOT NULL CONSTRAINT personnages_role_id_fkey REFERENCES private.actors (id),
                                  character text NOT NULL, PRIMARY KEY (film_id, role_id));
CREATE VIEW test.actors AS SELECT * FROM private.actors;
CREATE VIEW test.films AS SELECT * FROM private.films;
CREATE VIEW test.personnages AS SELECT * FROM private.personnages;
CREATE TABLE products (id integer PRIMARY KEY, name text);
CREATE TABLE suppliers (id integer PRIMARY KEY, name text);
CREATE TABLE products_suppliers (product_id integer REFERENCES products (id), supplier_id integer REFERENCES suppliers (id),
                                 PRIMARY KEY (product_id, supplier_id));
CREATE TABLE trade_unions (id integer PRIMARY KEY, name text);
CREATE TABLE suppliers_trade_unions (supplier_id integer REFERENCES suppliers (id),
                                     trade_union_id integer REFERENCES trade_unions (id),
                                     PRIMARY KEY (supplier_id, trade_union_id));
CREATE TABLE client (id integer PRIMARY KEY, name text);
CREATE TABLE contact (id integer PRIMARY KEY, name text, clientid integer REFERENCES client (id));
CREATE TABLE clientinfo (id serial PRIMARY KEY, clientid integer REFERENCES client (id), other text);

-- RollbackSpec: a read by RPC, and a unique constraint that is checked at once or, when the function
-- defers it, at the end of the transaction (rest-server checks it before a rollback too, as PostgREST).
CREATE FUNCTION test.search(id bigint) RETURNS SETOF test.items LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT items.id FROM test.items WHERE items.id = search.id;
END $$;
CREATE TABLE test.deferrable_unique_constraint (col integer UNIQUE DEFERRABLE INITIALLY IMMEDIATE);
CREATE FUNCTION test.raise_constraint(deferred boolean DEFAULT false) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF deferred THEN
        SET CONSTRAINTS ALL DEFERRED;
    END IF;
    INSERT INTO test.deferrable_unique_constraint VALUES (1), (1);
END $$;

-- HttpHeaderSpec and RpcPreRequestGucsSpec: pre-request functions (db.pre_request) that set response
-- headers from the request's method, path and headers. custom_vary_hdr sets its header for the session,
-- as PostgREST's fixture does.
CREATE FUNCTION test.custom_vary_hdr() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('response.headers', '[{"Vary": "X-Test-Accept"}]', false);
END $$;
CREATE FUNCTION test.custom_headers() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    user_agent text := current_setting('request.headers', true)::json ->> 'user-agent';
    req_path text := current_setting('request.path', true);
    req_accept text := current_setting('request.headers', true)::json ->> 'accept';
    req_method text := current_setting('request.method', true);
BEGIN
    IF user_agent SIMILAR TO 'MSIE (6.0|7.0)' THEN
        PERFORM set_config('response.headers', '[{"Cache-Control": "no-cache, no-store, must-revalidate"}]', true);
    ELSIF req_path SIMILAR TO '/(items|projects)' AND req_accept = 'text/csv' THEN
        PERFORM set_config('response.headers',
            format('[{"Content-Disposition": "attachment; filename=%s.csv"}]', trim('/' FROM req_path)), true);
    ELSIF req_path SIMILAR TO '/(clients|rpc/getallprojects)' THEN
        PERFORM set_config('response.headers', '[{"Content-Type": "application/custom+json"}]', true);
    ELSIF req_path = '/items' AND req_method SIMILAR TO 'POST|PATCH|PUT|DELETE' THEN
        PERFORM set_config('response.headers', '[{"X-Custom-Header": "mykey=myval"}]', true);
    END IF;
END $$;

-- UpsertSpec: car brands of the partitioned car_models, a view over a private table, unique keys
-- other than the primary key, surrogate keys from a sequence and from identities (one table named in
-- mixed case), a camel case key, and a self-referencing table.
CREATE TABLE test.car_brands (name varchar(64) PRIMARY KEY);
ALTER TABLE test.car_models ADD COLUMN car_brand_name varchar(64) REFERENCES test.car_brands (name);
CREATE TABLE private.articles (id integer PRIMARY KEY, body text, owner name NOT NULL);
CREATE VIEW test.articles AS SELECT articles.id, articles.body, articles.owner FROM private.articles;
CREATE TABLE test.single_unique (unique_key integer UNIQUE NOT NULL, value text);
CREATE TABLE test.compound_unique (key1 integer NOT NULL, key2 integer NOT NULL, value text, UNIQUE (key1, key2));
CREATE TABLE test.surr_serial_upsert (id serial PRIMARY KEY, name text, extra text);
CREATE TABLE test.surr_gen_default_upsert (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text, extra text);
CREATE TABLE test."Surr_Gen_Default_Upsert" (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text, extra text);
CREATE TABLE test."UnitTest" ("idUnitTest" integer PRIMARY KEY, "nameUnitTest" text);
CREATE TABLE test.web_content (id integer PRIMARY KEY, name text, p_web_id integer REFERENCES test.web_content (id));

-- MultipleSchemaSpec: a server exposing v1, v2 and a schema whose name holds quotes, a backslash and
-- other punctuation. v1 and v2 have tables of the same names (parents and children, the children's key
-- to their parent named "parent") and a function of the same name; only v2 has another_table.
-- AggregateFunctionsSpec: invoices per project, budgets (numeric sums), a jsonb value to cast.
CREATE TABLE test.project_invoices (id integer PRIMARY KEY, invoice_total numeric,
                                    project_id integer REFERENCES test.projects (id));
CREATE TABLE test.trash (id integer PRIMARY KEY);
CREATE TABLE test.trash_details (id integer PRIMARY KEY REFERENCES test.trash (id), jsonb_col jsonb);
CREATE TABLE test.budget_categories (id integer PRIMARY KEY, category_name text, budget_owner text, budget_amount numeric);
CREATE TABLE test.budget_expenses (id integer PRIMARY KEY, expense_amount numeric,
                                   budget_category_id integer REFERENCES test.budget_categories (id));
-- Spreads and aggregates over spreads: processes of factories, each of a category, with at most one
-- cost (its key is the process), and supervisors through a junction.
CREATE TABLE test.factories (id integer PRIMARY KEY, name text);
CREATE TABLE test.process_categories (id integer PRIMARY KEY, name text);
CREATE TABLE test.processes (id integer PRIMARY KEY, name text, factory_id integer REFERENCES test.factories (id),
                             category_id integer REFERENCES test.process_categories (id));
CREATE TABLE test.process_costs (process_id integer PRIMARY KEY REFERENCES test.processes (id), cost numeric);
CREATE TABLE test.supervisors (id integer PRIMARY KEY, name text);
CREATE TABLE test.process_supervisor (process_id integer REFERENCES test.processes (id),
                                      supervisor_id integer REFERENCES test.supervisors (id),
                                      PRIMARY KEY (process_id, supervisor_id));

-- ComputedRelsSpec: relationships defined by functions of a row. Designers of videogames (to-one:
-- SETOF with ROWS 1, or one row), their videogames (to-many), a self-referencing pair, functions named
-- after a related table that replace the foreign keys' relationships (and answer no rows), a pair of
-- tables whose two keys would be ambiguous but for such functions, functions across ordinary foreign
-- keys (aliasing), and one name over two tables (overloads).
CREATE TABLE test.designers (id integer PRIMARY KEY, name text);
CREATE TABLE test.videogames (id integer PRIMARY KEY, name text, designer_id integer REFERENCES test.designers (id));
CREATE FUNCTION test.computed_designers(v test.videogames) RETURNS SETOF test.designers LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT d.* FROM test.designers d WHERE d.id = v.designer_id $$;
CREATE FUNCTION test.computed_designers_noset(v test.videogames) RETURNS test.designers LANGUAGE sql STABLE
    AS $$ SELECT d.* FROM test.designers d WHERE d.id = v.designer_id $$;
CREATE FUNCTION test.computed_videogames(d test.designers) RETURNS SETOF test.videogames LANGUAGE sql STABLE
    AS $$ SELECT v.* FROM test.videogames v WHERE v.designer_id = d.id $$;
CREATE FUNCTION test.getallvideogames() RETURNS SETOF test.videogames LANGUAGE sql STABLE
    AS $$ SELECT * FROM test.videogames $$;
CREATE FUNCTION test.getalldesigners() RETURNS SETOF test.designers LANGUAGE sql STABLE
    AS $$ SELECT * FROM test.designers $$;
CREATE FUNCTION test.child_web_content(w test.web_content) RETURNS SETOF test.web_content LANGUAGE sql STABLE
    AS $$ SELECT c.* FROM test.web_content c WHERE c.p_web_id = w.id $$;
CREATE FUNCTION test.parent_web_content(w test.web_content) RETURNS SETOF test.web_content LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT p.* FROM test.web_content p WHERE p.id = w.p_web_id $$;
CREATE FUNCTION test.designers(v test.videogames) RETURNS SETOF test.designers LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT d.* FROM test.designers d WHERE false $$;
CREATE FUNCTION test.videogames(d test.designers) RETURNS SETOF test.videogames LANGUAGE sql STABLE
    AS $$ SELECT v.* FROM test.videogames v WHERE false $$;
CREATE TABLE test.second_1 (id integer PRIMARY KEY, name text);
CREATE TABLE test.first_1 (id integer PRIMARY KEY, name text,
                           second_id_1 integer UNIQUE REFERENCES test.second_1 (id),
                           second_id_2 integer UNIQUE REFERENCES test.second_1 (id));
CREATE FUNCTION test.second_1(f test.first_1) RETURNS SETOF test.second_1 LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT s.* FROM test.second_1 s WHERE s.id = f.second_id_1 $$;
CREATE FUNCTION test.first_1(s test.second_1) RETURNS SETOF test.first_1 LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT f.* FROM test.first_1 f WHERE f.second_id_1 = s.id $$;
CREATE TABLE test.fee (fee_id integer PRIMARY KEY);
CREATE TABLE test.baz (baz_id integer PRIMARY KEY);
CREATE TABLE test.janedoe (janedoe_id integer PRIMARY KEY, baz_id integer REFERENCES test.baz (baz_id));
CREATE TABLE test.johnsmith (johnsmith_id integer PRIMARY KEY, fee_id integer REFERENCES test.fee (fee_id),
                             baz_id integer REFERENCES test.baz (baz_id));
CREATE FUNCTION test.jsbaz(f test.fee) RETURNS SETOF test.baz LANGUAGE sql STABLE
    AS $$ SELECT b.* FROM test.baz b JOIN test.johnsmith j ON j.baz_id = b.baz_id WHERE j.fee_id = f.fee_id $$;
CREATE FUNCTION test.computed_clients(p test.projects) RETURNS SETOF test.clients LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT c.* FROM test.clients c WHERE c.id = p.client_id $$;
CREATE FUNCTION test.computed_projects(c test.clients) RETURNS SETOF test.projects LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT p.* FROM test.projects p WHERE p.client_id = c.id $$;
CREATE TABLE test.items2 (id bigserial PRIMARY KEY);
CREATE FUNCTION test.computed_rel_overload(i test.items) RETURNS SETOF test.items2 LANGUAGE sql STABLE
    AS $$ SELECT * FROM test.items2 ORDER BY id LIMIT 1 $$;
CREATE FUNCTION test.computed_rel_overload(i test.items2) RETURNS SETOF test.items2 LANGUAGE sql STABLE
    AS $$ SELECT * FROM test.items2 ORDER BY id LIMIT 2 $$;
-- QuerySpec: a computed column of one name over two tables.
CREATE FUNCTION test.computed_overload(i test.items) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT true $$;
CREATE FUNCTION test.computed_overload(i test.items2) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT true $$;
CREATE FUNCTION test.search2(id bigint) RETURNS SETOF test.items2 LANGUAGE sql STABLE
    AS $$ SELECT i.* FROM test.items2 i WHERE i.id = search2.id $$;

DROP SCHEMA IF EXISTS v1 CASCADE;
DROP SCHEMA IF EXISTS v2 CASCADE;
DROP SCHEMA IF EXISTS "SPECIAL ""@/\#~_-" CASCADE;
CREATE SCHEMA v1;
CREATE SCHEMA v2;
CREATE SCHEMA "SPECIAL ""@/\#~_-";
CREATE TABLE v1.parents (id integer PRIMARY KEY, name text);
CREATE TABLE v1.children (id integer PRIMARY KEY, name text,
                          parent_id integer CONSTRAINT parent REFERENCES v1.parents (id));
CREATE FUNCTION v1.get_parents_below(id integer) RETURNS SETOF v1.parents LANGUAGE sql
    AS $$ SELECT * FROM v1.parents p WHERE p.id < get_parents_below.id $$;
CREATE TABLE v2.parents (id integer PRIMARY KEY, name text);
CREATE TABLE v2.children (id integer PRIMARY KEY, name text,
                          parent_id integer CONSTRAINT parent REFERENCES v2.parents (id));
CREATE TABLE v2.another_table (id integer PRIMARY KEY, another_value text);
CREATE FUNCTION v2.get_parents_below(id integer) RETURNS SETOF v2.parents LANGUAGE sql
    AS $$ SELECT * FROM v2.parents p WHERE p.id < get_parents_below.id $$;
CREATE TABLE "SPECIAL ""@/\#~_-".languages (id integer PRIMARY KEY, name text);
CREATE TABLE "SPECIAL ""@/\#~_-".names (id integer PRIMARY KEY, name text,
                                          language_id integer REFERENCES "SPECIAL ""@/\#~_-".languages (id));
-- A computed relationship in that schema (its name quoted in the statement that calls it).
CREATE FUNCTION "SPECIAL ""@/\#~_-".computed_languages(n "SPECIAL ""@/\#~_-".names)
    RETURNS SETOF "SPECIAL ""@/\#~_-".languages LANGUAGE sql STABLE ROWS 1
    AS $$ SELECT l.* FROM "SPECIAL ""@/\#~_-".languages l WHERE l.id = n.language_id $$;

-- CustomMediaSpec: media type handlers. A domain named as a media type is what a function or an
-- aggregate answers for that type ("*/*": any type, as application/octet-stream). The engine has no
-- PostGIS: a line's geometry is the text PostGIS prints for it (hex EWKB), and the few functions the
-- handlers need of it (its points, its TWKB) are written here in SQL.
CREATE DOMAIN test."text/html" AS text;
CREATE DOMAIN test."text/xml" AS pg_catalog.xml;
CREATE DOMAIN test."image/png" AS bytea;
CREATE DOMAIN test."application/vnd.twkb" AS bytea;
CREATE DOMAIN test."application/openapi+json" AS json;
CREATE DOMAIN test."application/geo+json" AS jsonb;
CREATE DOMAIN test."application/vnd.geo2+json" AS jsonb;
CREATE DOMAIN test."application/json" AS json;
CREATE DOMAIN test."application/vnd.pgrst.object" AS json;
CREATE DOMAIN test."text/tab-separated-values" AS text;
CREATE DOMAIN test."text/csv" AS text;
CREATE DOMAIN test."*/*" AS bytea;
CREATE DOMAIN test."pg/outfunc" AS text;

CREATE FUNCTION test.welcome() RETURNS test."text/plain" LANGUAGE sql AS $$ SELECT 'Welcome to PostgREST'::test."text/plain" $$;
CREATE FUNCTION test.welcome_twice() RETURNS SETOF test."text/plain" LANGUAGE sql
    AS $$ SELECT 'Welcome to PostgREST'::test."text/plain" FROM generate_series(1, 2) $$;
CREATE FUNCTION test."welcome.html"() RETURNS test."text/html" LANGUAGE sql AS $f$ SELECT $$
<html>
  <head>
    <title>PostgREST</title>
  </head>
  <body>
    <h1>Welcome to PostgREST</h1>
  </body>
</html>
$$::test."text/html" $f$;
-- PostgREST's starts with a newline, which its PostgreSQL's libxml drops and PostgreSQL 15's here keeps.
CREATE FUNCTION test."welcome.xml"() RETURNS test."text/xml" LANGUAGE sql AS $f$ SELECT $$<html>
  <head>
    <title>PostgREST</title>
  </head>
  <body>
    <h1>Welcome to PostgREST</h1>
  </body>
</html>$$::test."text/xml" $f$;
CREATE FUNCTION test.return_scalar_xml() RETURNS test."text/xml" LANGUAGE sql AS $$ SELECT '<my-xml-tag/>'::test."text/xml" $$;

CREATE TABLE test.images (name text PRIMARY KEY, img bytea NOT NULL);
CREATE FUNCTION test.ret_image() RETURNS test."image/png" LANGUAGE sql
    AS $$ SELECT i.img::test."image/png" FROM test.images i WHERE i.name = 'A.png' $$;

-- XML rows concatenated.
CREATE TABLE test.xmltest (id integer PRIMARY KEY, xml pg_catalog.xml NOT NULL);
CREATE FUNCTION test.xml_concat_step(acc test."text/xml", r test.xmltest) RETURNS test."text/xml" LANGUAGE sql
    AS $$ SELECT pg_catalog.xmlconcat2(acc, r.xml)::test."text/xml" $$;
CREATE FUNCTION test.xml_concat_done(acc test."text/xml") RETURNS test."text/xml" LANGUAGE sql AS $$ SELECT acc $$;
CREATE AGGREGATE test.text_xml_agg(test.xmltest) (stype = test."text/xml", sfunc = test.xml_concat_step,
    finalfunc = test.xml_concat_done);

-- Lines. geom: hex EWKB of a LINESTRING with an SRID (byte order, type, SRID, point count, then x, y doubles).
CREATE TABLE test.lines (id integer PRIMARY KEY, name text, geom text);
-- A little-endian IEEE 754 double from its 16 hex digits.
CREATE FUNCTION test.ewkb_double(hex text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN (v >> 52) & 2047 = 0 THEN 0
                ELSE (CASE WHEN v < 0 THEN -1 ELSE 1 END * (1 + (v & 4503599627370495)::numeric / 4503599627370496)
                      * power(2::numeric, ((v >> 52) & 2047) - 1023))::float8 END
      FROM (SELECT ('x' || string_agg(substr(hex, 2 * k + 1, 2), '' ORDER BY k DESC))::bit(64)::bigint AS v
              FROM generate_series(0, 7) k) d $$;
-- A line's coordinates, x1, y1, x2, y2, ...
CREATE FUNCTION test.line_coordinates(geom text) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(test.ewkb_double(substr(geom, 27 + 16 * k, 16)) ORDER BY k)
      FROM generate_series(0, 2 * (SELECT ('x' || string_agg(substr(geom, 19 + 2 * k, 2), '' ORDER BY k DESC))::bit(32)::int
                                     FROM generate_series(0, 3) k) - 1) k $$;
-- TWKB's unsigned variable-length integer (a signed value is zigzag-encoded first).
CREATE FUNCTION test.twkb_varint(z bigint) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    out bytea := '';
BEGIN
    LOOP
        IF z < 128 THEN
            RETURN out || set_byte('\x00'::bytea, 0, z::int);
        END IF;
        out := out || set_byte('\x00'::bytea, 0, ((z & 127) | 128)::int);
        z := z >> 7;
    END LOOP;
END $$;
-- A line as TWKB with 5 decimal digits (header: type 2, precision 5; no metadata; the points as deltas).
CREATE FUNCTION test.line_twkb(geom text) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    c float8[] := test.line_coordinates(geom);
    out bytea := '\xa200'::bytea || test.twkb_varint(array_length(c, 1) / 2);
    prev bigint[] := ARRAY[0, 0];
    v bigint;
BEGIN
    FOR i IN 1 .. array_length(c, 1) LOOP
        v := round(c[i] * 100000);
        out := out || test.twkb_varint(((v - prev[(i - 1) % 2 + 1]) << 1) # ((v - prev[(i - 1) % 2 + 1]) >> 63));
        prev[(i - 1) % 2 + 1] := v;
    END LOOP;
    RETURN out;
END $$;
-- A line as a GeoJSON feature, its other columns as properties.
CREATE FUNCTION test.line_feature(l test.lines) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('type', 'Feature',
               'geometry', jsonb_build_object('type', 'LineString', 'coordinates',
                   (SELECT jsonb_agg(jsonb_build_array(c[2 * k + 1], c[2 * k + 2]) ORDER BY k)
                      FROM (SELECT test.line_coordinates(l.geom) AS c) p, generate_series(0, array_length(c, 1) / 2 - 1) k)),
               'properties', jsonb_build_object('id', l.id, 'name', l.name)) $$;
CREATE FUNCTION test.get_lines() RETURNS SETOF test.lines LANGUAGE sql AS $$ SELECT * FROM test.lines $$;
CREATE FUNCTION test.get_line(id integer) RETURNS test."application/vnd.twkb" LANGUAGE sql
    AS $$ SELECT test.line_twkb(l.geom)::test."application/vnd.twkb" FROM test.lines l WHERE l.id = get_line.id $$;
-- TWKB of the lines, one after the other; the state is the media type already, so no final function.
CREATE FUNCTION test.twkb_step(acc test."application/vnd.twkb", l test.lines) RETURNS test."application/vnd.twkb"
    LANGUAGE sql AS $$ SELECT (acc || test.line_twkb(l.geom))::test."application/vnd.twkb" $$;
CREATE AGGREGATE test.twkb_agg(test.lines) (initcond = '', stype = test."application/vnd.twkb", sfunc = test.twkb_step);
-- application/geo+json for lines: a feature collection with its CRS.
CREATE FUNCTION test.lines_features_step(acc jsonb, l test.lines) RETURNS test."application/geo+json" LANGUAGE sql
    AS $$ SELECT (acc || jsonb_build_array(test.line_feature(l)))::test."application/geo+json" $$;
CREATE FUNCTION test.lines_features_done(acc jsonb) RETURNS test."application/geo+json" LANGUAGE sql AS $$
    SELECT jsonb_build_object('type', 'FeatureCollection',
                              'crs', jsonb_build_object('type', 'name', 'properties', jsonb_build_object('name', 'EPSG:4326')),
                              'features', acc)::test."application/geo+json" $$;
CREATE AGGREGATE test.lines_geojson_agg(test.lines) (initcond = '[]', stype = test."application/geo+json",
    sfunc = test.lines_features_step, finalfunc = test.lines_features_done);
-- text/csv for lines: a byte order mark, a header, and a download's file name.
CREATE FUNCTION test.lines_csv_step(acc text, l test.lines) RETURNS test."text/csv" LANGUAGE sql
    AS $$ SELECT (acc || l.id::text || ',' || l.name || ',' || l.geom || E'\n')::test."text/csv" $$;
CREATE FUNCTION test.lines_csv_done(acc test."text/csv") RETURNS test."text/csv" LANGUAGE sql AS $$
    SELECT set_config('response.headers', '[{"Content-Disposition": "attachment; filename=\"lines.csv\""}]', true);
    SELECT (convert_from('\xefbbbf'::bytea, 'UTF8') || 'id,name,geom' || E'\n' || acc)::test."text/csv" $$;
CREATE AGGREGATE test.bom_csv_agg(test.lines) (initcond = '', stype = test."text/csv", sfunc = test.lines_csv_step,
    finalfunc = test.lines_csv_done);

-- application/vnd.geo2+json for the rows of any relation, and one of its own for shop_bles.
CREATE TABLE test.shop_bles (id integer PRIMARY KEY, name text, coords text, range_area text, shop_id integer);
CREATE FUNCTION test.get_shop_bles() RETURNS SETOF test.shop_bles LANGUAGE sql AS $$ SELECT * FROM test.shop_bles $$;
CREATE FUNCTION test.geo2_any_step(acc test."application/vnd.geo2+json", r anyelement) RETURNS test."application/vnd.geo2+json"
    LANGUAGE sql AS $$ SELECT (acc || jsonb_build_array(to_jsonb(r)))::test."application/vnd.geo2+json" $$;
CREATE FUNCTION test.geo2_any_done(acc test."application/vnd.geo2+json") RETURNS test."application/vnd.geo2+json"
    LANGUAGE sql AS $$ SELECT jsonb_build_object('type', 'FeatureCollection', 'hello', 'world')::test."application/vnd.geo2+json" $$;
CREATE AGGREGATE test.geo2json_agg_any(anyelement) (initcond = '[]', stype = test."application/vnd.geo2+json",
    sfunc = test.geo2_any_step, finalfunc = test.geo2_any_done);
CREATE FUNCTION test.geo2_shop_step(acc test."application/vnd.geo2+json", r test.shop_bles) RETURNS test."application/vnd.geo2+json"
    LANGUAGE sql AS $$ SELECT '"anyelement overridden"'::test."application/vnd.geo2+json" $$;
CREATE AGGREGATE test.geo2json_agg(test.shop_bles) (initcond = '[]', stype = test."application/vnd.geo2+json",
    sfunc = test.geo2_shop_step);

-- application/json replaced for one relation; application/vnd.pgrst.object cannot be.
CREATE TABLE test.ov_json ();
CREATE FUNCTION test.ov_json_step(acc test."application/json", r test.ov_json) RETURNS test."application/json" LANGUAGE sql
    AS $$ SELECT NULL::test."application/json" $$;
CREATE AGGREGATE test.ov_json_agg(test.ov_json) (initcond = '{"overridden": "true"}', stype = test."application/json",
    sfunc = test.ov_json_step);
CREATE FUNCTION test.pgrst_obj_step(acc test."application/vnd.pgrst.object", r anyelement)
    RETURNS test."application/vnd.pgrst.object" LANGUAGE sql AS $$ SELECT NULL::test."application/vnd.pgrst.object" $$;
CREATE AGGREGATE test.pgrst_obj_agg(anyelement) (initcond = '{"overridden": "true"}', stype = test."application/vnd.pgrst.object",
    sfunc = test.pgrst_obj_step);

-- text/tab-separated-values for projects.
CREATE FUNCTION test.tsv_step(acc text, p test.projects) RETURNS test."text/tab-separated-values" LANGUAGE sql
    AS $$ SELECT (acc || p.id::text || E'\t' || p.name || E'\t' || coalesce(p.client_id::text, '') || E'\n')::test."text/tab-separated-values" $$;
CREATE FUNCTION test.tsv_done(acc test."text/tab-separated-values") RETURNS test."text/tab-separated-values" LANGUAGE sql
    AS $$ SELECT (E'id\tname\tclient_id\n' || acc)::test."text/tab-separated-values" $$;
CREATE AGGREGATE test.tsv_agg(test.projects) (initcond = '', stype = test."text/tab-separated-values", sfunc = test.tsv_step,
    finalfunc = test.tsv_done);

-- Any row as its record text, one a line.
CREATE FUNCTION test.outfunc_step(acc text, r anyelement) RETURNS test."pg/outfunc" LANGUAGE sql
    AS $$ SELECT (acc || r::text || E'\n')::test."pg/outfunc" $$;
CREATE AGGREGATE test.outfunc_agg(anyelement) (initcond = '', stype = test."pg/outfunc", sfunc = test.outfunc_step);

-- "*/*": any media type. A function answering every type the same; one choosing by Accept (its
-- Content-Type in response.headers), refusing others with PT406; an aggregate whose prefix follows Accept.
CREATE FUNCTION test.ret_any_mt() RETURNS test."*/*" LANGUAGE sql AS $$ SELECT 'any'::test."*/*" $$;
CREATE FUNCTION test.ret_some_mt() RETURNS test."*/*" LANGUAGE plpgsql AS $$
DECLARE
    accept text := current_setting('request.headers', true)::json ->> 'accept';
    answer text;
    content_type text;
BEGIN
    CASE accept
        WHEN 'app/chico' THEN answer := 'chico'; content_type := accept;
        WHEN 'app/harpo' THEN answer := 'harpo'; content_type := accept;
        WHEN '*/*' THEN answer := 'groucho'; content_type := 'app/groucho';
        ELSE RAISE SQLSTATE 'PT406' USING MESSAGE = 'Not Acceptable';
    END CASE;
    PERFORM set_config('response.headers', json_build_array(json_build_object('Content-Type', content_type))::text, true);
    RETURN convert_to(answer, 'UTF8')::test."*/*";
END $$;
CREATE TABLE test.some_numbers (val integer);
CREATE FUNCTION test.some_numbers_step(acc test."*/*", n test.some_numbers) RETURNS test."*/*" LANGUAGE sql
    AS $$ SELECT (acc || '\x0a'::bytea || convert_to(n.val::text, 'UTF8'))::test."*/*" $$;
CREATE FUNCTION test.some_numbers_done(acc test."*/*") RETURNS test."*/*" LANGUAGE plpgsql AS $$
DECLARE
    accept text := current_setting('request.headers', true)::json ->> 'accept';
    prefix text := 'anything';
BEGIN
    IF accept IN ('magic/number', 'crazy/bingo') THEN
        prefix := split_part(accept, '/', 1);
        PERFORM set_config('response.headers', json_build_array(json_build_object('Content-Type', accept))::text, true);
    END IF;
    RETURN (convert_to(prefix, 'UTF8') || acc)::test."*/*";
END $$;
CREATE AGGREGATE test.some_agg(test.some_numbers) (initcond = '', stype = test."*/*", sfunc = test.some_numbers_step,
    finalfunc = test.some_numbers_done);

-- MultipleSchemaSpec's handlers in v2: one returning a domain of test, one of v2's own.
CREATE DOMAIN v2."text/special" AS text;
CREATE FUNCTION v2.get_plain_text() RETURNS test."text/plain" LANGUAGE sql AS $$ SELECT 'plain'::test."text/plain" $$;
CREATE FUNCTION v2.get_special_text() RETURNS v2."text/special" LANGUAGE sql AS $$ SELECT 'special'::v2."text/special" $$;
CREATE FUNCTION v2.plain_step(acc test."text/plain", r v2.another_table) RETURNS test."text/plain" LANGUAGE sql
    AS $$ SELECT 'plain'::test."text/plain" $$;
CREATE AGGREGATE v2.plain_agg(v2.another_table) (initcond = '', stype = test."text/plain", sfunc = v2.plain_step);
CREATE FUNCTION v2.special_step(acc v2."text/special", r v2.another_table) RETURNS v2."text/special" LANGUAGE sql
    AS $$ SELECT 'special'::v2."text/special" $$;
CREATE AGGREGATE v2.special_agg(v2.another_table) (initcond = '', stype = v2."text/special", sfunc = v2.special_step);

-- PlanSpec: JSON documents with expression indexes on a key; a scalar function.
CREATE TABLE test.bets (id integer, data_json json, data_jsonb jsonb);
CREATE INDEX bets_data_json ON test.bets ((data_json ->> 'contractId'));
CREATE INDEX bets_data_jsonb ON test.bets ((data_jsonb ->> 'contractId'));
CREATE FUNCTION test.add_them(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + b $$;

-- CustomMediaSpec's later cases (PostgREST 12.2.x): a call whose Content-Type has parameters, of one of
-- four overloads (chosen by the arguments' names).
CREATE FUNCTION test.overloaded_default(opt_param text DEFAULT 'Code w7') RETURNS SETOF test.tasks LANGUAGE sql
    AS $$ SELECT * FROM test.tasks t WHERE t.name LIKE opt_param $$;
CREATE FUNCTION test.overloaded_default(must_param integer) RETURNS jsonb LANGUAGE sql
    AS $$ SELECT jsonb_build_object('val', must_param) $$;
CREATE FUNCTION test.overloaded_default(a integer, opt_param text DEFAULT 'Design IOS') RETURNS SETOF test.tasks LANGUAGE sql
    AS $$ SELECT * FROM test.tasks t WHERE t.name LIKE opt_param AND t.id > a $$;
CREATE FUNCTION test.overloaded_default(a integer, must_param integer) RETURNS jsonb LANGUAGE sql
    AS $$ SELECT jsonb_build_object('a', a, 'val', must_param) $$;
-- QuerySpec's Accept headers: a relation of two text columns, read as JSON and as CSV.
CREATE TABLE test.simple_pk (k varchar PRIMARY KEY, extra varchar NOT NULL);
-- RpcSpec's "single unnamed param": functions of one unnamed parameter, which a POST's body fills whole by its
-- Content-Type (JSON: json or jsonb; text/plain: text; text/xml: xml; application/octet-stream: bytea). An
-- unnamed integer is not callable; json and jsonb overloads of one name are ambiguous for a JSON body.
CREATE FUNCTION test.unnamed_json_param(json) RETURNS json LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION test.unnamed_text_param(text) RETURNS test."text/plain" LANGUAGE sql AS $$ SELECT $1::test."text/plain" $$;
CREATE FUNCTION test.unnamed_xml_param(pg_catalog.xml) RETURNS test."text/xml" LANGUAGE sql AS $$ SELECT $1::test."text/xml" $$;
CREATE FUNCTION test.unnamed_bytea_param(bytea) RETURNS test."application/octet-stream" LANGUAGE sql
    AS $$ SELECT $1::test."application/octet-stream" $$;
CREATE FUNCTION test.unnamed_int_param(integer) RETURNS integer LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION test.overloaded_unnamed_json_jsonb_param(json) RETURNS json LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION test.overloaded_unnamed_json_jsonb_param(jsonb) RETURNS jsonb LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION test.overloaded_unnamed_json_jsonb_param(x integer, y integer) RETURNS integer LANGUAGE sql AS $$ SELECT x + y $$;
-- RpcSpec's overloaded functions: found by their arguments' names; none or several is a 404 or a 300.
CREATE FUNCTION test.overloaded() RETURNS SETOF integer LANGUAGE sql AS $$ VALUES (1), (2), (3) $$;
CREATE FUNCTION test.overloaded(json) RETURNS TABLE (x integer, y text) LANGUAGE sql
    AS $$ SELECT * FROM json_to_recordset($1) AS r(x integer, y text) $$;
CREATE FUNCTION test.overloaded(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + b $$;
CREATE FUNCTION test.overloaded(a text, b text, c text) RETURNS text LANGUAGE sql AS $$ SELECT a || b || c $$;
CREATE FUNCTION test.overloaded_same_args(arg integer) RETURNS json LANGUAGE sql
    AS $$ SELECT json_build_object('type', pg_typeof(arg), 'value', arg) $$;
CREATE FUNCTION test.overloaded_same_args(arg xml) RETURNS json LANGUAGE sql
    AS $$ SELECT json_build_object('type', pg_typeof(arg), 'value', arg) $$;
CREATE FUNCTION test.overloaded_same_args(arg text, num integer DEFAULT 0) RETURNS json LANGUAGE sql
    AS $$ SELECT json_build_object('type', pg_typeof(arg), 'value', arg) $$;
