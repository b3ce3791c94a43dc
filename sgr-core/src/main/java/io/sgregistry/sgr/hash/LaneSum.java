package io.sgregistry.sgr.hash;

import java.util.HexFormat;

/**
 * The homomorphic content hash of docs/object-hash.md: a digest is 16 big-endian unsigned 16-bit
 * lanes, and digests are added lane by lane modulo 2^16. The sum of nothing is 64 zeros.
 * Immutable: {@link #plus} returns a new sum.
 */
public record LaneSum(int[] lanes) {
    public static final int LANES = 16;

    public LaneSum {
        if (lanes.length != LANES) {
            throw new IllegalArgumentException("a lane sum has 16 lanes");
        }
        lanes = lanes.clone();
    }

    public static LaneSum zero() {
        return new LaneSum(new int[LANES]);
    }

    /** A 32-byte digest (sha256) as lanes. */
    public static LaneSum ofDigest(byte[] digest) {
        if (digest.length != 2 * LANES) {
            throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
        }
        int[] l = new int[LANES];
        for (int i = 0; i < LANES; i++) {
            l[i] = ((digest[2 * i] & 0xff) << 8) | (digest[2 * i + 1] & 0xff);
        }
        return new LaneSum(l);
    }

    public static LaneSum ofHex(String hex) {
        return ofDigest(HexFormat.of().parseHex(hex));
    }

    public LaneSum plus(LaneSum other) {
        int[] l = new int[LANES];
        for (int i = 0; i < LANES; i++) {
            l[i] = (lanes[i] + other.lanes[i]) & 0xffff;
        }
        return new LaneSum(l);
    }

    /** 64 lowercase hex characters, as the SQL functions print it. */
    public String hex() {
        StringBuilder sb = new StringBuilder(64);
        for (int lane : lanes) {
            sb.append(String.format("%04x", lane));
        }
        return sb.toString();
    }

    @Override
    public int[] lanes() {
        return lanes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LaneSum s && java.util.Arrays.equals(lanes, s.lanes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(lanes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
