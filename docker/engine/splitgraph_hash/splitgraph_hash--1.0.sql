\echo Use "CREATE EXTENSION splitgraph_hash" to load this file. \quit

CREATE FUNCTION sha256_lane_add(internal, text) RETURNS internal
    AS 'MODULE_PATHNAME', 'sg_sha256_lane_add' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION sha256_lane_final(internal) RETURNS text
    AS 'MODULE_PATHNAME', 'sg_sha256_lane_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

-- sha256_lane_sum(t): the sha256 digest of each UTF-8 text, read as 16 big-endian unsigned 16-bit
-- lanes and added lane by lane modulo 2^16; 64 lowercase hex chars ('0' x 64 over no rows).
CREATE AGGREGATE sha256_lane_sum(text) (
    SFUNC = sha256_lane_add,
    STYPE = internal,
    FINALFUNC = sha256_lane_final
);
