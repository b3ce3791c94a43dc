-- Rows of the spec suite (the values PostgREST's spec files assert).
SET search_path = test;
INSERT INTO items SELECT g FROM generate_series(1, 15) g;
SELECT setval('items_id_seq', 15, true);
INSERT INTO clients VALUES (1, 'Microsoft'), (2, 'Apple');
INSERT INTO projects VALUES (1, 'Windows 7', 1), (2, 'Windows 10', 1), (3, 'IOS', 2), (4, 'OSX', 2), (5, 'Orphan', NULL);
INSERT INTO users VALUES (1, 'Angela Martin'), (2, 'Michael Scott'), (3, 'Dwight Schrute');
INSERT INTO tasks VALUES (1, 'Design w7', 1), (2, 'Code w7', 1), (3, 'Design w10', 2), (4, 'Code w10', 2),
    (5, 'Design IOS', 3), (6, 'Code IOS', 3), (7, 'Design OSX', 4), (8, 'Code OSX', 4);
INSERT INTO users_projects VALUES (1, 1), (1, 2), (2, 3), (2, 4), (3, 1), (3, 3);
INSERT INTO users_tasks VALUES (1, 1), (1, 2), (1, 3), (1, 4), (2, 5), (2, 6), (2, 7), (3, 1), (3, 5);
INSERT INTO addresses VALUES (1, 'address 1'), (2, 'address 2'), (3, 'address 3'), (4, 'address 4');
INSERT INTO orders VALUES (1, 'order 1', 1, 2), (2, 'order 2', 3, 4), (3, 'order 3', 3, 4);
INSERT INTO country VALUES (1, 'Afghanistan'), (2, 'Algeria');
INSERT INTO capital VALUES (1, 'Kabul', 1), (2, 'Algiers', 2);
INSERT INTO complex_items VALUES (1, 'One', '{"foo":{"int":1,"bar":"baz"}}', '{1}', 1),
    (2, 'Two', '{"foo":{"int":1,"bar":"baz"}}', '{1,2}', 1), (3, 'Three', '{"foo":{"int":1,"bar":"baz"}}', '{1,2,3}', 3);
INSERT INTO json_table VALUES ('{"foo":{"bar":"baz"},"id":1}'), ('{"id":3}'), ('{"id":0}');
INSERT INTO json_arr VALUES (1, '[1, 2, 3]'), (2, '[4, 5, 6]'), (3, '[[9, 8, 7], [11, 12, 13]]'),
    (4, '[[[5, 6], 7, 8]]'), (5, '[{"a": "A"}, {"b": "B"}]'), (6, '[{"a": [1,2,3]}, {"b": [4,5]}]'),
    (7, '{"c": [1,2,3], "d": [4,5]}'), (8, '{"c": [{"d": [4,5,6,7,8]}]}'),
    (9, '[{"0xy1": [1,{"23-xy-45": [2, {"xy-6": [3]}]}]}]'),
    (10, '{"!@#$%^&*_a": [{"!@#$%^&*_b": 1}, {"!@#$%^&*_c": [2]}], "!@#$%^&*_d": {"!@#$%^&*_e": 3}}');
INSERT INTO jsonb_test VALUES (1, '{"a": {"b": 2}}'), (2, '{"c": [1,2,3]}'), (3, '[{"d": "test"}]'), (4, '{"e": 1}');
INSERT INTO fav_numbers VALUES (ROW(0.5, 0.5), 'A'), (ROW(0.6, 0.6), 'B');
INSERT INTO arrays VALUES (0, '{1,2,3}', '{{1,2,3},{4,5,6},{7,8,9}}'), (1, '{11,12,13}', '{{11,12,13},{14,15,16},{17,18,19}}');
INSERT INTO tsearch VALUES (to_tsvector('english', 'It''s kind of fun to do the impossible')),
    (to_tsvector('english', 'But also fun to do what is possible')), (to_tsvector('english', 'Fat cats ate rats')),
    (to_tsvector('french', 'C''est un peu amusant de faire l''impossible')),
    (to_tsvector('german', 'Es ist eine Art Spaß, das Unmögliche zu machen'));
INSERT INTO entities VALUES (1, 'entity 1', '{1}', '''bar'':2 ''foo'':1'), (2, 'entity 2', '{1,2}', '''baz'':1 ''qux'':2'),
    (3, 'entity 3', '{1,2,3}', NULL), (4, NULL, NULL, NULL);
INSERT INTO child_entities VALUES (1, 'child entity 1', 1), (2, 'child entity 2', 1), (3, 'child entity 3', 2),
    (4, 'child entity 4', 1), (5, 'child entity 5', 1), (6, 'child entity 6', 2);
INSERT INTO grandchild_entities VALUES (1, 'grandchild entity 1', 1, NULL, NULL, NULL),
    (2, 'grandchild entity 2', 1, NULL, NULL, NULL), (3, 'grandchild entity 3', 2, NULL, NULL, NULL),
    (4, '(grandchild,entity,4)', 2, NULL, NULL, '{"a": {"b":"foo"}}'), (5, '(grandchild,entity,5)', 2, NULL, NULL, '{"b":"bar"}');
INSERT INTO ranges VALUES (1, '[1,3]'), (2, '[3,6]'), (3, '[6,9]'), (4, '[9,12]'), (5, NULL);
INSERT INTO no_pk VALUES (NULL, NULL), ('1', '0'), ('2', '0');
INSERT INTO only_pk VALUES (1), (2);
INSERT INTO tiobe_pls VALUES ('Java', 1), ('C', 2), ('Python', 4);
INSERT INTO employees VALUES ('Frances M.', 'Roe', '24000', 'One-Up Realty', 'Author'),
    ('Daniel B.', 'Lyon', '36000', 'Dubrow''s Cafeteria', 'Packer'),
    ('Edwin S.', 'Smith', '48000', 'Pro Garden Management', 'Marine biologist');

INSERT INTO timestamps VALUES ('2023-10-18 12:37:59.611+00'), ('2023-10-18 14:37:59.611+00'), ('2023-10-18 16:37:59.611+00');
INSERT INTO organizations VALUES (1, 'Referee Org', NULL, NULL, 1), (2, 'Auditor Org', NULL, NULL, 2),
    (3, 'Acme', 1, 2, 3), (4, 'Umbrella', 1, 2, 4), (5, 'Cyberdyne', 3, 4, 5), (6, 'Oscorp', 3, 4, 6);
INSERT INTO students VALUES (1, '0001', 'John Doe'), (2, '0002', 'Jane Doe');
INSERT INTO students_info VALUES (1, '0001', 'Street 1'), (2, '0002', 'Street 2');
INSERT INTO app_users VALUES (1, 'test@123.com', 'pass'), (2, 'abc@123.com', 'pass'), (3, 'def@123.com', 'pass');
INSERT INTO artists VALUES (1, 'duster'), (2, 'black country, new road'), (3, 'bjork');
INSERT INTO albums VALUES (1, 'stratosphere', 1), (2, 'ants from up above', 2), (3, 'vespertine', 3),
    (4, 'contemporary movement', 1);
INSERT INTO tsearch_to_tsvector (text_search) VALUES ('It''s kind of fun to do the impossible'),
    ('But also fun to do what is possible'), ('Fat cats ate rats'), ('C''est un peu amusant de faire l''impossible'),
    ('Es ist eine Art Spaß, das Unmögliche zu machen');
UPDATE tsearch_to_tsvector SET jsonb_search = jsonb_build_object('text_search', text_search);

-- EmbedInnerJoinSpec.
INSERT INTO private.authors VALUES (1, 'George Orwell'), (2, 'Anne Frank'), (3, 'Antoine de Saint-Exupéry'),
    (4, 'J.D. Salinger'), (5, 'Ray Bradbury'), (6, 'William Golding'), (7, 'Harper Lee'), (8, 'Kurt Vonnegut'),
    (9, 'Ken Kesey'), (10, 'Fyodor Dostoevsky');
INSERT INTO private.publishers VALUES (1, 'Secker & Warburg'), (2, 'Contact Publishing'), (3, 'Reynal & Hitchcock'),
    (4, 'Little, Brown and Company'), (5, 'Ballantine Books'), (6, 'Faber and Faber'), (7, 'J. B. Lippincott & Co.'),
    (8, 'Delacorte'), (9, 'Viking Press & Signet Books');
INSERT INTO private.books VALUES (1, '1984', 1949, 1, 1), (2, 'The Diary of a Young Girl', 1947, 2, 2),
    (3, 'The Little Prince', 1947, 3, 3), (4, 'The Catcher in the Rye', 1951, 4, 4), (5, 'Farenheit 451', 1953, 5, 5),
    (6, 'Lord of the Flies', 1954, 6, 6), (7, 'To Kill a Mockingbird', 1960, 7, 7), (8, 'Slaughterhouse-Five', 1969, 8, 8),
    (9, 'One Flew Over the Cuckoo''s Nest', 1962, 9, 9), (10, 'Crime and Punishment', 1866, 10, NULL);
INSERT INTO private.actors VALUES (1, 'john'), (2, 'mary');
INSERT INTO private.films VALUES (12, 'douze commandements'), (2001, 'odyssée de l''espace');
INSERT INTO private.personnages VALUES (12, 1, 'méchant'), (2001, 2, 'astronaute');
INSERT INTO products VALUES (1, 'product-1'), (2, 'product-2'), (3, 'product-3');
INSERT INTO suppliers VALUES (1, 'supplier-1'), (2, 'supplier-2'), (3, 'supplier-3');
INSERT INTO products_suppliers VALUES (1, 1), (1, 2), (2, 1), (2, 3);
INSERT INTO trade_unions VALUES (1, 'union-1'), (2, 'union-2'), (3, 'union-3'), (4, 'union-4');
INSERT INTO suppliers_trade_unions VALUES (1, 1), (1, 2), (2, 3), (2, 4);
INSERT INTO client VALUES (1, 'Walmart'), (2, 'Target'), (3, 'Big Lots');
INSERT INTO contact VALUES (1, 'Wally Walton', 1), (2, 'Wilma Wellers', 1), (3, 'Tabby Targo', 2), (4, 'Bobby Bots', 3),
    (5, 'Bonnie Bits', 3), (6, 'Billy Boats', 3);
INSERT INTO clientinfo VALUES (1, 1, '123 Main St'), (2, 2, '456 South 3rd St'), (3, 3, '789 Palm Tree Ln');

-- UpsertSpec.
INSERT INTO car_brands VALUES ('DMC'), ('Ferrari'), ('Lamborghini');
INSERT INTO car_models VALUES ('DeLorean', 1981, 'DMC'), ('F310-B', 1997, 'Ferrari'), ('Veneno', 2013, 'Lamborghini'),
    ('Murcielago', 2001, 'Lamborghini');
INSERT INTO private.articles VALUES (1, 'No… It''s a thing; it''s like a plan, but with more greatness.', 'diogo'),
    (2, 'Stop talking, brain thinking. Hush.', 'diogo'), (3, 'It''s a fez. I wear a fez now. Fezes are cool.', 'diogo');
INSERT INTO single_unique VALUES (1, 'A');
INSERT INTO compound_unique VALUES (1, 1, 'A');
INSERT INTO surr_serial_upsert (name, extra) VALUES ('value', 'existing value');
INSERT INTO surr_gen_default_upsert (name, extra) VALUES ('value', 'existing value');
INSERT INTO "Surr_Gen_Default_Upsert" (name, extra) VALUES ('value cs', 'existing value cs');
INSERT INTO "UnitTest" VALUES (1, 'unit test 1');
INSERT INTO web_content VALUES (5, 'wat', NULL), (0, 'tardis', 5), (1, 'fezz', 0), (2, 'foo', 0), (3, 'bar', 0), (4, 'wut', 1);

-- ComputedRelsSpec.
INSERT INTO designers VALUES (1, 'Sid Meier'), (2, 'Hironobu Sakaguchi');
INSERT INTO videogames VALUES (1, 'Civilization I', 1), (2, 'Civilization II', 1), (3, 'Final Fantasy I', 2),
    (4, 'Final Fantasy II', 2);
INSERT INTO items2 SELECT g FROM generate_series(1, 15) g;
SELECT setval('items2_id_seq', 15, true);

-- AggregateFunctionsSpec.
INSERT INTO project_invoices VALUES (1, 100, 1), (2, 200, 1), (3, 500, 2), (4, 700, 2), (5, 1200, 3), (6, 2000, 3),
    (7, 100, 4), (8, 4000, 4);
INSERT INTO trash VALUES (1), (2), (3);
INSERT INTO trash_details VALUES (1, '{"key": 10}'), (2, '{"key": 6}'), (3, '{"key": 8}');
INSERT INTO budget_categories VALUES (1, 'Beanie Babies', 'Brian Smith', 1000.31), (2, 'DVDs', 'Jane Clarkson', 2000.12),
    (3, 'Pizza', 'Brian Smith', 1000.11), (4, 'Opera Tickets', 'Jane Clarkson', 7000.41),
    (5, 'Nuclear Fusion Research', 'Sally Hughes', 500.23), (6, 'T-5hirts', 'Dana de Groot', 500.33);
INSERT INTO budget_expenses VALUES (1, 200.26, 1), (2, 400.26, 3), (3, 100.22, 4), (5, 900.27, 5);

-- SpreadQueriesSpec and the aggregates over spreads.
INSERT INTO factories VALUES (1, 'Factory A'), (2, 'Factory B'), (3, 'Factory C'), (4, 'Factory D');
INSERT INTO process_categories VALUES (1, 'Batch'), (2, 'Mass');
INSERT INTO processes VALUES (1, 'Process A1', 1, 1), (2, 'Process A2', 1, 2), (3, 'Process B1', 2, 1), (4, 'Process B2', 2, 1),
    (5, 'Process C1', 3, 2), (6, 'Process C2', 3, 2), (7, 'Process XX', 3, 2), (8, 'Process YY', 3, 2);
INSERT INTO process_costs VALUES (1, 150.00), (2, 200.00), (3, 180.00), (4, 70.00), (5, 40.00), (6, 70.00), (8, 40.00);
INSERT INTO supervisors VALUES (1, 'Mary'), (2, 'John'), (3, 'Peter'), (4, 'Sarah'), (5, 'Jane');
INSERT INTO process_supervisor VALUES (1, 1), (2, 2), (3, 3), (3, 4), (4, 1), (4, 2), (5, 3), (6, 3);

-- MultipleSchemaSpec.
INSERT INTO v1.parents VALUES (1, 'parent v1-1'), (2, 'parent v1-2');
INSERT INTO v1.children VALUES (1, 'child v1-1', 1), (2, 'child v1-2', 2);
INSERT INTO v2.parents VALUES (3, 'parent v2-3'), (4, 'parent v2-4');
INSERT INTO v2.children VALUES (1, 'child v2-3', 3);
INSERT INTO v2.another_table VALUES (5, 'value 5'), (6, 'value 6');
INSERT INTO "SPECIAL ""@/\#~_-".languages VALUES (1, 'English'), (2, 'Spanish');
INSERT INTO "SPECIAL ""@/\#~_-".names VALUES (1, 'John', 1), (2, 'Mary', 1), (3, 'José', 2);
-- CustomMediaSpec.
INSERT INTO test.images VALUES ('A.png', decode('iVBORw0KGgoAAAANSUhEUgAAAB4AAAAeAQMAAAAB/jzhAAAABlBMVEUAAAD/AAAb/40iAAAAP0lEQVQI12NgwAbYG2AE/wEYwQMiZB4ACQkQYZEAIgqAhAGIKLCAEQ8kgMT/P1CCEUwc4IMSzA3sUIIdCHECAGSQEkeOTUyCAAAAAElFTkSuQmCC', 'base64'));
INSERT INTO test.xmltest VALUES (1, '<myxml>foo</myxml>'), (2, 'bar'), (3, '<foobar><baz/></foobar>');
-- LINESTRING(1 1,5 5) and LINESTRING(2 2,6 6), SRID 4326, as PostGIS prints them.
INSERT INTO test.lines VALUES
    (1, 'line-1', '0102000020E610000002000000000000000000F03F000000000000F03F00000000000014400000000000001440'),
    (2, 'line-2', '0102000020E6100000020000000000000000000040000000000000004000000000000018400000000000001840');
INSERT INTO test.shop_bles VALUES (1, 'Beacon-1', 'POINT(-71.10044 42.373695)', NULL, 1),
                                  (2, 'Beacon-2', 'POINT(-71.10044 42.373695)', NULL, 1);
INSERT INTO test.some_numbers SELECT x FROM generate_series(1, 10) x;
-- PlanSpec: enough bets that reading one by its contract, or the first thousand in contract order, is done
-- through the expression indexes (PostgREST's suite has none and never analyzes, so its planner guesses 10 pages).
INSERT INTO test.bets SELECT x, json_build_object('contractId', x), jsonb_build_object('contractId', x) FROM generate_series(1, 10000) x;
-- QuerySpec's Accept headers.
INSERT INTO test.simple_pk VALUES ('xyyx', 'u'), ('xYYx', 'v');
