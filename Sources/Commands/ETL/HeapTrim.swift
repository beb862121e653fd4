#if canImport(Glibc)
    import Glibc
#endif

/// Hands memory the allocator holds free back to the operating system, so that resident memory tracks what the
/// ETL really keeps.
///
/// The ETL allocates and frees millions of short-lived rows on one thread while the provenance worker frees them
/// on another; glibc keeps the freed space inside its heap, and at a million patients about a fifth of the
/// resident heap was free space that only grew with the extract (measured with `malloc_stats`). `malloc_trim`
/// releases those free pages (`madvise`), which takes a few milliseconds on a heap of hundreds of megabytes, so
/// the ETL calls it every `interval` rows and after each pass. A no-op where glibc is not the allocator.
enum HeapTrim {
    /// Rows between two trims.
    static let interval = 1 << 18

    /// glibc's `malloc_trim`, found at run time: the Glibc module does not import `<malloc.h>`, and the package
    /// has no C target to declare it. Nil where the symbol does not exist (another C library).
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            // RTLD_DEFAULT (a null handle): search the process's global symbols.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else {
                return nil
            }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()

    /// Releases the allocator's free pages.
    static func releaseFreeMemory() {
        _ = mallocTrim?(0)
    }
}
