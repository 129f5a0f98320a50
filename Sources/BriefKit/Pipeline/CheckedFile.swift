import Foundation

/// A small cache file: a header (four bytes of magic, four zero bytes, the fingerprint of what the payload is for,
/// the payload's length and its fingerprint), then the payload. Written to a temporary file and renamed; read only
/// whole, of the magic asked for, and with its checksum right.
enum CheckedFile {
    static let headerSize = 48

    /// What a file holds: the key it was made for, its payload, and the `stat` of the file read.
    struct Contents: Sendable {
        var key: Fingerprint
        var payload: [UInt8]
        var file: FileStat
    }

    /// The file at `path`, if it is one of `magic` (made for `key`, when given: else the payload of a file made for
    /// another key is not read), whole and unchanged.
    static func read(_ path: String, magic: String, for key: Fingerprint? = nil) -> Contents? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: headerSize)
        guard readFully(fd, &header, at: 0) else { return nil }
        var r = ByteReader(header[...])
        guard r.bytes(4).map(Array.init) == Array(magic.utf8), r.word32() == 0, let keyHigh = r.word64(), let keyLow = r.word64(),
            key.map({ $0 == Fingerprint(high: keyHigh, low: keyLow) }) ?? true,
            let length = r.word64().flatMap({ Int(exactly: $0) }), let high = r.word64(), let low = r.word64()
        else { return nil }
        var info = stat()
        // (A length near Int.max must not overflow the sum: the size is checked by difference.)
        guard fstat(fd, &info) == 0, Int(info.st_size) - headerSize == length else { return nil }
        // Read into room left uninitialized: the file's size was checked, and a short read fails.
        var whole = true
        let payload = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            whole = readFully(fd, UnsafeMutableRawBufferPointer(buffer), at: headerSize)
            initialized = whole ? length : 0
        }
        guard whole, Fingerprint(payload) == Fingerprint(high: high, low: low) else { return nil }
        return Contents(key: Fingerprint(high: keyHigh, low: keyLow), payload: payload, file: FileStat(info))
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

/// Reads `bytes.count` bytes of `fd` from `offset`, or fails.
func readFully(_ fd: Int32, _ bytes: inout [UInt8], at offset: Int) -> Bool {
    bytes.withUnsafeMutableBytes { readFully(fd, $0, at: offset) }
}

/// Fills `bytes` from `fd` at `offset`, or fails.
func readFully(_ fd: Int32, _ bytes: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
    var done = 0
    while done < bytes.count {
        let n = pread(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
    }
    return true
}

/// Little-endian words and length-prefixed UTF-8 texts, read with bounds checked: nil past the end.
struct ByteReader {
    var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

    var atEnd: Bool { rest.isEmpty }

    mutating func bytes(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, rest.count >= n else { return nil }
        defer { rest = rest.dropFirst(n) }
        return rest.prefix(n)
    }

    mutating func word32() -> UInt32? {
        word(as: UInt32.self)
    }

    mutating func word64() -> UInt64? {
        word(as: UInt64.self)
    }

    /// A little-endian word, loaded in one step: a kept listing is a word and a name for each file of a corpus.
    private mutating func word<W: FixedWidthInteger>(as: W.Type) -> W? {
        let size = MemoryLayout<W>.size
        guard rest.count >= size else { return nil }
        let w = rest.withUnsafeBytes { W(littleEndian: $0.loadUnaligned(as: W.self)) }
        rest = rest.dropFirst(size)
        return w
    }

    /// A word that counts items that follow, each of eight bytes at least.
    mutating func count() -> Int? {
        word64().flatMap { Int(exactly: $0) }.flatMap { $0 <= rest.count / 8 ? $0 : nil }
    }

    mutating func text() -> String? {
        guard let n = word64().flatMap({ Int(exactly: $0) }), let b = bytes(n) else { return nil }
        // Not through `String(validating:)`, whose entry point is not specialized: for a kept listing's short names
        // it cost more than the names.
        return b.withUnsafeBufferPointer { String(checkingUTF8: $0) }
    }
}
