package io.thingcore.dic.simulator.ota;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little CBOR (RFC 8949) the OTA stream messages use: one map with one-letter text keys and integer, text or byte
 * string values, definite lengths only. The build has no CBOR library, and these few items do not justify one.
 */
final class Cbor {
    private static final int UNSIGNED = 0;
    private static final int NEGATIVE = 1;
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int MAP = 5;

    private Cbor() {}

    /** Encodes a map whose values are {@link Integer}, {@link Long}, {@link String} or {@code byte[]}, in order. */
    static byte[] encodeMap(Map<String, Object> map) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, MAP, map.size());
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            text(out, entry.getKey());
            Object value = entry.getValue();
            switch (value) {
                case Integer i -> integer(out, i);
                case Long l -> integer(out, l);
                case String s -> text(out, s);
                case byte[] b -> {
                    head(out, BYTES, b.length);
                    out.writeBytes(b);
                }
                default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
            }
        }
        return out.toByteArray();
    }

    private static void integer(ByteArrayOutputStream out, long value) {
        if (value >= 0) {
            head(out, UNSIGNED, value);
        } else {
            head(out, NEGATIVE, -1 - value);
        }
    }

    private static void text(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        head(out, TEXT, bytes.length);
        out.writeBytes(bytes);
    }

    /** The initial byte and argument, in the shortest form (RFC 8949 section 3, preferred serialization). */
    private static void head(ByteArrayOutputStream out, int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            out.write(type | (int) argument);
        } else if (argument < 0x100) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument < 0x10000) {
            out.write(type | 25);
            out.write((int) (argument >> 8));
            out.write((int) argument);
        } else if (argument < 0x1_0000_0000L) {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        } else {
            out.write(type | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        }
    }

    /**
     * Decodes one map with text keys; values become {@link Long}, {@link String} or {@code byte[]}.
     *
     * @throws IllegalArgumentException when the input is anything else
     */
    static Map<String, Object> decodeMap(byte[] data) {
        Reader in = new Reader(data);
        long size = in.argument(MAP);
        Map<String, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < size; i++) {
            String key = new String(in.string(TEXT), StandardCharsets.UTF_8);
            int major = in.peekMajor();
            Object value = switch (major) {
                case UNSIGNED -> in.argument(UNSIGNED);
                case NEGATIVE -> -1 - in.argument(NEGATIVE);
                case BYTES -> in.string(BYTES);
                case TEXT -> new String(in.string(TEXT), StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException("unsupported CBOR major type " + major);
            };
            map.put(key, value);
        }
        if (in.at != data.length) {
            throw new IllegalArgumentException("trailing bytes after the CBOR map");
        }
        return map;
    }

    private static final class Reader {
        private final byte[] data;
        private int at;

        Reader(byte[] data) {
            this.data = data;
        }

        int peekMajor() {
            need(1);
            return (data[at] & 0xFF) >> 5;
        }

        long argument(int major) {
            need(1);
            int initial = data[at++] & 0xFF;
            if (initial >> 5 != major) {
                throw new IllegalArgumentException("CBOR major type " + (initial >> 5) + ", expected " + major);
            }
            int info = initial & 0x1F;
            if (info < 24) {
                return info;
            }
            int length = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException("indefinite or reserved CBOR length " + info);
            };
            need(length);
            long value = 0;
            for (int i = 0; i < length; i++) {
                value = (value << 8) | (data[at++] & 0xFF);
            }
            return value;
        }

        byte[] string(int major) {
            long length = argument(major);
            if (length > data.length - at) {
                throw new IllegalArgumentException("CBOR string runs past the end");
            }
            byte[] bytes = java.util.Arrays.copyOfRange(data, at, at + (int) length);
            at += (int) length;
            return bytes;
        }

        private void need(int bytes) {
            if (data.length - at < bytes) {
                throw new IllegalArgumentException("truncated CBOR");
            }
        }
    }
}
