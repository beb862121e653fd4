#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fixed-size pages of per-key state (key bitmaps, lookup values, reject causes, spell times) held in a bounded
/// set of frames, the rest in a temporary file: the ETL's and the quality step's memory for these stays the same
/// however many patients the extract holds.
///
/// A page is zero-filled when allocated; its owner (a `PagedBitmap`, a `KeyValueIndex`, …) encodes "nothing here"
/// as zero. While the pages fit in `budget` bytes nothing touches the disk. Beyond it, the least recently used
/// frame (clock algorithm: a referenced bit per frame, cleared as the hand passes) is written to the spill file, if
/// changed, and reused; a page read again is loaded back from the file. The source files are in patient order and
/// children follow their parents closely, so the hand mostly evicts pages that are not needed again.
///
/// The spill file is created in the given directory (beside the outputs, where the space is) and unlinked at once:
/// nothing is left behind however the process ends, and the space is returned when the pool is freed. When the file
/// cannot be created or written (a read-only folder, a full disk), the pool stops spilling and keeps every page in
/// memory: slower to fail than to run out of budget, and never a lost page (`spillFailure` says why). A page that
/// cannot be read back (an I/O error of the disk) reads as zeros from then on and is recorded in `readFailure`:
/// every owner calls `checkIntact()` before it publishes anything, so such a run fails with that reason instead
/// of writing verdicts made from lost state.
///
/// Not `Sendable`: one owner on one thread; a pointer handed out is valid until the next call on the pool.
package final class PagePool {
    /// Bytes per page.
    package static let pageBytes = 8192
    /// No frame: the page is on disk or was never written.
    private static let notResident: Int32 = -1

    /// Most frames held at once; `Int.max` when the pool never spills.
    private let capacity: Int
    /// Where the spill file goes; nil when the pool never spills.
    private let directory: String?
    /// The spill file, opened on the first eviction.
    private var spill: Int32 = -1
    /// The frames' memory.
    private var frames: [UnsafeMutableRawPointer] = []
    /// The page each frame holds.
    private var frameOwner: [Int32] = []
    /// Whether each frame changed since it was loaded.
    private var dirty: [Bool] = []
    /// Whether each frame was used since the clock hand last passed it.
    private var referenced: [Bool] = []
    /// The frame of each page, or `notResident`.
    private var frameOf: [Int32] = []
    /// Whether each page has a copy in the spill file.
    private var onDisk: [Bool] = []
    /// The clock hand.
    private var hand = 0
    /// Pages released by their owners, reused before new ones.
    private var freePages: [Int32] = []
    /// The first page that could not be read back from the spill file, and why; the pool's state is then unusable.
    package private(set) var readFailure: String?
    /// Why spilling stopped, if it did; the pool then keeps every page in memory.
    package private(set) var spillFailure: String?
    /// Pages written to and read from the spill file (for the benchmark and tests).
    package private(set) var pagesWritten = 0
    package private(set) var pagesRead = 0

    /// A pool that keeps at most `budget` bytes of pages in memory and spills the rest to a temporary file in
    /// `directory`.
    package init(budget: Int, directory: String) {
        capacity = max(2, budget / Self.pageBytes)
        self.directory = directory
    }

    /// A pool that keeps every page in memory (small inputs, tests).
    package init() {
        capacity = Int.max
        directory = nil
    }

    deinit {
        for frame in frames {
            frame.deallocate()
        }
        if spill >= 0 {
            close(spill)
        }
    }

    /// Throws when a page could not be read back, so nothing made from the pool's state is published.
    package func checkIntact() throws(PagePoolError) {
        if let readFailure {
            throw PagePoolError("per-key state was lost: \(readFailure); check the disk and run the step again")
        }
    }

    /// Whether pages beyond a budget go to disk (false: every page stays in memory).
    package var isBounded: Bool {
        directory != nil
    }

    /// Pages allocated so far.
    package var pageCount: Int {
        frameOf.count
    }

    /// A new zero-filled page (a released one when there is one).
    package func allocate() -> Int32 {
        let page: Int32
        let frame: Int
        if let free = freePages.popLast() {
            page = free
            frame = frameOf[Int(page)] >= 0 ? Int(frameOf[Int(page)]) : takeFrame(for: page)
        } else {
            precondition(frameOf.count < Int(Int32.max), "more than \(Int32.max) pages of per-key state")
            page = Int32(frameOf.count)
            frameOf.append(Self.notResident)
            onDisk.append(false)
            frame = takeFrame(for: page)
        }
        frames[frame].initializeMemory(as: UInt8.self, repeating: 0, count: Self.pageBytes)
        dirty[frame] = true
        referenced[frame] = true
        return page
    }

    /// Gives pages back for reuse (their owner is being freed); their contents are gone.
    package func release<Pages: Sequence<Int32>>(_ pages: Pages) {
        for page in pages where page >= 0 {
            let frame = Int(frameOf[Int(page)])
            if frame >= 0 {
                dirty[frame] = false
                referenced[frame] = false
            }
            onDisk[Int(page)] = false
            freePages.append(page)
        }
    }

    /// The bytes of `page` for reading; valid until the next call on the pool.
    @inline(__always)
    package func read(_ page: Int32) -> UnsafeRawPointer {
        UnsafeRawPointer(frame(of: page, writing: false))
    }

    /// The bytes of `page` for changing; valid until the next call on the pool.
    @inline(__always)
    package func write(_ page: Int32) -> UnsafeMutableRawPointer {
        frame(of: page, writing: true)
    }

    /// The frame holding `page`, loading it first when it is not resident.
    @inline(__always)
    private func frame(of page: Int32, writing: Bool) -> UnsafeMutableRawPointer {
        var frame = Int(frameOf[Int(page)])
        if frame < 0 {
            frame = load(page)
        }
        referenced[frame] = true
        if writing {
            dirty[frame] = true
        }
        return frames[frame]
    }

    /// Brings `page` back from the spill file into a frame.
    private func load(_ page: Int32) -> Int {
        let frame = takeFrame(for: page)
        if onDisk[Int(page)] {
            if let failure = transfer(frame: frame, page: page, writing: false) {
                readFailure = readFailure ?? failure
                frames[frame].initializeMemory(as: UInt8.self, repeating: 0, count: Self.pageBytes)
            }
            pagesRead += 1
            dirty[frame] = false
        } else {
            frames[frame].initializeMemory(as: UInt8.self, repeating: 0, count: Self.pageBytes)
            dirty[frame] = true
        }
        return frame
    }

    /// A frame for `page`: a new one while under capacity (or when spilling failed), else the clock's victim,
    /// written out first if changed.
    private func takeFrame(for page: Int32) -> Int {
        if frames.count < capacity || spillFailure != nil {
            frames.append(UnsafeMutableRawPointer.allocate(byteCount: Self.pageBytes, alignment: 16))
            frameOwner.append(page)
            dirty.append(false)
            referenced.append(true)
            frameOf[Int(page)] = Int32(frames.count - 1)
            return frames.count - 1
        }
        while referenced[hand] {
            referenced[hand] = false
            hand = (hand + 1) % frames.count
        }
        let victim = hand
        hand = (hand + 1) % frames.count
        let evicted = frameOwner[victim]
        if dirty[victim] {
            if let failure = transfer(frame: victim, page: evicted, writing: true) {
                spillFailure = failure
                return takeFrame(for: page)
            }
            onDisk[Int(evicted)] = true
            pagesWritten += 1
        }
        frameOf[Int(evicted)] = Self.notResident
        frameOwner[victim] = page
        referenced[victim] = true
        frameOf[Int(page)] = Int32(victim)
        return victim
    }

    /// Writes a frame to its page's place in the spill file, or reads it from there; why not, when it fails.
    private func transfer(frame: Int, page: Int32, writing: Bool) -> String? {
        let file: Int32
        switch spillFile() {
        case .success(let opened): file = opened
        case .failure(let failure): return failure.description
        }
        let offset = off_t(page) * off_t(Self.pageBytes)
        var done = 0
        while done < Self.pageBytes {
            let count =
                writing
                ? pwrite(file, frames[frame] + done, Self.pageBytes - done, offset + off_t(done))
                : pread(file, frames[frame] + done, Self.pageBytes - done, offset + off_t(done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = count < 0 ? String(cString: strerror(errno)) : "unexpected end of file"
                return "cannot \(writing ? "write" : "read") the spill file: \(reason)"
            }
            done += count
        }
        return nil
    }

    /// The spill file, created (and unlinked) on first use.
    private func spillFile() -> Result<Int32, PagePoolError> {
        if spill >= 0 {
            return .success(spill)
        }
        guard let directory else {
            return .failure(PagePoolError("an in-memory page pool has no spill file"))
        }
        var template = Array((directory + "/.dm-spill-XXXXXX").utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard file >= 0 else {
            return .failure(
                PagePoolError("cannot create a spill file in \(directory): \(String(cString: strerror(errno)))"))
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        spill = file
        return .success(file)
    }
}

/// The page pool could not keep its pages (the spill file could not be created, written or read).
package struct PagePoolError: Error, CustomStringConvertible {
    package let description: String

    init(_ description: String) {
        self.description = description
    }
}
