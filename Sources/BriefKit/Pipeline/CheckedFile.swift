import Foundation

/// A small cache file: a header (four bytes of magic, four zero bytes, the fingerprint of what the payload is for,
/// the payload's length and its fingerprint), then the payload. Written to a temporary file and renamed; read only
/// whole, of the magic asked for, and with its checksum right.
enum CheckedFile {
    static let headerSize = 48

    /// What a file holds: the key it was made for, its payload, and the `stat` of the file read.
    struct Contents: Sendable {
        var key: Fingerprint
        var payload: StoredBytes
        var file: FileStat
    }

    /// The file at `path`, if it is one of `magic` (made for `key`, when given), whole and unchanged.
    ///
    /// The file is mapped into memory, not read into it: its pages are the page cache's, brought in by one call, where
    /// a read into new memory faults in each page of it first (a weekly brief's memo of a large corpus is megabytes,
    /// read on every run). Cache files are only ever replaced by a rename, never written in place, so the pages mapped
    /// stay those of the file read, whatever another run does meanwhile.
    static func read(_ path: String, magic: String, for key: Fingerprint? = nil) -> Contents? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) >= headerSize, let whole = ByteStore(mapping: fd, length: Int(info.st_size)) else { return nil }
        var r = ByteReader(StoredBytes(whole))
        guard r.bytes(4).map(Array.init) == Array(magic.utf8), r.word32() == 0, let keyHigh = r.word64(), let keyLow = r.word64(),
            key.map({ $0 == Fingerprint(high: keyHigh, low: keyLow) }) ?? true,
            let length = r.word64().flatMap({ Int(exactly: $0) }), let high = r.word64(), let low = r.word64(),
            r.rest.count == length
        else { return nil }
        guard r.rest.withUnsafeBytes({ Fingerprint($0) }) == Fingerprint(high: high, low: low) else { return nil }
        return Contents(key: Fingerprint(high: keyHigh, low: keyLow), payload: r.rest, file: FileStat(info))
    }

    /// Writes a file of `magic` for `key` whose payload `payload` hands to the sink piece by piece: it is written
    /// as it comes (a dossier's kept reports are never copied whole), to a temporary file renamed over `path` once
    /// its header is written. Creates the folder if needed; returns whether the file was written.
    static func write(magic: String, key: Fingerprint, to path: String, payload: (inout Sink) -> Void) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return false }
        let temporary = ReportWriter.temporaryPath(beside: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var sink = Sink(fd: fd, at: headerSize)
        payload(&sink)
        sink.flush()
        let sum = sink.stream.finalize()
        var header = Array(magic.utf8) + [0, 0, 0, 0]
        for word in [key.high, key.low, UInt64(sink.stream.count), sum.high, sum.low] {
            withUnsafeBytes(of: word.littleEndian) { header.append(contentsOf: $0) }
        }
        let written = sink.failed ? false : header.withUnsafeBytes { writeFully(fd, $0, at: 0) }
        guard close(fd) == 0, written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Where a payload goes: written in blocks, and fingerprinted as it goes.
    struct Sink {
        let fd: Int32
        private var offset: Int
        private var buffer: [UInt8] = []
        fileprivate(set) var stream = Fingerprint.Stream()
        fileprivate(set) var failed = false
        static let blockSize = 1 << 16

        init(fd: Int32, at offset: Int) {
            self.fd = fd
            self.offset = offset
            buffer.reserveCapacity(Self.blockSize)
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer) {
            stream.update(bytes)
            if buffer.count + bytes.count > Self.blockSize { flush() }
            if bytes.count >= Self.blockSize {
                failed = failed || !writeFully(fd, bytes, at: offset)
                offset += bytes.count
            } else {
                buffer.append(contentsOf: bytes)
            }
        }

        mutating func write(_ word: UInt64) {
            withUnsafeBytes(of: word.littleEndian) { write($0) }
        }

        /// `text`'s length, then its UTF-8 bytes (as ``ByteReader/text()`` reads them).
        mutating func write(_ text: String) {
            var text = text
            write(UInt64(text.utf8.count))
            text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }

        mutating func flush() {
            guard !buffer.isEmpty else { return }
            failed = failed || !buffer.withUnsafeBytes { writeFully(fd, $0, at: offset) }
            offset += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

/// Writes all of `bytes` to `fd` at `offset`, or fails.
func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
    var done = 0
    while done < bytes.count {
        let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
    }
    return true
}

/// Little-endian words and length-prefixed UTF-8 texts, read with bounds checked: nil past the end.
///
/// Read straight from the stored bytes, which the reader holds once: a kept listing is a word and a name for each
/// file of a corpus, and a slice made for each name would hold the store too (a count changed twice a name).
struct ByteReader {
    private let bytes: StoredBytes
    /// Where the next read starts: an index of the bytes read.
    private(set) var position: Int

    init(_ bytes: StoredBytes) { (self.bytes, position) = (bytes, bytes.startIndex) }

    /// The bytes not read yet.
    var rest: StoredBytes { bytes[position..<bytes.endIndex] }

    var atEnd: Bool { position == bytes.endIndex }

    private var remaining: Int { bytes.endIndex - position }

    mutating func bytes(_ n: Int) -> StoredBytes? {
        guard n >= 0, remaining >= n else { return nil }
        defer { position += n }
        return bytes[position..<position + n]
    }

    mutating func word32() -> UInt32? {
        word(as: UInt32.self)
    }

    mutating func word64() -> UInt64? {
        word(as: UInt64.self)
    }

    /// A little-endian word, loaded in one step.
    private mutating func word<W: FixedWidthInteger>(as: W.Type) -> W? {
        let size = MemoryLayout<W>.size
        guard remaining >= size else { return nil }
        defer { position += size }
        return W(littleEndian: bytes.store.all.loadUnaligned(fromByteOffset: position, as: W.self))
    }

    /// A word that counts items that follow, each of eight bytes at least.
    mutating func count() -> Int? {
        word64().flatMap { Int(exactly: $0) }.flatMap { $0 <= remaining / 8 ? $0 : nil }
    }

    mutating func text() -> String? {
        guard let n = word64().flatMap({ Int(exactly: $0) }), n <= remaining else { return nil }
        defer { position += n }
        // Not through `String(validating:)`, whose entry point is not specialized: for a kept listing's short names
        // it cost more than the names.
        return String(checkingUTF8: UnsafeBufferPointer(rebasing: bytes.store.all.assumingMemoryBound(to: UInt8.self)[position..<position + n]))
    }
}

/// Bytes that stay where they are while anything holds them: a cache file mapped into memory read-only (unmapped when
/// the last run of its bytes is let go of), or a copy made in memory.
final class ByteStore: @unchecked Sendable {
    /// Every byte; never written.
    let all: UnsafeRawBufferPointer
    /// Whether the bytes are a file's, mapped (else a copy in memory).
    let mapped: Bool

    /// The first `length` bytes of the file open as `fd` (which may be closed after), every page brought in at once.
    init?(mapping fd: Int32, length: Int) {
        guard length > 0, let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED else { return nil }
        all = UnsafeRawBufferPointer(start: base, count: length)
        mapped = true
    }

    init(copying bytes: some Collection<UInt8>) {
        let room = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: 16)
        room.copyBytes(from: bytes)
        all = UnsafeRawBufferPointer(rebasing: room[0..<bytes.count])
        mapped = false
    }

    deinit {
        let base = UnsafeMutableRawPointer(mutating: all.baseAddress!)
        if mapped { munmap(base, all.count) } else { base.deallocate() }
    }
}

/// A run of the bytes of a ``ByteStore``, which it keeps alive: what a cache file's reader hands out (a kept report,
/// a kept folder listing) without copying it.
struct StoredBytes: RandomAccessCollection, Sendable, Equatable {
    let store: ByteStore
    let startIndex: Int
    let endIndex: Int

    init(_ store: ByteStore) { (self.store, startIndex, endIndex) = (store, 0, store.all.count) }

    init(copying bytes: some Collection<UInt8>) { self.init(ByteStore(copying: bytes)) }

    private init(_ store: ByteStore, _ range: Range<Int>) { (self.store, startIndex, endIndex) = (store, range.lowerBound, range.upperBound) }

    subscript(position: Int) -> UInt8 {
        precondition(position >= startIndex && position < endIndex, "index out of range")
        return store.all[position]
    }

    subscript(bounds: Range<Int>) -> StoredBytes {
        precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "range out of range")
        return StoredBytes(store, bounds)
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(store) { try body(UnsafeRawBufferPointer(rebasing: store.all[startIndex..<endIndex])) }
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeBytes { try body($0.assumingMemoryBound(to: UInt8.self)) }
    }

    static func == (a: StoredBytes, b: StoredBytes) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }
}
