package io.thingcore.streams.delivery;

/**
 * Which blocks of a file one {@code GetStream} request gets, with the limits of "Using AWS IoT MQTT-based file delivery
 * in devices" ("GetStream request", "Build a bitmap for a GetStream request"):
 *
 * <ul>
 *   <li>{@code l}, the block size, is 256 to 131,072 bytes, else {@code BlockSizeOutOfBounds};
 *   <li>{@code o}, the first block, is 0 to 98,304 and inside the file, else {@code OffsetOutOfBounds};
 *   <li>{@code n} is 0 to 98,304, else {@code BlockCountLimitExceeded}; it is the number of blocks, or with a bitmap
 *       the most blocks to send; absent (or 0), it "defaults to 131072/DataBlockSize";
 *   <li>{@code b}, the bitmap, "must be less than 12,288 bytes", else {@code BlockBitmapLimitExceeded}; bit {@code k}
 *       asks for block {@code o + k}; bits past the file's last block are ignored;
 *   <li>one request is answered with at most 128 KiB of blocks ("the service limit of 128 KB per GetStream
 *       request"); the device asks again for the rest.
 * </ul>
 */
final class BlockPlan {
    static final int MIN_BLOCK_SIZE = 256;
    static final int MAX_BLOCK_SIZE = 128 * 1024;
    static final long MAX_OFFSET = 98_304;
    static final long MAX_BLOCKS = 98_304;
    static final int MAX_BITMAP_BYTES = 12_288;
    /** The most bytes of blocks one request is answered with. */
    static final int MAX_BYTES_PER_REQUEST = 128 * 1024;

    private BlockPlan() {}

    /**
     * Refuses a request whose block size, offset, count or bitmap is out of AWS's bounds, whatever the file.
     *
     * @return the block size, which a request within bounds always has
     */
    static int checkBounds(GetStreamRequest r) {
        Long blockSize = r.blockSize();
        if (blockSize == null) {
            throw new Rejection(DeliveryError.InvalidRequest, "the block size 'l' is required", r.clientToken());
        }
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new Rejection(
                    DeliveryError.BlockSizeOutOfBounds,
                    "the block size must be " + MIN_BLOCK_SIZE + " to " + MAX_BLOCK_SIZE + " bytes",
                    r.clientToken());
        }
        if (r.offset() != null && r.offset() > MAX_OFFSET) {
            throw new Rejection(
                    DeliveryError.OffsetOutOfBounds, "the offset must be 0 to " + MAX_OFFSET, r.clientToken());
        }
        if (r.numberOfBlocks() != null && r.numberOfBlocks() > MAX_BLOCKS) {
            throw new Rejection(
                    DeliveryError.BlockCountLimitExceeded,
                    "the number of blocks must be 0 to " + MAX_BLOCKS,
                    r.clientToken());
        }
        if (r.bitmap() != null && r.bitmap().length >= MAX_BITMAP_BYTES) {
            throw new Rejection(
                    DeliveryError.BlockBitmapLimitExceeded,
                    "the bitmap must be less than " + MAX_BITMAP_BYTES + " bytes",
                    r.clientToken());
        }
        return blockSize.intValue();
    }

    /**
     * The block IDs to send, ascending, for a file of {@code fileSize} bytes in blocks of {@code blockSize}, the size
     * {@link #checkBounds} returned.
     *
     * @throws Rejection {@code OffsetOutOfBounds} for an offset past the file's last block, {@code ResourceNotFound}
     *     when the bitmap asks for no block of the file
     */
    static int[] blocks(GetStreamRequest r, int blockSize, long fileSize) {
        long blockCount = (fileSize + blockSize - 1) / blockSize;
        long offset = r.offset() == null ? 0 : r.offset();
        if (offset >= blockCount) {
            throw new Rejection(
                    DeliveryError.OffsetOutOfBounds,
                    "the offset is past the file's last block, " + (blockCount - 1),
                    r.clientToken());
        }
        int perRequest = MAX_BYTES_PER_REQUEST / blockSize;
        long asked = r.numberOfBlocks() == null || r.numberOfBlocks() == 0 ? perRequest : r.numberOfBlocks();
        int limit = (int) Math.min(asked, perRequest);
        if (r.bitmap() == null) {
            int count = (int) Math.min(limit, blockCount - offset);
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                ids[i] = (int) (offset + i);
            }
            return ids;
        }
        int[] ids = new int[limit];
        int count = 0;
        byte[] bitmap = r.bitmap();
        for (int k = 0; k < bitmap.length * 8 && count < limit; k++) {
            long block = offset + k;
            if (block >= blockCount) {
                break;
            }
            if ((bitmap[k >>> 3] & (1 << (k & 7))) != 0) {
                ids[count++] = (int) block;
            }
        }
        if (count == 0) {
            throw new Rejection(
                    DeliveryError.ResourceNotFound, "the bitmap asks for no block of the file", r.clientToken());
        }
        return count == ids.length ? ids : java.util.Arrays.copyOf(ids, count);
    }
}
