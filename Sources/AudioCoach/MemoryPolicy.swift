import CMalloc

/// How the process asks glibc for memory.
enum MemoryPolicy {
    /// Buffers at least this large are mapped on their own and returned to the system when freed, in bytes.
    static let mappedBufferBytes: Int32 = 4 << 20
    /// Free space at the top of a heap is given back to the system past this many bytes.
    static let keptFreeBytes: Int32 = 4 << 20

    /// Preparing each phrase (phase rotation, 4x oversampling, limiting, resampling) takes a few
    /// short-lived buffers of the clip's length. By default glibc raises its mapping threshold after
    /// the first such buffer is freed and keeps later ones in its heap, where the freed space stays
    /// in the process; with a fixed threshold a buffer past it goes back to the system, and the render's
    /// peak memory is what it holds, not what it once held. A phrase's buffers are rarely over 4 MiB, and
    /// the clips wait in a spool, not in memory, so those under it are reused from the heap: mapping each
    /// anew cost a page fault per 4 KiB, some 15% of a render's time at 128 KiB. For the same reason each
    /// heap keeps up to 4 MiB free rather than 128 KiB: the next phrase's buffers reuse it (system time of a
    /// 10-minute render 0.16 s to 0.06 s, peak RSS 48 to 55 MiB).
    static func apply() {
        mallopt(M_MMAP_THRESHOLD, mappedBufferBytes)
        mallopt(M_TRIM_THRESHOLD, keptFreeBytes)
    }
}
