import Foundation

/// Analyses of articles kept on disk between runs, so that a run re-analyses only the articles that are new or
/// changed: each is filed under the fingerprint of its file's bytes, path and metadata.
///
/// One pack file per corpus and analysis version (``Lexicon/fingerprint``, plus the executable's identity), an
/// append-only sequence of records `BRF1 | length | key | checksum | payload`: findings (``FindingsCoding``) under
/// their content key, and, under a key made of a file's path and metadata, the file's `stat` (size, times, inode)
/// with its content key, so that a file whose `stat` has not changed since it was hashed is not read again (as
/// git's index does; a file changed within two seconds of being hashed is never recorded so). A run appends what
/// it analysed; a crash mid-write leaves a torn last record, which the next run detects by its length and cuts
/// off, keeping every record before it; a record whose checksum fails is not used, and its article is analysed
/// again. A pack whose live records are less than half of it is rewritten (to a
/// temporary file, then renamed). An exclusive lock keeps two runs from writing one pack: the second runs
/// without the cache.
public final class FindingsCache: @unchecked Sendable {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var path: String
        public var message: String
        public var description: String { "\(path): warning: \(message); running without the cache" }
    }

    /// The pack file.
    public let path: String
    private let fd: Int32
    /// The pack as it was at open, mapped read-only, and where each key's payload stands in it (the last
    /// record wins).
    private let contents: UnsafeRawBufferPointer
    private let index: Index
    private let mappedLength: Int
    private var pending: [UInt8] = []
    /// Which of the pack's records (by ``Slot/ordinal``) this run used, and their bytes with their headers: the
    /// records ``compact()`` keeps.
    private var used: [Bool]
    private var usedBytes = 0
    /// The part of the pack that runs have read from and not yet let go of (see ``release(_:)``).
    private var unreleased: Range<Int>?
    /// Bytes cut off the end of the pack at open: a record torn by a crash, or corrupt.
    public let discardedBytes: Int
    /// The end of the pack's last whole record: where the next ``flush()`` writes, and where a failed one cuts the
    /// pack back to.
    private var end: off_t = 0
    /// Why this run stopped adding to the pack (`errno` of the write that failed: a full disk, a quota), if it did.
    /// The records before stay whole, and the run goes on without filing more.
    public private(set) var writeFailure: Int32?

    /// Where each key's last record stands: an open-addressed table probed by the key's low word (a fingerprint is
    /// a hash already, so it is not hashed again), with the keys and payloads by ordinal.
    struct Index {
        private var keys: [Fingerprint] = []
        private var payloads: [Range<Int>] = []
        /// Ordinal + 1 of the key at each place; 0 where none is.
        private var table: [Int32]
        var count: Int { keys.count }

        init(capacity: Int) {
            var size = 16
            while size < 2 * capacity { size *= 2 }
            table = Array(repeating: 0, count: size)
            keys.reserveCapacity(capacity)
            payloads.reserveCapacity(capacity)
        }

        /// The place of `key`, or the empty place where it would go.
        @inline(__always) private func place(_ key: Fingerprint) -> Int {
            let mask = table.count - 1
            var i = Int(truncatingIfNeeded: key.low) & mask
            while table[i] != 0, keys[Int(table[i]) - 1] != key { i = (i + 1) & mask }
            return i
        }

        func slot(_ key: Fingerprint) -> Slot? {
            let t = table[place(key)]
            return t == 0 ? nil : Slot(payload: payloads[Int(t) - 1], ordinal: Int(t) - 1)
        }

        /// Files `payload` under `key`: a key filed again keeps its ordinal and takes the later payload.
        mutating func insert(_ key: Fingerprint, _ payload: Range<Int>) {
            let i = place(key)
            if table[i] != 0 {
                payloads[Int(table[i]) - 1] = payload
                return
            }
            keys.append(key)
            payloads.append(payload)
            table[i] = Int32(keys.count)
            if 2 * keys.count > table.count {
                table = Array(repeating: 0, count: 2 * table.count)
                for (o, k) in keys.enumerated() { table[place(k)] = Int32(o + 1) }
            }
        }
    }

    /// Packs up to this size are held in memory whole for a run (see ``release(_:)``).
    static let wholePackBytes = 32 << 20
    private let keepsWhole: Bool

    static let magic: [UInt8] = Array("BRF1".utf8)
    /// ``magic`` as the word a record starts with (in memory order).
    static let magicWord = magic.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    static let headerSize = 32

    /// Where the record under a key stands in the pack as it was at open (the last record under the key), and its
    /// number among the pack's keys. A run looks a key up once and passes its slot around.
    public struct Slot: Sendable, Equatable {
        public let payload: Range<Int>
        let ordinal: Int
    }

    /// The path of the pack for `corpus` under `directory`, made with `lexicon` by this executable.
    public static func path(directory: String, corpus: String, lexicon: Lexicon) -> String {
        var h = Fingerprint.Hasher()
        h.combine(lexicon.fingerprint.description)
        h.combine(FindingsCoding.formatVersion)
        h.combine(Self.executableIdentity())
        h.combine(URL(fileURLWithPath: corpus).standardizedFileURL.resolvingSymlinksInPath().path)
        return CorpusLoader.join(directory, "findings-\(h.finalize()).pack")
    }

    /// Opens (or creates) the pack for `corpus` under `directory`.
    public init(directory: String, corpus: String, lexicon: Lexicon) throws(Error) {
        let path = Self.path(directory: directory, corpus: corpus, lexicon: lexicon)
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Error(path: directory, message: "cannot create the cache folder")
        }
        var fd: Int32 = -1
        for attempt in 0..<3 {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw Error(path: path, message: "cannot open the cache: \(String(cString: strerror(errno)))") }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                throw Error(path: path, message: "another brief run is using the cache")
            }
            // The file locked must still be the one at the path: a run that ended with an empty pack removes it
            // (see deinit), and findings filed into a removed file would be lost.
            if Self.file(fd, isAt: path) { break }
            close(fd)
            fd = -1
            if attempt == 2 { throw Error(path: path, message: "the cache file keeps changing under this run") }
        }
        self.fd = fd
        var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var info = stat()
        // A pack of up to some tens of megabytes is mapped in whole at once (one call, not a page fault per page)
        // and kept; a larger one is read page by page, and let go of as the run goes.
        let known = fstat(fd, &info) == 0
        // (A compaction by another run that renamed a new pack over the path between our open and lock leaves us
        // marking the old file: the new one is marked by the next run.)
        if known { CacheFolder.markUsed(path, modified: Int64(info.st_mtim.tv_sec)) }
        let whole = info.st_size <= Self.wholePackBytes
        if known, info.st_size > 0, let map = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE | (whole ? MAP_POPULATE : 0), fd, 0), map != MAP_FAILED {
            bytes = UnsafeRawBufferPointer(start: map, count: Int(info.st_size))
        }
        // Records run from about 60 bytes (a digest) and 104 (a file's stat record) to several kilobytes (findings).
        // The table is sized for findings and grows (doubling) past that: sized for the smallest records, a pack of
        // findings over 1 GB of articles held a table of 64 MB, zero-filled and so resident, for 430k records.
        var index = Index(capacity: bytes.count / 2048)
        var offset = 0
        // Reading the headers brings the whole pack in page by page: let it go as the scan goes, so that a run
        // holds a slice of a large pack, not all of it.
        var released = 0
        while let (key, payload) = Self.record(in: bytes, at: offset) {
            index.insert(key, payload)
            offset = payload.upperBound
            if !whole, offset - released > Self.wholePackBytes {
                Self.release(bytes, released..<offset)
                released = offset
            }
        }
        if !whole { Self.release(bytes, released..<bytes.count) }
        discardedBytes = bytes.count - offset
        if offset < bytes.count {
            // Pages past the new end are never touched again.
            _ = ftruncate(fd, off_t(offset))
            bytes = UnsafeRawBufferPointer(rebasing: bytes[..<offset])
        }
        end = lseek(fd, 0, SEEK_END)
        mappedLength = Int(info.st_size)
        keepsWhole = whole
        contents = bytes
        self.index = index
        used = Array(repeating: false, count: index.count)
    }

    deinit {
        flush()
        // A pack that holds nothing (the corpus folder was mistyped, or had no article) is not left for the trim to
        // find a month later; it is removed while this run still holds its lock.
        if end == 0 {
            // Only the file this run holds: another run may have put a new pack at the path since.
            if Self.file(fd, isAt: path) { unlink(path) }
        }
        if let base = contents.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }
        close(fd)
    }

    /// Whether the file open as `fd` is the one at `path` now (the same device and inode), not one another run
    /// removed or renamed a new pack over.
    private static func file(_ fd: Int32, isAt path: String) -> Bool {
        var held = stat()
        var named = stat()
        return fstat(fd, &held) == 0 && stat(path, &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    /// The record at `offset`, if a whole and intact one stands there.
    static func record(in bytes: UnsafeRawBufferPointer, at offset: Int) -> (Fingerprint, Range<Int>)? {
        guard offset + headerSize <= bytes.count, bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) == magicWord else { return nil }
        let length = Int(FindingsCoding.fixed(bytes, at: offset + 4, width: 4))
        let key = Fingerprint(high: FindingsCoding.fixed(bytes, at: offset + 8), low: FindingsCoding.fixed(bytes, at: offset + 16))
        let payload = offset + headerSize..<offset + headerSize + length
        guard payload.upperBound <= bytes.count else { return nil }
        return (key, payload)
    }

    /// Where the record under `key` stands, if the pack has one. Safe to call from several threads at once, as are
    /// ``lookup(_:)``, ``digest(_:)`` and ``contentKey(_:_:)``: they read only the pack as it was at open and its
    /// index, which nothing changes. The methods that note and write what a run did (``store(_:encoded:)``,
    /// `record`, ``markUsed(_:)``, ``release(_:)``, ``flush()``) are called by one thread at a time, and may run
    /// alongside them (``release(_:)`` drops pages of the mapping, which a reader then reads again from the file).
    public func slot(_ key: Fingerprint) -> Slot? { index.slot(key) }

    /// The payload of a record, if its checksum holds.
    private func payload(_ slot: Slot) -> UnsafeRawBufferPointer? {
        let payload = UnsafeRawBufferPointer(rebasing: contents[slot.payload])
        let checksum = FindingsCoding.fixed(contents, at: slot.payload.lowerBound - Self.headerSize + 24)
        return Fingerprint(payload).low == checksum ? payload : nil
    }

    /// The cached analysis in the record at `slot`, if it is intact.
    public func lookup(_ slot: Slot) -> ArticleAnalysis? {
        payload(slot).flatMap(FindingsCoding.decode)
    }

    /// The digest of the analysis in the record at `slot`, read and checked without the findings.
    public func digest(_ slot: Slot) -> ArticleDigest? {
        FindingsCoding.digest(UnsafeRawBufferPointer(rebasing: contents[slot.payload]))
    }

    /// The file facts that say a file is unchanged: if all are the same, so are its bytes.
    static func facts(_ info: FileStat) -> [UInt64] {
        (0..<factCount).map { fact($0, of: info) }
    }

    /// How many file facts there are, and the `k`th of them (in the order of ``facts(_:)``).
    static let factCount = 7
    @inline(__always) static func fact(_ k: Int, of info: FileStat) -> UInt64 {
        switch k {
        case 0: UInt64(bitPattern: info.size)
        case 1: UInt64(bitPattern: info.modifiedSeconds)
        case 2: UInt64(bitPattern: Int64(info.modifiedNanoseconds))
        case 3: UInt64(bitPattern: info.changedSeconds)
        case 4: UInt64(bitPattern: Int64(info.changedNanoseconds))
        case 5: info.inode
        default: info.device
        }
    }

    /// The content key in the record of a file's `stat` at `slot` (filed under the file's path key), if its `stat`
    /// is what it was then.
    func contentKey(_ slot: Slot, _ info: FileStat) -> Fingerprint? {
        guard let p = payload(slot), p.count == 9 * 8 else { return nil }
        func word(_ k: Int) -> UInt64 { FindingsCoding.fixed(p, at: 8 * k) }
        for k in 0..<Self.factCount where word(k) != Self.fact(k, of: info) { return nil }
        return Fingerprint(high: word(7), low: word(8))
    }

    /// Records that the file filed under `pathKey`, with this `stat`, has the content key `key`.
    func record(pathKey: Fingerprint, _ info: FileStat, key: Fingerprint) {
        var payload = FindingsCoding.Writer()
        for v in Self.facts(info) + [key.high, key.low] { payload.fixed(v) }
        append(pathKey, payload.bytes)
    }

    /// Lets go of the pages of the records at `slots` (read once, not needed again): a run over a large pack then
    /// holds a few megabytes of it in memory, not all of it (a pack of up to ``wholePackBytes`` is held whole).
    /// Pages around them go too and are read again if needed.
    public func release(_ slots: [Slot]) {
        guard !keepsWhole else { return }
        for slot in slots {
            let record = slot.payload.lowerBound - Self.headerSize..<slot.payload.upperBound
            unreleased = unreleased.map { min($0.lowerBound, record.lowerBound)..<max($0.upperBound, record.upperBound) } ?? record
        }
        // One madvise per few megabytes read, not per batch.
        if let range = unreleased, range.count >= 4 << 20 {
            Self.release(contents, range)
            unreleased = nil
        }
    }

    /// Drops the mapped pages that hold `range` of `bytes` (and the pages' other bytes): they are read again from
    /// the file if touched again.
    static func release(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + range.lowerBound) & ~(page - 1)
        let end = (Int(bitPattern: base) + range.upperBound + page - 1) & ~(page - 1)
        madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
    }

    /// Notes that a run used the record at `slot` (for ``compact()``).
    public func markUsed(_ slot: Slot) {
        guard !used[slot.ordinal] else { return }
        used[slot.ordinal] = true
        usedBytes += Self.headerSize + slot.payload.count
    }

    /// Files findings, encoded by ``FindingsCoding`` (on a worker's thread), under `key`; written at the next
    /// ``flush()``.
    func store(_ key: Fingerprint, encoded: [UInt8]) {
        append(key, encoded)
    }

    /// Adds a record to those the next ``flush()`` writes.
    private func append(_ key: Fingerprint, _ payload: [UInt8]) {
        var header = FindingsCoding.Writer(bytes: Self.magic)
        header.fixed(UInt64(payload.count), width: 4)
        header.fixed(key.high)
        header.fixed(key.low)
        header.fixed(Fingerprint(payload).low)
        pending += header.bytes
        pending += payload
    }

    /// Appends the stored records to the pack.
    public func flush() {
        guard !pending.isEmpty, writeFailure == nil else {
            pending = []
            return
        }
        errno = 0
        let whole = pending.withUnsafeBytes { writeFully(fd, $0, at: Int(end)) }
        if whole {
            end += off_t(pending.count)
        } else {
            // A record written in part would be cut off by the next run as torn, with a warning that blames a
            // crash: cut it off now, and file nothing more this run.
            writeFailure = errno == 0 ? ENOSPC : errno
            _ = ftruncate(fd, end)
        }
        pending = []
    }

    /// Rewrites the pack with only the records this run used (and those it added), when the records it used are
    /// less than half of the pack as it was at open.
    public func compact() {
        flush()
        let staleBytes = contents.count - usedBytes
        guard staleBytes > 0, staleBytes * 2 > contents.count else { return }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return }
        // Records appended by this run follow `contents`; keep them as they are.
        var fresh = [UInt8](repeating: 0, count: max(0, Int(info.st_size) - contents.count))
        let n = fresh.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(contents.count)) }
        guard n == fresh.count else { return }
        var out: [UInt8] = []
        var offset = 0
        while let (key, payload) = Self.record(in: contents, at: offset) {
            if let slot = index.slot(key), slot.payload == payload, used[slot.ordinal] { out.append(contentsOf: contents[offset..<payload.upperBound]) }
            offset = payload.upperBound
        }
        out += fresh
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out)) else { return }
        // The lock is on the old file: the new one takes its place whole, and a run that opened the old
        // one keeps reading a complete pack.
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Size and modification time of the running executable, so that a rebuilt brief does not read the findings
    /// of its predecessor.
    static func executableIdentity() -> String {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec)-\(info.st_mtim.tv_nsec)"
    }

    /// The default cache folder: `$BRIEF_CACHE`, else `$XDG_CACHE_HOME/brief` (an absolute path, as the XDG
    /// specification asks), else `~/.cache/brief`, the home folder being `$HOME` or, when that is unset or empty, the
    /// user's entry in the password database; nil with no home at all (runs then go without the cache). Never a
    /// shared folder such as `/tmp`: another user could put a memo there that this user's reports would be taken from.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["BRIEF_CACHE"], !dir.isEmpty { return dir }
        if let dir = environment["XDG_CACHE_HOME"], dir.hasPrefix("/") { return CorpusLoader.join(dir, "brief") }
        if let home = environment["HOME"], !home.isEmpty { return CorpusLoader.join(home, ".cache/brief") }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir, dir.pointee != 0 {
            return CorpusLoader.join(String(cString: dir), ".cache/brief")
        }
        return nil
    }
}
